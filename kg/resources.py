"""Read the data files (ontology/, queries/) that ship inside the package.

In an installed wheel they live in ``kg/_data/``; in a source checkout they are
the top-level ``ontology/`` and ``queries/`` folders.

    >>> data_path("ontology", "claims.yaml").name
    'claims.yaml'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable


def data_root() -> Traversable:
    """Return the folder that holds ``ontology/`` and ``queries/``: the package's own
    folder on disk when it has one (importing importlib.resources costs a query's
    start-up 5 ms), else what importlib.resources finds (a zipped package)."""
    here = Path(__file__).resolve().parent
    if (here / "_data").is_dir():
        return here / "_data"
    if here.is_dir():  # a source checkout
        return here.parent
    from importlib import resources

    return resources.files("kg") / "_data"


def data_path(*parts: str) -> Traversable:
    """Return a data file or folder, e.g. ``data_path("queries", "x.rq")``."""
    node = data_root()
    for part in parts:
        node = node / part
    return node


def read_text(*parts: str) -> str:
    """Return a data file's text, decoded as UTF-8."""
    return data_path(*parts).read_text(encoding="utf-8")
