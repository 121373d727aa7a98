"""The code passes ruff's checks (pyproject.toml's [tool.ruff.lint]: unused or undefined
names, import order), so that what CI runs keeps main clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is a test dependency (pip install 'b12ms-kg[test]')"
    result = subprocess.run([ruff, "check", "--no-cache", "kg", "tests", "benchmarks"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
