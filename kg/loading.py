"""Loading RDF files into a store, file by file, with what each load took.

A file's named graphs (or, for a triple format, the graph named with ``graph`` or the
default graph) replace those in the store unless ``append``: loading a file twice gives
what loading it once gives.

    >>> import tempfile, pathlib
    >>> from kg.stores import OxigraphStore
    >>> store = OxigraphStore()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "x.nq")
    ...     _ = path.write_text('<http://e/s> <http://e/p> "o" <http://e/g> .\\n')
    ...     first = load_files(store, [path])
    ...     again = load_files(store, [path])
    >>> [r.triples for r in first + again], len(store.store)
    ([1, 1], 1)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.identifiers import is_valid_iri
from kg.stores import Store, guess_format


@dataclass(frozen=True)
class Loaded:
    """One file's load: how many statements it put into the store, in how many seconds."""

    path: Path
    triples: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.triples / max(self.seconds, 1e-9)


def check_files(paths: Iterable[Path], graph: str | None = None) -> list[Path]:
    """Refuse (before anything is loaded) a missing file, an unknown file type or a bad
    ``graph`` IRI."""
    if graph is not None and not is_valid_iri(graph):
        raise InputError(None, f"--graph '{graph}' is not a valid IRI")
    paths = list(paths)
    for path in paths:
        if not Path(path).is_file():
            raise InputError(str(path), "no such file")
        guess_format(Path(path))
    return paths


def load_files(store: Store, paths: Iterable[Path], graph: str | None = None, *,
               bulk: bool = False, lenient: bool = False, append: bool = False,
               on_file: Callable[[Loaded], None] | None = None) -> list[Loaded]:
    """Load each file into ``store`` (each in one transaction unless ``bulk``)."""
    done = []
    for path in check_files(paths, graph):
        begin = time.perf_counter()
        count = store.load(Path(path), graph, bulk=bulk, lenient=lenient, append=append)
        done.append(Loaded(Path(path), count, time.perf_counter() - begin))
        if on_file is not None:
            on_file(done[-1])
    return done


__all__ = ["Loaded", "check_files", "load_files"]
