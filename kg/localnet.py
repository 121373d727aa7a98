"""The part of the mechanism network an analysis needs, read from a store.

``shared``, ``compare`` and ``intervene`` work on a networkx graph (:mod:`kg.mechanism`,
:func:`kg.paths.shared_mechanisms`); :func:`kg.network.to_networkx` reads every edge of
a store with all its claims, which on millions of triples takes tens of seconds. Here
the analysis reads, like ``paths`` (:class:`kg.pathindex.PathIndex`), the topology of
the edges it follows (one query, CURIEs only) and then, with their claims and node
attributes, only the edges between the nodes it can reach: those within ``max_length``
steps of its start nodes, and every edge at its start nodes. The topology stands in for
the rest of the network (the bridging score of ``compare`` and the path search read it
whole; neither needs claims), so each analysis gives the same answer as on the full
network.

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
from kg.network import _PREFIXES, edges_at, to_networkx
from kg.pathindex import PathIndex
from kg.paths import DEFAULT_KINDS, _build_view, reachable
from kg.stores import GraphSource

_CORRECTORS = _PREFIXES + "SELECT ?c WHERE { VALUES ?d { %s } ?c b12ms:corrects ?d }"
#: queries every subgraph reads alike (labels, class hierarchy, relations): asked once
_STORE_WIDE = frozenset({network._NODES, network._PARENTS, network._SYNONYMS, network._XREFS,
                         network._CORRECTS, network._PROPERTIES})


class _Remembering(GraphSource):
    """A graph source that remembers its answers to the store-wide queries."""

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
    """A store's followed-edge topology, from which analyses read only what they need.

    ``source`` is a graph source, a store or an rdflib Dataset (its layers, or
    ``layers``, are read); ``kinds`` are the edge kinds the analyses follow.
    """

    def __init__(self, source, *, kinds: Iterable[str] = DEFAULT_KINDS,  # noqa: ANN001
                 layers: Iterable[str] | None = None):
        self.kinds = tuple(kinds)
        self.index = PathIndex(source, kinds=self.kinds, layers=layers)
        self.store = self.index.store = _Remembering.of(self.index.store)

    def nodes(self, *names: str) -> list[str]:
        """The CURIEs of the classes these names (labels, synonyms, CURIEs, IRIs) name."""
        return [self.index.resolve(name) for name in names]

    def _iri(self, curie: str) -> URIRef:
        return self.index._iris[curie]

    def _cone(self, curie: str, max_length: int) -> set[str]:
        if curie not in self.index.view:
            return {curie}
        return set(reachable(self.index.view, curie, self.index.stops, cutoff=max_length))

    def graph(self, curies: Iterable[str]) -> nx.MultiDiGraph:
        """The subgraph these nodes (and every neighbour of ``starts``) induce, with the
        full network's attributes; its mechanism view is the whole topology, hydrated
        (labels, claims) on these nodes."""
        iris = {self._iri(c) for c in curies}
        g = to_networkx(self.store, nodes=iris)
        view = self.index.view.copy()
        hydrated = _build_view(g, frozenset(self.kinds))
        for node, data in hydrated.nodes(data=True):
            if node in view:
                view.nodes[node].update(data)
            else:
                view.add_node(node, **data)
        for a, b, data in hydrated.edges(data=True):
            view.edges[a, b].update(data)
        g.graph.setdefault("_cache", {})[("view", frozenset(self.kinds))] = view
        return g

    def _with_neighbours(self, curies: Iterable[str]) -> set[str]:
        """The nodes and every node joined to one of them by an edge of any kind."""
        from kg.lookup import compact

        curies = set(curies)
        found = set(curies)
        for _, s, _, o in edges_at(self.store, [self._iri(c) for c in curies]):
            for end in (s, o):
                curie = compact(end)
                self.index._iris.setdefault(curie, end)
                found.add(curie)
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
        values = " ".join(self._iri(d).n3() for d in deficiencies)
        correctors = set()
        from kg.lookup import compact

        for (c,) in self.store.select(_CORRECTORS % values, {}).rows:
            self.index._iris.setdefault(compact(c), c)
            correctors.add(compact(c))
        nodes = near | self._with_neighbours([*chosen, *correctors])
        for condition in chosen:
            nodes |= self._cone(condition, max_length)
        return self.graph(nodes)


__all__ = ["LocalNetwork"]
