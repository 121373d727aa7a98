"""The wheel carries the code and every data file; the command works outside the checkout."""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import REPO, run_cli

import kg
from kg.resources import data_path, data_root


@pytest.mark.skipif(not os.environ.get("KG_EXPECT_WHEEL"), reason="only when testing the wheel")
def test_tests_run_against_the_installed_wheel():
    package = Path(kg.__file__).resolve().parent
    assert "site-packages" in package.parts
    assert Path(str(data_root())).resolve() == package / "_data"


@pytest.mark.parametrize("folder", ["ontology", "queries"])
def test_packaged_data_matches_checkout(folder):
    """Every data file of the checkout is in the wheel (dist/*.whl, as setup.sh builds it),
    byte for byte, under kg/_data/; and the installed package reads the same bytes."""
    import zipfile

    wheels = sorted((REPO / "dist").glob("b12ms_kg-*.whl"))
    if not wheels:
        pytest.skip("no wheel in dist/ (scripts/setup.sh builds one)")
    source = sorted(p.relative_to(REPO / folder) for p in (REPO / folder).rglob("*") if p.is_file())
    assert source, f"nothing in {folder}/"
    with zipfile.ZipFile(wheels[-1]) as wheel:
        shipped = {name for name in wheel.namelist() if name.startswith(f"kg/_data/{folder}/")}
        assert shipped == {f"kg/_data/{folder}/{r.as_posix()}" for r in source}
        for relative in source:
            data = wheel.read(f"kg/_data/{folder}/{relative.as_posix()}")
            assert data == (REPO / folder / relative).read_bytes(), relative
            assert data_path(folder, *relative.parts).read_bytes() == data, relative


@pytest.mark.skipif(not os.environ.get("KG_EXPECT_WHEEL"), reason="only when testing the wheel")
def test_console_script_runs_outside_checkout(tmp_path):
    script = Path(sys.executable).parent / "b12ms-kg"
    assert script.is_file(), "the wheel did not install the b12ms-kg console script"
    result = subprocess.run([str(script), "--version"], capture_output=True, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"b12ms-kg, version {kg.__version__}"
    assert run_cli("queries", cwd=tmp_path).returncode == 0


def _modules():
    return sorted(m.name for m in pkgutil.walk_packages(kg.__path__, "kg.")
                  if m.name not in {"kg.__main__"})


@pytest.mark.parametrize("module", _modules())
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.skipif(not os.environ.get("KG_EXPECT_WHEEL"), reason="only when testing the wheel")
def test_wheel_installs_into_a_fresh_venv_outside_the_checkout(tmp_path):
    wheels = sorted((REPO / "dist").glob("b12ms_kg-*.whl"))
    assert len(wheels) == 1, wheels
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheels[0])],
                             capture_output=True, cwd=tmp_path, timeout=600)
    assert install.returncode == 0, install.stderr.decode()[-2000:]
    result = subprocess.run([str(tmp_path / "venv" / "bin" / "b12ms-kg"), "query",
                             "list_symptoms", "--format", "csv"],
                            capture_output=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().split("\r\n")
    assert [line.split(",")[1] for line in lines[1:5]] == [
        "cognitive impairment", "coordination problems", "fatigue", "muscle weakness"]
