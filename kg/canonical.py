"""Canonical blank node labels, so the same graph is always written with the same bytes.

The W3C RDF Dataset Canonicalization algorithm (RDFC-1.0), as pyoxigraph implements it,
labels the blank nodes of the article graph in a few milliseconds, where rdflib's
``to_canonical_graph`` needs about half a second. RDFC-1.0 is exponential only in its
Hash N-Degree Quads step, which it enters for blank nodes that their own triples do not
tell apart (two nodes with the same first-degree hash), and pyoxigraph has no work limit
and holds the GIL, so ``--timeout`` could not stop it. This module therefore uses it only
when every blank node is told apart by its own triples, where the algorithm is linear;
any other graph (a clique of look-alike blank nodes, a term Oxigraph refuses) is labelled
by rdflib, as before. Either way the labels depend only on the graph.

    >>> from rdflib import BNode, Graph, Literal, URIRef
    >>> p = URIRef("http://example.org/p")
    >>> g = Graph()
    >>> g.add((BNode(), p, Literal("one"))); g.add((BNode(), p, Literal("two")))  # doctest: +ELLIPSIS
    <Graph ...>
    >>> sorted(str(s) for s, _, _ in canonical_triples(g))
    ['c14n0', 'c14n1']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

_SELF, _OTHER = ("a",), ("z",)


def _key(term) -> tuple:  # noqa: ANN001 - an IRI or a literal
    return (type(term).__name__, str(term), str(getattr(term, "datatype", None) or ""),
            getattr(term, "language", None) or "")


def first_degree_distinct(triples: Iterable[tuple]) -> bool:
    """True if no two blank nodes have the same triples once the node itself is named
    ``a`` and every other blank node ``z`` (RDFC-1.0's first-degree hash, unhashed).

    >>> from rdflib import BNode, Literal, URIRef
    >>> p = URIRef("http://example.org/p")
    >>> first_degree_distinct([(BNode("x"), p, Literal("1")), (BNode("y"), p, Literal("2"))])
    True
    >>> first_degree_distinct([(BNode("x"), p, BNode("y")), (BNode("y"), p, BNode("x"))])
    False
    """
    quads: dict[BNode, list[tuple]] = defaultdict(list)
    for s, p, o in triples:
        s_blank, o_blank = isinstance(s, BNode), isinstance(o, BNode)
        if s_blank:
            quads[s].append((_SELF, p, (_SELF if o == s else _OTHER) if o_blank else _key(o)))
        if o_blank and o != s:
            quads[o].append((_OTHER if s_blank else _key(s), p, _SELF))
    seen = set()
    for found in quads.values():
        key = tuple(sorted(found))
        if key in seen:
            return False
        seen.add(key)
    return True


def _rdfc(graph: Graph) -> list[tuple] | None:
    """The triples of ``graph`` with RDFC-1.0 blank node labels, or None if Oxigraph
    refuses one of its terms or would merge two of them (``"x"`` and ``"x"^^xsd:string``)."""
    import pyoxigraph as ox

    from kg.terms import to_oxigraph

    back = {}
    default = ox.DefaultGraph()
    quads = []
    try:
        for triple in graph:
            converted = []
            for term in triple:
                ox_term = to_oxigraph(term)
                if not isinstance(term, BNode):
                    if back.setdefault(ox_term, term) != term:
                        return None
                converted.append(ox_term)
            quads.append(ox.Quad(*converted, default))
    except (ValueError, TypeError):  # a term Oxigraph refuses; a literal as subject
        return None
    dataset = ox.Dataset(quads)
    if len(dataset) != len(graph):
        return None
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return [tuple(BNode(t.value) if isinstance(t, ox.BlankNode) else back[t]
                  for t in (q.subject, q.predicate, q.object)) for q in dataset]


def canonical_triples(graph: Graph) -> Iterable[tuple]:
    """The triples of ``graph`` with canonical blank node labels: RDFC-1.0 (``c14n0``...)
    where every blank node is told apart by its own triples, else rdflib's (``cb...``)."""
    if first_degree_distinct(graph):
        triples = _rdfc(graph)
        if triples is not None:
            return triples
    return to_canonical_graph(graph)


__all__ = ["canonical_triples", "first_degree_distinct"]
