"""The part of the mechanism network an analysis needs, read from a store.

``shared``, ``compare`` and ``intervene`` work on a networkx graph (:mod:`kg.mechanism`,
:func:`kg.paths.shared_mechanisms`); :func:`kg.network.to_networkx` reads every edge of
a store with all its claims, which on millions of triples takes tens of seconds. Here
an analysis reads only the subgraph it looks at: the nodes within ``max_length`` steps
of its start nodes (its cones, found by a breadth-first search that reads the followed
edges of one frontier at a time, ``VALUES`` blocks of at most :data:`kg.network.BATCH`
nodes, and never continues past a step that ends paths), every edge at its start nodes,
and then, with their claims and attributes (labels, categories, synonyms, ...), the
edges between those nodes. Nothing is read store-wide, so the time an analysis takes
grows with the part of the graph it looks at, not with the store.

Every analysis stays within these cones (``compare``'s bridging score too, see
:func:`kg.mechanism.bridging_scores`), so it gives the same answer as on the full network.

    >>> from kg.build import build_dataset
    >>> from kg.mechanism import compare
    >>> net = LocalNetwork(build_dataset())
    >>> g = net.around(["vitamin B12 deficiency", "multiple sclerosis"], max_length=6)
    >>> compare(g, *net.nodes("vitamin B12 deficiency", "multiple sclerosis")).ranking[0].label
    'impaired myelin production'
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from rdflib import URIRef

from kg import network
from kg.identifiers import compact
from kg.namespaces import layer_name
from kg.network import (
    _PREFIXES,
    edge_properties,
    edges_at,
    edges_from,
    path_ends,
    queryable,
    select_values,
    to_networkx,
)
from kg.paths import DEFAULT_KINDS, shortest_paths
from kg.stores import GraphSource

_CORRECTORS = _PREFIXES + "SELECT ?c WHERE { VALUES ?d { %s } ?c b12ms:corrects ?d }"
#: queries every subgraph reads alike (the relations): asked once
_STORE_WIDE = frozenset({network._PROPERTIES, network._PATH_ENDS})


class _Remembering(GraphSource):
    """A graph source that remembers its answers to the queries about the relations."""

    def select(self, text, bindings, prefixes=None, *, stream=False, graphs=None):  # noqa: ANN001, ANN201
        if bindings or stream or graphs is not None or text not in _STORE_WIDE:
            return super().select(text, bindings, prefixes, stream=stream, graphs=graphs)
        if text not in self.answers:
            self.answers[text] = super().select(text, bindings, prefixes)
        return self.answers[text]

    @classmethod
    def of(cls, source: GraphSource) -> "_Remembering":
        remembering = cls.__new__(cls)
        remembering.__dict__.update(source.__dict__, answers={})
        return remembering


class LocalNetwork:
    """A store, from which analyses read only the part of the network they need.

    ``source`` is a graph source, a store or an rdflib Dataset (its layers, or
    ``layers``, are read); ``kinds`` are the edge kinds the analyses follow. The nodes
    whose followed edges have been read so far are in ``expanded``.
    """

    def __init__(self, source, *, kinds: Iterable[str] = DEFAULT_KINDS,  # noqa: ANN001
                 layers: Iterable[str] | None = None):
        self.kinds = tuple(kinds)
        self.store = _Remembering.of(queryable(source, layers))
        self.layers = set(self.store.layers)
        properties = edge_properties(self.store)
        self._followed = frozenset(p for p, (_, kind, _) in properties.items()
                                   if kind in self.kinds)
        self._ends = path_ends(self.store)
        #: the followed edges read so far (of the nodes in ``expanded``), CURIEs, and the
        #: steps among them that end paths (one of their relations does, as in
        #: kg.pathindex.PathIndex): what kg.paths.shortest_paths walks
        self._view = nx.DiGraph()
        self._stops: set[tuple[str, str]] = set()
        self._read: set[str] = set()
        self._iris: dict[str, URIRef] = {}
        self._resolved: dict[str, str] = {}

    @property
    def expanded(self) -> set[str]:
        """The nodes whose followed edges have been read."""
        return set(self._read)

    def _curie(self, iri: URIRef) -> str:
        curie = compact(iri)
        self._iris.setdefault(curie, iri)
        return curie

    def nodes(self, *names: str) -> list[str]:
        """The CURIEs of the classes these names (labels, synonyms, CURIEs, IRIs) name.

        Remembered per name: a caller resolves the same names for the analysis and
        again for its header."""
        from kg.lookup import resolve_iris_in_store

        todo = list(dict.fromkeys(name for name in names if name not in self._resolved))
        for name, iri in zip(todo, resolve_iris_in_store(self.store, todo), strict=True):
            self._resolved[name] = self._curie(URIRef(iri))
        return [self._resolved[name] for name in names]

    def _iri(self, curie: str) -> URIRef:
        return self._iris[curie]

    def _expand(self, curies: Iterable[str]) -> None:
        """Read the followed edges that leave these nodes (those not read yet)."""
        todo = sorted(set(curies) - self._read)
        if not todo:
            return
        self._read.update(todo)
        self._view.add_nodes_from(todo)
        if self._followed:
            for g, s, p, o in edges_from(self.store, [self._iri(c) for c in todo],
                                         self._followed):
                if layer_name(g) not in self.layers:
                    continue
                step = (self._curie(s), self._curie(o))
                self._view.add_edge(*step)
                if p in self._ends:
                    self._stops.add(step)

    def _cone(self, curie: str, max_length: int) -> set[str]:
        """The nodes paths from ``curie`` reach in at most ``max_length`` steps (itself
        included), never past a step that ends paths: :func:`kg.paths.shortest_paths`,
        reading the edges of each frontier together (a query per BATCH nodes of it)."""
        return set(shortest_paths(self._view, curie, self._stops, max_length,
                                  before=self._expand))

    def graph(self, curies: Iterable[str]) -> nx.MultiDiGraph:
        """The subgraph these nodes induce, with the full network's attributes, read
        from the store (:func:`kg.network.to_networkx` with ``nodes``)."""
        return to_networkx(self.store, nodes={self._iri(c) for c in curies})

    def _with_neighbours(self, curies: Iterable[str]) -> set[str]:
        """The nodes and every node joined to one of them by an edge of any kind."""
        curies = set(curies)
        found = set(curies)
        for _, s, _, o in edges_at(self.store, [self._iri(c) for c in curies]):
            found.update((self._curie(s), self._curie(o)))
        return found

    def around(self, names: Iterable[str], *, max_length: int) -> nx.MultiDiGraph:
        """The network ``shared`` and ``compare`` need for these start nodes: every node
        within ``max_length`` steps of one, and the starts' neighbours (their kinds)."""
        starts = self.nodes(*names)
        nodes = self._with_neighbours(starts)
        for start in starts:
            nodes |= self._cone(start, max_length)
        return self.graph(nodes)

    def for_intervention(self, restore: str, conditions: Iterable[str] | None = None, *,
                         max_length: int) -> nx.MultiDiGraph:
        """The network ``intervene`` needs: the restored entity and its deficiencies with
        their neighbours (the conditions associated with them, the removed edges), the
        interventions that correct them with their claimed effects, and every node within
        ``max_length`` steps of each condition. The choice of deficiencies and default
        conditions is made by :mod:`kg.mechanism` itself, on the part read so far."""
        from kg.mechanism import _deficiencies, default_conditions

        (node,) = self.nodes(restore)
        near = self._with_neighbours([node])
        deficiencies = _deficiencies(self.graph(near), node)
        near |= self._with_neighbours(deficiencies)
        if conditions is None:
            chosen = default_conditions(self.graph(near), deficiencies)
        else:
            chosen = self.nodes(*conditions)
        correctors = {self._curie(c) for (c,) in select_values(
            self.store, _CORRECTORS, [self._iri(d) for d in deficiencies])}
        nodes = near | self._with_neighbours([*chosen, *correctors])
        for condition in chosen:
            nodes |= self._cone(condition, max_length)
        return self.graph(nodes)


__all__ = ["LocalNetwork"]
