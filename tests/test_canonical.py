"""Canonical blank node labels: RDFC-1.0 where it is linear, kg.lookalike_labels' otherwise."""

from __future__ import annotations

import random

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.canonical import canonical_triples, rdfc_labels, to_oxigraph_triples
from kg.export import merged_graph
from kg.namespaces import LAYERS
from kg.terms import to_rdflib

P = URIRef("http://example.org/vocab#p")


def _graph(triples) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def _relabelled(graph: Graph, seed: int) -> Graph:
    """The same graph with new blank node labels, its triples added in another order."""
    rng = random.Random(seed)
    names: dict[BNode, BNode] = {}
    triples = list(graph)
    rng.shuffle(triples)
    return _graph(tuple(names.setdefault(t, BNode(f"x{rng.random()}")) if isinstance(t, BNode)
                        else t for t in triple) for triple in triples)


def _rdfc_labels_of(graph: Graph):
    text = ox.serialize(to_oxigraph_triples(graph)[0], format=ox.RdfFormat.N_TRIPLES)
    return rdfc_labels(sorted({line for line in text.splitlines() if b"_:" in line}))


def _article(dataset) -> Graph:
    return merged_graph(dataset.graph(LAYERS[name]) for name in ("ontology", "article", "background"))


def test_article_graph_gets_rdfc10_labels_independent_of_input_labels_and_order(dataset):
    graph = _article(dataset)
    assert _rdfc_labels_of(graph) is not None
    canonical = _graph(canonical_triples(graph))
    assert len(canonical) == len(graph) > 1000 and isomorphic(canonical, graph)
    labels = {str(t) for triple in canonical for t in triple if isinstance(t, BNode)}
    assert len(labels) > 50 and all(label.startswith("c14n") for label in labels)
    for seed in (1, 2):
        assert set(canonical_triples(_relabelled(graph, seed))) == set(canonical)


def test_labels_are_pyoxigraphs_rdfc10_of_the_same_triples(dataset):
    graph = _article(dataset)
    reference = ox.Dataset(ox.parse(graph.serialize(format="nt", encoding="utf-8"),
                                    format=ox.RdfFormat.N_TRIPLES))
    reference.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    expected = {tuple(to_rdflib(t) for t in (q.subject, q.predicate, q.object))
                for q in reference}
    assert set(canonical_triples(graph)) == expected


def test_look_alike_blank_nodes_get_lookalike_labels_and_finish():
    # the W3C clique (rdf-canon test074): 10 blank nodes, each linked to all the others;
    # RDFC-1.0 in pyoxigraph runs for minutes on it, with no way to stop it
    nodes = [BNode(f"n{i}") for i in range(10)]
    clique = _graph((a, P, b) for a in nodes for b in nodes if a != b)
    assert _rdfc_labels_of(clique) is None
    canonical = _graph(canonical_triples(clique))
    assert len(canonical) == 90 and isomorphic(canonical, clique)
    assert {str(s) for s, _, _ in canonical} == {f"bliss{n}" for n in range(10)}
    assert set(canonical_triples(_relabelled(clique, 3))) == set(canonical)


def test_many_pairs_of_look_alike_blank_nodes_finish():
    # 8 pairs of blank nodes that point at each other (16 triples) kept rdflib's
    # to_canonical_graph, used here before, busy for minutes (7 pairs: 19 s)
    pairs = [(BNode(f"a{i}"), BNode(f"b{i}")) for i in range(200)]
    graph = _graph(t for a, b in pairs for t in ((a, P, b), (b, P, a)))
    canonical = _graph(canonical_triples(graph))
    # (rdflib's isomorphic() is as exponential as its to_canonical_graph: check the shape)
    assert len(canonical) == 400
    assert all((o, p, s) in canonical and s != o for s, p, o in canonical)
    assert {str(s) for s, _, _ in canonical} == {f"bliss{n}" for n in range(400)}
    assert set(canonical_triples(_relabelled(graph, 4))) == set(canonical)


def test_a_term_oxigraph_refuses_beside_look_alike_nodes_still_gets_canonical_labels():
    # a literal subject (a generalised triple) keeps the graph out of Oxigraph
    a, b, c, d = (BNode(n) for n in "abcd")
    graph = _graph([(Literal("s"), P, a), (a, P, b), (b, P, a), (c, P, d), (d, P, c),
                    (Literal("x"), P, c)])
    canonical = _graph(canonical_triples(graph))
    assert len(canonical) == 6 and isomorphic(canonical, graph)
    assert {str(s) for s, _, _ in canonical if isinstance(s, BNode)} == \
        {f"bliss{n}" for n in range(4)}
    for seed in (5, 6):
        assert set(canonical_triples(_relabelled(graph, seed))) == set(canonical)


def test_literals_oxigraph_would_merge_keep_every_triple():
    # "x" and "x"^^xsd:string are one term in Oxigraph (RDF 1.1) but two in rdflib
    plain, typed = Literal("x"), Literal("x", datatype=XSD.string)
    graph = _graph([(BNode("a"), P, plain), (BNode("b"), P, typed)])
    canonical = _graph(canonical_triples(graph))
    assert len(canonical) == 2 and isomorphic(canonical, graph)
    assert {o for _, _, o in canonical} == {plain, typed}


def test_graph_without_blank_nodes_is_unchanged():
    graph = _graph([(URIRef("http://example.org/s"), P, Literal("1", datatype=XSD.integer))])
    assert set(canonical_triples(graph)) == set(graph)


def test_a_literal_subject_from_a_reasoner_keeps_its_triple():
    # owlrl's closure holds generalised triples ("false"^^xsd:boolean rdf:type ...)
    graph = _graph([(Literal("false", datatype=XSD.boolean), P, BNode("a"))])
    canonical = _graph(canonical_triples(graph))
    assert len(canonical) == 1 and isomorphic(canonical, graph)
