"""Exports: every format round-trips, output is deterministic, writes are atomic."""

from __future__ import annotations

import networkx as nx
import pytest
from conftest import REPO, run_cli
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.export import FORMATS, canonical_graph, merged_graph, serialize
from kg.namespaces import LAYERS
from kg.resources import read_text

GRAPH_FORMATS = {"turtle": "turtle", "xml": "xml", "nt": "nt", "json-ld": "json-ld"}


@pytest.mark.parametrize("fmt", sorted(GRAPH_FORMATS))
def test_graph_format_round_trips(dataset, fmt):
    expected = canonical_graph([dataset.graph(LAYERS[name])
                                for name in ("ontology", "article", "background")])
    parsed = Graph().parse(data=serialize(dataset, fmt), format=GRAPH_FORMATS[fmt])
    assert len(parsed) == len(expected) > 1000
    assert isomorphic(parsed, expected)


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_dataset_format_round_trips_with_layers(dataset, fmt):
    parsed = Dataset()
    parsed.parse(data=serialize(dataset, fmt), format=fmt)
    for name in ("ontology", "article", "background"):
        assert len(dataset.graph(LAYERS[name])) > 0
        assert isomorphic(parsed.graph(LAYERS[name]), dataset.graph(LAYERS[name])), name


def test_graphml_loads_in_networkx(dataset, mechanism_graph, tmp_path):
    path = tmp_path / "g.graphml"
    path.write_bytes(serialize(dataset, "graphml"))
    loaded = nx.read_graphml(path, force_multigraph=True)
    assert loaded.number_of_nodes() == mechanism_graph.number_of_nodes()
    assert loaded.number_of_edges() == mechanism_graph.number_of_edges()
    data = loaded.edges["b12ms:VitaminB12Deficiency", "b12ms:Myelination", "b12ms:impairs"]
    assert data["certainty"] == "asserted"
    assert data["sentences"].startswith("When there is a deficiency of vitamin B12")


def test_only_the_chosen_layers_are_exported(dataset):
    tbox_only = Graph().parse(data=serialize(dataset, "nt", layers=()), format="nt")
    assert len(tbox_only) == len(dataset.graph(LAYERS["ontology"]))
    article = run_cli("export", "-f", "nq", "--layers", "article").stdout.decode()
    everything = run_cli("export", "-f", "nq").stdout.decode()
    assert "/graph/background>" not in article and "/graph/article>" in article
    assert "/graph/background>" in everything


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_is_deterministic_across_processes(fmt):
    outputs = {run_cli("export", "--format", fmt, env={"PYTHONHASHSEED": seed}).stdout
               for seed in ("11", "12")}
    assert len(outputs) == 1 and len(outputs.pop()) > 1000


def test_committed_release_file_is_what_the_build_produces(release_turtle):
    assert read_text("ontology", "b12ms-kg.ttl").encode("utf-8") == release_turtle
    assert (REPO / "ontology" / "b12ms-kg.ttl").read_bytes() == release_turtle


def test_export_writes_file_atomically(tmp_path):
    target = tmp_path / "release.ttl"
    result = run_cli("export", "-f", "ttl", "-o", str(target))
    assert result.returncode == 0 and result.stdout == b""
    assert Graph().parse(target, format="turtle")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release.ttl"]


def test_export_into_missing_folder_fails_cleanly(tmp_path):
    target = tmp_path / "missing" / "release.ttl"
    result = run_cli("export", "-o", str(target))
    assert result.returncode == 2
    assert result.stderr.decode().strip() == f"error: {target}: output folder does not exist"
    assert not (tmp_path / "missing").exists()


def _store_with(tmp_path, text: str, fmt: str):
    from kg.stores import GraphSource, OxigraphStore

    path = tmp_path / f"data.{fmt}"
    path.write_text(text)
    store = OxigraphStore()
    store.load(path)
    return GraphSource(store)


@pytest.mark.parametrize("fmt", ["nt", "nquads"])
def test_store_export_is_the_dataset_export_flat_and_with_look_alike_blank_nodes(tmp_path, fmt):
    from kg.export import serialize_source

    p = "<http://example.org/vocab#p>"
    clique = "".join(f"_:n{a} {p} _:n{b} .\n" for a in range(5) for b in range(5) if a != b)
    told_apart = f'_:x {p} "one" .\n_:y {p} "two" .\n'
    layer = "<https://w3id.org/b12ms-kg/graph/article>"
    for text, kind, rdfc in ((told_apart, "nt", True), (clique, "nt", False),
                             (told_apart.replace(" .\n", f" {layer} .\n"), "nq", True),
                             (clique.replace(" .\n", f" {layer} .\n"), "nq", False)):
        source = _store_with(tmp_path, text, kind)
        data = serialize_source(source, fmt)
        assert data == serialize(source.dataset(), fmt, source.layers)
        assert (b"c14n" in data) == rdfc, (kind, rdfc)
        parsed = Dataset()
        parsed.parse(data=data, format="nquads")
        expected = Dataset()
        expected.parse(data=text, format="nquads")
        assert sum(len(g) for g in parsed.graphs()) == text.count("\n")
        assert isomorphic(merged_graph(parsed.graphs()), merged_graph(expected.graphs()))


