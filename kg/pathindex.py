"""Path search straight from a store, for graphs too large to read into networkx whole.

:func:`kg.network.to_networkx` reads every edge with all its claims, which on millions
of triples takes tens of seconds. A :class:`PathIndex` reads only what path search needs,
the topology of the edges it follows (one SPARQL query, kept as a small
``networkx.DiGraph`` of CURIEs), and once paths are found it fetches the labels and
claims of the edges on them alone. Its paths are the same, in the same order, as
``find_paths(to_networkx(store), ...)``; build one index and ask it many questions.

    >>> from kg.build import build_dataset
    >>> index = PathIndex(build_dataset())
    >>> [p.labels() for p in index.find_paths("vitamin B12 deficiency", "myelin sheath")]
    [['vitamin B12 deficiency', 'myelination', 'myelin sheath']]
    >>> index.find_paths("vitamin B12 deficiency", "myelin sheath")[0].steps[0].edges[0]["claim_ids"]
    'C013'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
from rdflib import URIRef

from kg.errors import InputError
from kg.lookup import compact, resolve_in_store
from kg.namespaces import LAYERS, layer_name
from kg.network import (
    _PREFIXES,
    claim_evidence,
    derivation_evidence,
    edge_attributes,
    edge_properties,
    merge_edges,
    path_ends,
    queryable,
)
from kg.paths import (
    DEFAULT_KINDS,
    Path,
    _path,
    check_bounds,
    k_shortest,
    path_stops,
    without_restatements,
)

_TOPOLOGY = _PREFIXES + """SELECT ?g ?s ?p ?o WHERE {
  VALUES ?p { %s }
  GRAPH ?g { ?s ?p ?o }
  FILTER(?g != <%s> && isIRI(?s) && isIRI(?o))
}"""
_CLASSES = _PREFIXES + "SELECT ?c WHERE { ?c a owl:Class . FILTER(isIRI(?c)) }"
_LABELS = _PREFIXES + "SELECT ?c ?label WHERE { VALUES ?c { %s } ?c a owl:Class ; rdfs:label ?label }"
#: the layers in which a class is the end of an edge, of any kind: a node of to_networkx
_NODE_LAYERS = _PREFIXES + """SELECT DISTINCT ?g WHERE {
  ?n a owl:Class .
  { ?p a owl:ObjectProperty } UNION { BIND(rdfs:subClassOf AS ?p) }
  { GRAPH ?g { ?n ?p ?other } } UNION { GRAPH ?g { ?other ?p ?n } }
  FILTER(?g != <%s> && isIRI(?other))
  ?other a owl:Class .
}"""


class PathIndex:
    """The edges of the given ``kinds`` (and ``layers``) of a store, for path search.

    ``source`` is a graph source, a store of :mod:`kg.stores` or an rdflib Dataset; its
    layers (or ``layers``) are read. Edges join classes only and leave out the ontology
    layer, as in :func:`kg.network.to_networkx`.
    """

    def __init__(self, source, *, kinds: Iterable[str] = DEFAULT_KINDS,  # noqa: ANN001
                 layers: Iterable[str] | None = None):
        self.store = queryable(source, layers)
        self.kinds = frozenset(kinds)
        self.layers = set(self.store.layers)
        self.properties = edge_properties(self.store)
        followed = sorted(p for p, (_, kind, _) in self.properties.items() if kind in self.kinds)
        classes = {row[0] for row in self.store.select(_CLASSES, {}).rows}
        curies: dict[URIRef, str] = {}
        #: (subject CURIE, object CURIE) -> the (graph, subject, predicate, object) rows
        self.rows: dict[tuple[str, str], list[tuple]] = defaultdict(list)
        if followed:
            query = _TOPOLOGY % (" ".join(p.n3() for p in followed), LAYERS["ontology"])
            for g, s, p, o in self.store.select(query, {}).rows:
                if s not in classes or o not in classes or layer_name(g) not in self.layers:
                    continue
                a = curies.get(s) or curies.setdefault(s, compact(s))
                b = curies.get(o) or curies.setdefault(o, compact(o))
                self.rows[(a, b)].append((g, s, p, o))
        # sorted, as in to_networkx, so that ties between paths of one length break alike
        self.view = nx.DiGraph()
        self.view.add_nodes_from(sorted({n for pair in self.rows for n in pair}))
        ends = path_ends(self.store)
        # a step ends paths (kg.paths.path_stops) if one of its relations does
        self.view.add_edges_from((a, b, {"ends_path": any(p in ends for _, _, p, _ in rows)})
                                 for (a, b), rows in sorted(self.rows.items()))
        #: steps a path may end with but not pass
        self.stops = path_stops(self.view)
        self._iris = {curie: iri for iri, curie in curies.items()}
        self._resolved: dict[str, str] = {}

    def resolve(self, text: str) -> str:
        """The CURIE of the class ``text`` names (label, synonym, CURIE, IRI or xref).

        Remembered per text: a label costs a scan of the store's labels, and a caller
        resolves the same names for the search and again for its header.
        """
        if text not in self._resolved:
            iri = resolve_in_store(self.store, text)
            curie = self._resolved[text] = compact(iri)
            self._iris.setdefault(curie, iri)
        return self._resolved[text]

    def label(self, text: str) -> str:
        """The label of the class ``text`` names."""
        curie = self.resolve(text)
        return self._labels([curie]).get(curie, curie)

    def _is_node(self, curie: str) -> bool:
        """True if the class is a node of the full network (an end of an edge of any kind
        in the layers), though of no edge that path search follows."""
        rows = self.store.select(_NODE_LAYERS % LAYERS["ontology"], {"n": self._iris[curie]}).rows
        return any(layer_name(g) in self.layers for (g,) in rows)

    def labels_of(self, curies: Iterable[str]) -> dict[str, str]:
        """The labels of these classes (CURIEs of the index), CURIE -> label."""
        return self._labels(curies)

    def _labels(self, curies: Iterable[str]) -> dict[str, str]:
        values = " ".join(self._iris[c].n3() for c in sorted(set(curies)))
        return {compact(c): str(label)
                for c, label in self.store.select(_LABELS % values, {}).rows}

    def find_paths(self, source: str, target: str, *, max_length: int = 6,
                   max_paths: int = 20, time_limit: float | None = None) -> list[Path]:
        """Like :func:`kg.network.find_paths`: at most ``max_paths`` paths of at most
        ``max_length`` steps, shortest first, each step with its claims."""
        check_bounds(max_length, max_paths)
        start, end = self.resolve(source), self.resolve(target)
        for text, curie in ((source, start), (target, end)):
            if curie not in self.view and not self._is_node(curie):
                raise InputError(None, f"unknown entity '{text}': no node of the mechanism "
                                 "graph has that label, synonym, CURIE or IRI")
        taken = k_shortest(self.view, start, end, max_length=max_length, max_paths=max_paths,
                           time_limit=time_limit, stops=self.stops)
        if not taken:
            return []
        view = self._hydrate({pair for nodes in taken for pair in zip(nodes, nodes[1:])})
        return sorted((_path(view, nodes) for nodes in taken),
                      key=lambda p: (len(p.steps), p.labels()))

    def _hydrate(self, pairs: set[tuple[str, str]]) -> nx.DiGraph:
        """A view of these edges only, with labels and every claim, as mechanism_view."""
        rows = [row for pair in sorted(pairs) for row in self.rows[pair]]
        ends = sorted({(s, o) for _, s, _, o in rows})
        merged = merge_edges(rows, self.properties, claim_evidence(self.store, ends), self.layers,
                             derivation_evidence(self.store, ends))
        labels = self._labels({n for pair in pairs for n in pair})
        view = nx.DiGraph()
        for (a, b, _), data in sorted(merged.items()):
            for node in (a, b):
                view.add_node(node, label=labels.get(node, node))
            if not view.has_edge(a, b):
                view.add_edge(a, b, edges=[])
            view.edges[a, b]["edges"].append(edge_attributes(data))
        for _, _, data in view.edges(data=True):
            data["edges"] = without_restatements(data["edges"])
        return view


__all__ = ["PathIndex"]
