"""rdflib's in-memory Dataset as a store (the article graph, tests, small files).

    >>> from kg.build import build_dataset
    >>> store = RdflibStore(build_dataset())
    >>> int(store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }", {}).rows[0][0]) > 100
    True
    >>> [str(g).rsplit("/", 1)[-1] for g in store.named_graphs()]
    ['article', 'background', 'ontology']
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.stores.base import (
    DATASET_FORMATS,
    AskMixin,
    Result,
    bind_values,
    guess_format,
    new_dataset,
)


class RdflibStore(AskMixin):
    """rdflib's in-memory Dataset."""

    name = "rdflib"

    def __init__(self, ds: Dataset | None = None):
        self.ds = ds if ds is not None else new_dataset()
        self._views: dict[tuple, Dataset] = {}

    def _view(self, graphs: Iterable[URIRef] | None) -> Dataset:
        """The dataset of ``graphs`` only (cached until the store changes)."""
        if graphs is None:
            return self.ds
        key = tuple(sorted({URIRef(g) for g in graphs}))  # (IRIs as text, or rdflib's)
        if key not in self._views:
            self._views[key] = self.dataset(key)
        return self._views[key]

    def select(self, text: str, bindings: dict[str, Node], prefixes: dict | None = None, *,
               stream: bool = False, graphs: Iterable[URIRef] | None = None) -> Result:
        from rdflib.plugins.sparql import prepareQuery

        # BIND, as in the other back ends: rdflib's initBindings would also bind a
        # subquery's own variable of the same name, which SPARQL scoping does not
        try:
            prepared = prepareQuery(bind_values(text, bindings), initNs=prefixes or {})
        except Exception as exc:  # pyparsing and rdflib raise plain exceptions
            raise InputError(None, f"SPARQL syntax error: {str(exc).splitlines()[0]}") \
                from None
        result = self._view(graphs).query(prepared)
        if result.type == "ASK":
            return Result([], boolean=bool(result.askAnswer))
        if result.type != "SELECT":
            raise InputError(None, f"{result.type} queries are not supported here")
        rows = (tuple(row) for row in result)
        return Result([str(v) for v in result.vars], rows if stream else list(rows))

    def write_select(self, text: str, bindings: dict[str, Node], prefixes: dict | None,
                     fmt: str, output: BinaryIO, *,
                     graphs: Iterable[URIRef] | None = None) -> bool:
        """rdflib has no results writer of its own that streams: False, the caller renders
        :meth:`select`'s rows."""
        return False

    def construct(self, text: str, *, graphs: Iterable[URIRef] | None = None) -> Graph:
        result = self._view(graphs).query(text)
        if result.type != "CONSTRUCT":
            raise InputError(None, "not a CONSTRUCT query")
        out = Graph()
        for triple in result:
            out.add(triple)
        return out

    def load(self, path: Path, graph: str | None = None, *, bulk: bool = False,
             lenient: bool = False, append: bool = False) -> int:
        """Parse a file into the dataset; unless ``append``, the graphs the file fills are
        emptied first (a parse error changes nothing). ``bulk`` and ``lenient`` change
        nothing here."""
        fmt = guess_format(path)
        parsed = new_dataset()
        target = URIRef(graph) if graph else self.ds.default_graph.identifier
        try:
            if fmt in DATASET_FORMATS:
                parsed.parse(path, format=fmt)
            else:
                parsed.graph(target).parse(path, format=fmt)
        except Exception as exc:  # rdflib's parsers raise many kinds
            raise InputError(str(path), f"cannot parse: {str(exc).splitlines()[0]}") from None
        filled = [part for part in parsed.graphs() if len(part)]
        if not append:
            for part in filled:
                self.ds.graph(part.identifier).remove((None, None, None))
        before = len(self.ds)
        for part in filled:
            into = self.ds.graph(part.identifier)
            for triple in part:
                into.add(triple)
        self._views.clear()
        return len(self.ds) - before

    def update(self, text: str) -> None:
        self.ds.update(text)
        self._views.clear()

    def named_graphs(self) -> list[URIRef]:
        return sorted(g.identifier for g in self.ds.graphs()
                      if len(g) and isinstance(g.identifier, URIRef)
                      and g.identifier != self.ds.default_graph.identifier)

    def dataset(self, graphs: Iterable[URIRef] | None = None) -> Dataset:
        if graphs is not None:
            graphs = sorted({URIRef(g) for g in graphs})
        if graphs is None or graphs == self.named_graphs():
            return self.ds
        ds = new_dataset()
        for name in graphs:
            into = ds.graph(name)
            for triple in self.ds.graph(name):
                into.add(triple)
        return ds

    def queryable(self):  # noqa: ANN201
        """rdflib's SPARQL engine is slow: an in-memory Oxigraph copy answers instead."""
        from kg.stores.oxigraph import OxigraphStore

        copy = OxigraphStore()
        copy.load_dataset(self.ds)
        return copy

    def load_dataset(self, ds: Dataset) -> int:
        count = 0
        for graph in ds.graphs():
            into = self.ds.graph(graph.identifier)
            for triple in graph:
                into.add(triple)
                count += 1
        self._views.clear()
        return count


__all__ = ["RdflibStore"]
