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

_SELF, _OTHER = "a", "z"  # no term's N-Triples form is one letter


def first_degree_distinct(triples: Iterable) -> bool:  # noqa: ANN001 - pyoxigraph triples
    """True if no two blank nodes have the same triples once the node itself is named
    ``a`` and every other blank node ``z`` (RDFC-1.0's first-degree hash, unhashed).

    >>> import pyoxigraph as ox
    >>> p = ox.NamedNode("http://example.org/p")
    >>> x, y = ox.BlankNode("x"), ox.BlankNode("y")
    >>> first_degree_distinct([ox.Triple(x, p, ox.Literal("1")), ox.Triple(y, p, ox.Literal("2"))])
    True
    >>> first_degree_distinct([ox.Triple(x, p, y), ox.Triple(y, p, x)])
    False
    """
    import pyoxigraph as ox

    blank = ox.BlankNode
    quads: dict = defaultdict(list)
    for s, p, o in triples:
        s_blank, o_blank = isinstance(s, blank), isinstance(o, blank)
        if s_blank:
            quads[s].append((_SELF, p.value, (_SELF if o == s else _OTHER) if o_blank
                             else str(o)))
        if o_blank and o != s:
            quads[o].append((_OTHER if s_blank else str(s), p.value, _SELF))
    seen = set()
    for found in quads.values():
        key = tuple(sorted(found))
        if key in seen:
            return False
        seen.add(key)
    return True


def rdfc_dataset(triples: Iterable):  # noqa: ANN001, ANN201 - pyoxigraph triples; a Dataset
    """The triples (each once) in a pyoxigraph Dataset (default graph) with RDFC-1.0 blank
    node labels (``c14n0``...), or None if two blank nodes look alike (see
    :func:`first_degree_distinct`).

    >>> import pyoxigraph as ox
    >>> t = ox.Triple(ox.BlankNode("x"), ox.NamedNode("http://example.org/p"), ox.Literal("1"))
    >>> [str(q.subject) for q in rdfc_dataset([t])]
    ['_:c14n0']
    """
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    dataset = ox.Dataset(ox.Quad(s, p, o, default) for s, p, o in triples)  # each once
    if not first_degree_distinct((q.subject, q.predicate, q.object) for q in dataset):
        return None
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def to_oxigraph_triples(graph: Iterable[tuple]) -> tuple[list, dict] | None:
    """The pyoxigraph triples of rdflib ``graph``, and each IRI and literal's rdflib term by
    its pyoxigraph term; None if Oxigraph refuses a term (an IRI with a space, a literal
    as subject) or would make one of two (``"x"`` and ``"x"^^xsd:string``)."""
    import pyoxigraph as ox

    from kg.terms import to_oxigraph

    back: dict = {}
    triples = []
    try:
        for triple in graph:
            converted = []
            for term in triple:
                ox_term = to_oxigraph(term)
                if not isinstance(term, BNode) and back.setdefault(ox_term, term) != term:
                    return None
                converted.append(ox_term)
            triples.append(ox.Triple(*converted))
    except (ValueError, TypeError):  # a term Oxigraph refuses; a literal as subject
        return None
    return triples, back


def canonical_triples(graph: Graph) -> Iterable[tuple]:
    """The triples of ``graph`` with canonical blank node labels: RDFC-1.0 (``c14n0``...)
    where every blank node is told apart by its own triples, else rdflib's (``cb...``)."""
    import pyoxigraph as ox

    converted = to_oxigraph_triples(graph)
    dataset = None if converted is None else rdfc_dataset(converted[0])
    if dataset is None:
        return to_canonical_graph(graph)
    back = converted[1]
    return [tuple(BNode(t.value) if isinstance(t, ox.BlankNode) else back[t]
                  for t in (q.subject, q.predicate, q.object)) for q in dataset]


__all__ = ["canonical_triples", "first_degree_distinct", "rdfc_dataset", "to_oxigraph_triples"]
