"""A graph source: a store and the layers chosen from it. Every command reads one.

Layers are named graphs (``https://w3id.org/b12ms-kg/graph/<name>``) by any name: the
core ``article``, ``background`` and ``inferred`` and one per added claims file. The
``ontology`` graph (TBox and mappings) is always read. A source reads only the graphs of
its layers, on every back end (rdflib, embedded Oxigraph, an endpoint), so a query, a
path search, an export or a validation sees the same graph wherever it lives. A store
without named graphs (a flat file loaded as it is) is read whole; its layers are the
ones its claims record (``b12ms:layer`` on each claim's axiom).

    >>> from kg.build import build_dataset
    >>> from kg.stores import RdflibStore
    >>> source = GraphSource(RdflibStore(build_dataset()), ["article"])
    >>> source.layers, source.available
    (['article'], ['article', 'background'])
    >>> int(source.select("SELECT (COUNT(*) AS ?n) WHERE { ?a <https://w3id.org/b12ms-kg/supportingText> ?t }", {}).rows[0][0])
    56
    >>> GraphSource(RdflibStore(build_dataset()), ["nope"])
    Traceback (most recent call last):
    kg.errors.InputError: unknown layer 'nope' (this graph holds: article, background)
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kg.errors import InputError
from kg.namespaces import GRAPH_BASE, layer_iri_text, layer_name
from kg.stores.base import Result, named_graph_iris

if TYPE_CHECKING:
    from rdflib import Dataset, Graph, URIRef
    from rdflib.term import Node

#: layers a store's default leaves out: reasoner output is asked for by name
NOT_DEFAULT = frozenset({"inferred"})
#: the named graphs of our layers; a store's other graphs are read only when named
OURS = GRAPH_BASE
_RECORDED = """SELECT DISTINCT ?layer WHERE {
  ?axiom <https://w3id.org/b12ms-kg/layer> ?layer }"""


class GraphSource:
    """A store with the layers to read from it (``layers=None``: ``default``, or else every
    layer of ours the store holds except ``inferred``; a store with no layers of ours:
    all its named graphs)."""

    name = "source"

    def __init__(self, store, layers: Iterable[str] | None = None, *,  # noqa: ANN001
                 default: Iterable[str] | None = None, every_layer: bool = False):
        self.store = store
        self._named = named_graph_iris(store)  # IRIs as text: no rdflib on a query's path
        self.flat = not self._named
        if self.flat:
            from rdflib import URIRef

            recorded = store.select(_RECORDED, {}).rows
            names = {layer_name(g) for (g,) in recorded if isinstance(g, URIRef)}
        else:
            names = {layer_name(g) for g in self._named}
        self.available = sorted(names - {"ontology"})
        if layers is None:
            if every_layer:
                default = self.available
            elif default is None:  # our layers (a shared server has graphs of its own)
                ours = [n for n in self.available if layer_iri_text(n).startswith(OURS)]
                default = [n for n in (ours or self.available) if n not in NOT_DEFAULT]
            chosen = [name for name in default if name in self.available]
        else:
            chosen = list(dict.fromkeys(layers))
            unknown = [name for name in chosen if name not in self.available]
            if unknown:
                from kg.suggest import unknown_layer

                raise InputError(None, unknown_layer(unknown[0], self.available))
        self.layers = chosen

    def graphs(self) -> list[URIRef] | None:
        """The named graphs read: the ontology and the chosen layers (None: the whole
        store, for a flat one, or when every named graph is chosen, so that a store does
        not build a dataset for each query)."""
        return _urirefs(self.graph_iris())

    def graph_iris(self) -> list[str] | None:
        """:meth:`graphs` as text (what this source passes to its store)."""
        if self.flat:
            return None
        wanted = {layer_iri_text("ontology"), *(layer_iri_text(name) for name in self.layers)}
        chosen = [g for g in self._named if g in wanted]
        return None if len(chosen) == len(self._named) else chosen

    def left_out(self) -> str | None:
        """What of the store this source does not read, in words (None: nothing): the
        layers not chosen, and, in an embedded store, the triples no layer holds: in graphs
        named by a blank node, and in the default graph unless the store is flat (read
        whole). A server's default graph is often the union of its graphs: not counted.

        >>> from kg.build import build_dataset
        >>> from kg.stores import RdflibStore
        >>> GraphSource(RdflibStore(build_dataset()), ["article"]).left_out()
        'layer background (name it with --layers)'
        """
        parts = []
        layers = [] if self.flat else [n for n in self.available if n not in self.layers]
        if layers:
            shown = layers if len(layers) <= 6 else [*layers[:5], f"{len(layers) - 5} more"]
            parts.append(f"layer{'s' if len(layers) > 1 else ''} {_and(shown)} "
                         f"(name {'them' if len(layers) > 1 else 'it'} with --layers)")
        default, blank = getattr(self.store, "outside_layers", lambda: (0, 0))()
        places = [f"{n:,} triple{'s' if n > 1 else ''} {where}" for n, where in (
            (0 if self.flat else default, "in the default graph"),
            (blank, "in a graph named by a blank node" if blank == 1
             else "in graphs named by a blank node")) if n]
        if places:
            parts.append(" and ".join(places) + ", in no layer (to make them one, load them "
                         "into a named graph: --graph NAME for a triple format)")
        return "; ".join(parts) or None

    def select(self, text: str, bindings: dict[str, Node], prefixes: dict | None = None, *,
               stream: bool = False, graphs: Iterable[URIRef] | None = None) -> Result:
        return self.store.select(text, bindings, prefixes, stream=stream,
                                 graphs=self.graph_iris() if graphs is None else graphs)

    def write_select(self, text: str, bindings: dict[str, Node], prefixes: dict | None,
                     fmt: str, output: BinaryIO) -> bool:
        """The store's own results writer (False for a store without one)."""
        write = getattr(self.store, "write_select", None)
        return write is not None and write(text, bindings, prefixes, fmt, output,
                                           graphs=self.graph_iris())

    def ask(self, text: str, bindings: dict[str, Node] | None = None) -> bool:
        return self.store.ask(text, bindings, graphs=self.graph_iris())

    def construct(self, text: str) -> Graph:
        return self.store.construct(text, graphs=self.graph_iris())

    def named_graphs(self) -> list[URIRef]:
        return _urirefs(self.named_graph_iris())

    def named_graph_iris(self) -> list[str]:
        """:meth:`named_graphs` as text."""
        graphs = self.graph_iris()
        return [] if self.flat else (list(self._named) if graphs is None else graphs)

    def dataset(self, graphs: Iterable[URIRef] | None = None) -> Dataset:
        return self.store.dataset(self.graph_iris() if graphs is None else graphs)

    def load(self, path: Path, graph: str | None = None, **options) -> int:  # noqa: ANN003
        return self.store.load(path, graph, **options)

    def load_dataset(self, ds: Dataset) -> int:
        return self.store.load_dataset(ds)

    def update(self, text: str) -> None:
        self.store.update(text)

    def queryable(self) -> "GraphSource":
        """The same source over a store that answers quickly (an rdflib Dataset is copied
        into an in-memory Oxigraph store first)."""
        store = self.store.queryable()
        if store is self.store:
            return self
        copy = GraphSource.__new__(GraphSource)
        copy.__dict__.update(self.__dict__, store=store)
        return copy


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return " and ".join(filter(None, (", ".join(items[:-1]), items[-1])))


def _urirefs(iris: list[str] | None) -> list[URIRef] | None:
    if iris is None:
        return None
    from rdflib import URIRef

    return [URIRef(iri) for iri in iris]


def as_source(source, layers: Iterable[str] | None = None) -> GraphSource:  # noqa: ANN001
    """A GraphSource for a source: as it is, a store, or an rdflib Dataset."""
    if isinstance(source, GraphSource):
        return source if layers is None else GraphSource(source.store, layers)
    rdflib = sys.modules.get("rdflib")  # (not imported: then nothing is a Dataset)
    if rdflib is not None and isinstance(source, rdflib.Dataset):
        from kg.stores import RdflibStore

        # a graph built for the purpose: all of it by default
        return GraphSource(RdflibStore(source), layers, every_layer=True)
    return GraphSource(source, layers)


__all__ = ["GraphSource", "as_source"]