def test_store_export_keeps_the_lexical_forms_the_store_holds(tmp_path):
    import pyoxigraph as ox

    from kg.export import serialize_source

    xsd = "http://www.w3.org/2001/XMLSchema#"
    forms = [("TRUE", "boolean"), ("1", "boolean"), ("true", "boolean"), ("1.", "decimal"),
             ("1.50", "decimal"), ("+5", "integer"), ("7", "integer"), ("1e0", "double"),
             ("NaN", "double"), ("abc", "integer"), ("x", "string")]
    text = "".join(f'<http://e/s{n}> <http://e/p> "{lexical}"^^<{xsd}{kind}> .\n'
                   for n, (lexical, kind) in enumerate(forms))
    text += f'_:b <http://e/p> "01"^^<{xsd}integer> .\n'  # Oxigraph stores it as "1"
    source = _store_with(tmp_path, text, "nt")
    held = {(q.object.value, q.object.datatype.value) for q in source.store.store}
    assert ("TRUE", xsd + "boolean") in held and ("1", xsd + "integer") in held
    for fmt, syntax in (("nt", "nt"), ("nquads", "nq"), ("turtle", "ttl"), ("trig", "trig"),
                        ("xml", "rdf"), ("json-ld", "jsonld")):
        data = serialize_source(source, fmt)
        assert data == serialize(source.dataset(), fmt, source.layers), fmt
        # every literal reads back (with Oxigraph, which keeps lexical forms) as it was held:
        # rdflib's own Turtle shorthand wrote "1"^^xsd:boolean as 1, an xsd:integer, and its
        # JSON-LD "abc"^^xsd:integer as the string "abc" and NaN as NaN (not JSON)
        read = {(q.object.value, q.object.datatype.value)
                for q in ox.parse(data, format=ox.RdfFormat.from_extension(syntax))}
        assert read == held, fmt


@pytest.mark.parametrize("fmt", ["nt", "turtle", "json-ld", "xml", "trig"])
def test_an_ill_typed_literal_is_exported_as_it_is_without_a_traceback(tmp_path, fmt):
    data = tmp_path / "ill-typed.nt"
    data.write_text('<http://e/s> <http://e/p> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    store = tmp_path / "store"
    assert run_cli("load", str(data), "--store", str(store)).returncode == 0
    result = run_cli("export", "--store", str(store), "-f", fmt)
    assert result.returncode == 0 and result.stderr == b"", result.stderr.decode()[-500:]
    assert b"abc" in result.stdout


@pytest.mark.parametrize("fmt", ["nt", "nquads", "turtle", "json-ld"])
def test_an_iri_with_a_space_from_a_lenient_load_is_one_line_not_a_wrong_graph(tmp_path, fmt):
    # the blank node's lines cannot be split into terms for sure: no labels are guessed
    data = tmp_path / "lenient.nt"
    data.write_text("<http://e/a b> <http://e/p> _:b .\n_:b <http://e/p> \"v\" .\n")
    store, out = tmp_path / "store", tmp_path / f"out.{fmt}"
    assert run_cli("load", str(data), "--store", str(store), "--lenient").returncode == 0
    result = run_cli("export", "--store", str(store), "-f", fmt, "-o", str(out))
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2 and not out.exists()
    assert lines == ["error: cannot write the store as RDF: Invalid IRI code point ' ' (a "
                     "file loaded with --lenient?)"]


@pytest.mark.parametrize("fmt", ["turtle", "xml", "json-ld", "nt", "nquads"])
def test_an_iri_that_is_not_rdf_is_one_line_in_every_format(tmp_path, fmt):
    # N-Triples and N-Quads wrote such a line as the store held it, as oxigraph dump does
    data = tmp_path / "lenient.nt"
    data.write_text('<http://e/a b> <http://e/p> "v" .\n')
    store, out = tmp_path / "store", tmp_path / "out"
    assert run_cli("load", str(data), "--store", str(store), "--lenient").returncode == 0
    result = run_cli("export", "--store", str(store), "-f", fmt, "-o", str(out))
    assert result.returncode == 2 and not out.exists()
    assert result.stderr.decode() == ("error: cannot write the store as RDF: Invalid IRI code "
                                      "point ' ' (a file loaded with --lenient?)\n")
