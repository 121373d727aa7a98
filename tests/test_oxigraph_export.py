"""kg.oxigraph_export: only the lines with a blank node are labelled, and the labels are
RDFC-1.0's of the whole graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import pyoxigraph_rdfc, same_dataset
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.namespaces import layer_iri_text
from kg.oxigraph_export import layer_text, nquads_of, ntriples_of, store_layers

P = ox.NamedNode("http://example.org/p")
Q = ox.NamedNode("http://example.org/q")


def _graph() -> list:
    """Blank nodes tied to IRIs and to each other, and text that looks like a blank node:
    a literal and an IRI holding ``_:``, which go along with the labelled lines."""
    a, b, c = ox.BlankNode("a"), ox.BlankNode("b"), ox.BlankNode("zz")
    iri = ox.NamedNode("http://example.org/x_:y")
    return [ox.Triple(a, P, b), ox.Triple(b, P, ox.Literal("two")), ox.Triple(c, Q, a),
            ox.Triple(c, P, ox.Literal("three", language="en")),
            ox.Triple(P, Q, ox.Literal("_:a")), ox.Triple(iri, P, ox.Literal("plain")),
            ox.Triple(P, P, Q), ox.Triple(Q, P, ox.Literal("1", datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#integer")))]


def test_labels_are_rdfc10_of_the_whole_graph():
    triples = _graph()
    data = ntriples_of([("article", layer_text(triples))])
    assert data == pyoxigraph_rdfc(triples)
    assert data.count(b"\n") == len(triples) and b"c14n" in data


def test_the_union_of_layers_holds_each_triple_once_and_shares_its_blank_nodes():
    triples = _graph()
    layers = [("article", layer_text(triples[:5])), ("background", layer_text(triples[3:]))]
    assert ntriples_of(layers) == pyoxigraph_rdfc(triples)


def test_look_alike_blank_nodes_get_lookalike_labels_from_oxigraphs_lines():
    x, y = ox.BlankNode("x"), ox.BlankNode("y")
    text = layer_text([ox.Triple(x, P, y), ox.Triple(y, P, x)])
    assert ntriples_of([("article", text)]) == (
        b"_:bliss0 <http://example.org/p> _:bliss1 .\n"
        b"_:bliss1 <http://example.org/p> _:bliss0 .\n")
    assert nquads_of([("article", text)]) == (
        b"_:article_bliss0 <http://example.org/p> _:article_bliss1 <%s> .\n"
        b"_:article_bliss1 <http://example.org/p> _:article_bliss0 <%s> .\n"
        % ((layer_iri_text("article").encode(),) * 2))


def test_nquads_label_each_layer_on_its_own_with_its_prefix():
    triples = _graph()
    other = [ox.Triple(ox.BlankNode("a2"), P, ox.BlankNode("b2"))]  # (triples[0], new nodes)
    data = nquads_of([("article", layer_text(triples)), ("", layer_text(other))])
    article = f"<{layer_iri_text('article')}>".encode()
    lines = data.splitlines()
    assert len(lines) == len(triples) + 1 and lines == sorted(lines)
    in_article = [line for line in lines if line.endswith(article + b" .")]
    assert len(in_article) == len(triples)
    relabelled = b"\n".join(line[:-len(article) - 3] + b" ." for line in in_article) + b"\n"
    assert sorted(relabelled.replace(b"_:article_", b"_:").splitlines(keepends=True)) \
        == pyoxigraph_rdfc(triples).splitlines(keepends=True)
    flat = [line for line in lines if line not in in_article]  # the default graph's
    assert [line + b"\n" for line in flat] == \
        pyoxigraph_rdfc(other).replace(b"_:", b"_:_").splitlines(keepends=True)
    # a label in two layers' dumps is one node the layers share: rdflib labels the dataset
    assert nquads_of([("article", layer_text(triples)),
                      ("background", layer_text(triples[:1]))]) is None


@pytest.mark.parametrize("flat", [False, True])
def test_a_store_dumps_the_same_text_as_its_triples(flat):
    triples = _graph()
    store = ox.Store()
    graph = ox.DefaultGraph() if flat else ox.NamedNode(layer_iri_text("article"))
    store.extend([ox.Quad(s, p, o, graph) for s, p, o in triples])
    layers = list(store_layers(store, ["" if flat else "article", "background"]))
    assert [name for name, _ in layers] == ["" if flat else "article"]  # (empty: left out)
    assert ntriples_of(layers) == ntriples_of([("article", layer_text(triples))])


def test_the_article_graph_gets_pyoxigraphs_labels(dataset):
    from kg.canonical import to_oxigraph_triples
    from kg.export import merged_graph

    triples = to_oxigraph_triples(merged_graph(dataset.graphs()))[0]
    assert ntriples_of([("all", layer_text(triples))]) == pyoxigraph_rdfc(triples)


def _first_degree_distinct(triples: set) -> bool:
    """No two blank nodes with the same triples once the node is named ``a`` and any other
    ``z`` (RDFC-1.0's first-degree hash, unhashed): a reference to check against."""
    seen: dict = {}
    for s, p, o in triples:
        for node in {t for t in (s, o) if isinstance(t, ox.BlankNode)}:
            seen.setdefault(node, []).append(tuple(
                ("a" if t == node else "z") if isinstance(t, ox.BlankNode) else str(t)
                for t in (s, p, o)))
    keys = [tuple(sorted(found)) for found in seen.values()]
    return len(keys) == len(set(keys))


_NODES = [ox.BlankNode(f"b{n}") for n in range(5)] + [P, Q, ox.NamedNode("http://e/_:1")]
_OBJECTS = _NODES + [ox.Literal(text) for text in ("", "_:b1", "a\x01\x7f\t\n\"\\é😀")] + [
    ox.Literal("x", language="en-GB"), ox.Literal("2", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_NODES), st.sampled_from([P, Q]),
                          st.sampled_from(_OBJECTS)), max_size=12))
