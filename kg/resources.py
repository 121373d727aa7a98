"""Read the data files (ontology/, queries/) that ship inside the package.

In an installed wheel they live in ``kg/_data/``; in a source checkout they are
the top-level ``ontology/`` and ``queries/`` folders.

    >>> data_path("ontology", "claims.yaml").name
    'claims.yaml'
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def data_root() -> Traversable:
    """Return the folder that holds ``ontology/`` and ``queries/``."""
    packaged = resources.files("kg") / "_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


def data_path(*parts: str) -> Traversable:
    """Return a data file or folder, e.g. ``data_path("queries", "x.rq")``."""
    node = data_root()
    for part in parts:
        node = node / part
    return node


def read_text(*parts: str) -> str:
    """Return a data file's text, decoded as UTF-8."""
    return data_path(*parts).read_text(encoding="utf-8")
