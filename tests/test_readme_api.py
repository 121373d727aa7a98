"""The README's Python API example runs as written, against the installed package."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO


def _api_example() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_python_example_runs(tmp_path):
    code = _api_example()
    assert code.count("kg.draw(") >= 2  # a second call once failed: kg.draw became the module
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "mechanism.svg").read_bytes().startswith(b"<?xml")
    assert b"vitamin B12 deficiency" in (tmp_path / "b12.html").read_bytes()


def test_kg_draw_is_callable_whatever_was_imported_first():
    code = ("import kg\nfrom kg.draw import make_drawing\nimport kg.draw\n"
            "g = kg.to_networkx(kg.build_dataset())\n"
            "assert kg.draw(g, 'a.svg') == kg.draw(g, 'a.svg')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