def test_any_graph_gets_pyoxigraphs_labels_or_lookalike_labels(triples):
    triples = [ox.Triple(*triple) for triple in triples]
    data = ntriples_of([("article", layer_text(triples))])
    if _first_degree_distinct(set(triples)):
        assert data == pyoxigraph_rdfc(triples)
    else:
        assert b"c14n" not in data and b"_:bliss0 " in data
        assert same_dataset(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), triples)


def _lenient_store(text: bytes) -> ox.Store:
    store = ox.Store()
    store.load(text, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return store


@pytest.mark.parametrize("text", [
    # an IRI holding '>', a space and a quote: the blank object looked like part of a literal
    rb'<http://e/s> <http://e/p\u003E \u0022x> _:b .' b"\n" rb'_:b <http://e/q> "1" .' b"\n",
    # an IRI holding a line break: the dump's line was cut in two, the second half a triple
    rb'<http://e/s> <http://e/p\u000A_:c <http://e/q> "x" .' b"\n" rb'_:c <http://e/q> "1" .' b"\n",
    rb'<http://e/s> <http://e/p\u000D_:c <http://e/q> "x" .' b"\n" rb'_:c <http://e/q> "1" .' b"\n",
])
def test_a_lenient_iri_that_breaks_the_lines_is_refused_never_mislabelled(text):
    # (found by an adversarial review: both gave wrong labels without an error)
    from kg.errors import InputError

    store = _lenient_store(text)
    for write in (ntriples_of, nquads_of):
        with pytest.raises(InputError, match="cannot write"):
            write(store_layers(store, [""]))


def test_layer_prefixes_never_collide_and_are_valid_labels():
    from kg.oxigraph_export import prefix

    names = ["article", "a-b", "a.b", "a_b", "a_2d_b", "ª", "µ²", "", "http://e.org/g",
             "http://e-org/g"]
    assert len({prefix(name) for name in names}) == len(names)
    store = ox.Store()
    for name in names[:-2]:
        graph = ox.NamedNode(layer_iri_text(name)) if name else ox.DefaultGraph()
        store.add(ox.Quad(ox.BlankNode(), P, ox.Literal(name or "default"), graph))
    data = nquads_of(store_layers(store, names[:-2]))
    parsed = ox.Dataset(ox.parse(data, format=ox.RdfFormat.N_QUADS))  # (Oxigraph: valid labels)
    assert len({quad.subject for quad in parsed}) == len(names) - 2
