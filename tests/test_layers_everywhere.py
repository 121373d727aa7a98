"""One graph in every format and every store: layers mean the same everywhere, nothing is
duplicated or merged on the way (issue 17)."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest
from conftest import FIXTURES, run_cli
from rdflib import BNode, Dataset, Graph
from rdflib.compare import isomorphic

from kg.export import FORMATS, serialize, serialize_source
from kg.localserver import oxigraph_server
from kg.namespaces import B12MS, LAYERS
from kg.query import format_result, list_queries, run_query
from kg.stores import EndpointStore, GraphSource, OxigraphStore, RdflibStore, new_dataset

RDF_FORMATS = ["turtle", "xml", "nt", "json-ld", "trig", "nquads"]
RDFLIB_NAMES = {"turtle": "turtle", "xml": "xml", "nt": "nt", "json-ld": "json-ld",
                "trig": "trig", "nquads": "nquads"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-serve")) as url:
        yield url


def _parse(data: bytes, fmt: str) -> Dataset:
    ds = new_dataset()
    if FORMATS[fmt].keeps_layers:
        ds.parse(data=data, format=RDFLIB_NAMES[fmt])
    else:
        ds.default_graph.parse(data=data, format=RDFLIB_NAMES[fmt])
    return ds


def _graphs(ds: Dataset) -> dict:
    return {g.identifier: g for g in ds.graphs() if len(g)}


def _no_blank_node_in_two_graphs(ds: Dataset) -> None:
    where = defaultdict(set)
    for graph in ds.graphs():
        for triple in graph:
            for term in triple:
                if isinstance(term, BNode):
                    where[term].add(graph.identifier)
    shared = {b: gs for b, gs in where.items() if len(gs) > 1}
    assert not shared, f"blank nodes shared by graphs: {list(shared.items())[:3]}"


def _store(kind: str, server: str | None):
    if kind == "rdflib":
        return RdflibStore()
    if kind == "oxigraph":
        return OxigraphStore()
    graph_store = server.rsplit("/", 1)[0] + "/store" if kind == "graph store" else None
    store = EndpointStore(server, timeout=60, graph_store_url=graph_store)
    store.update("DROP ALL")
    return store


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph", "oxigraph serve", "graph store"])
@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_export_load_export_is_isomorphic(tmp_path, dataset, server, fmt, backend):
    """Export, load into a back end, export again: the same graph, graph by graph, blank
    nodes included (and no blank node label shared by two layers)."""
    first = serialize(dataset, fmt, ("article", "background"))
    path = tmp_path / f"release{FORMATS[fmt].extension}"
    path.write_bytes(first)
    store = _store(backend, server if backend in ("oxigraph serve", "graph store") else None)
    store.load(path)
    source = GraphSource(store)
    again = serialize(source.dataset(), fmt, source.layers)
    before, after = _parse(first, fmt), _parse(again, fmt)
    _no_blank_node_in_two_graphs(before)
    _no_blank_node_in_two_graphs(after)
    assert sorted(_graphs(before)) == sorted(_graphs(after))
    for name, graph in _graphs(before).items():
        assert len(graph) == len(_graphs(after)[name]), name
        assert isomorphic(graph, _graphs(after)[name]), name
    if FORMATS[fmt].keeps_layers:
        assert len(_graphs(before)) == 3  # ontology, article, background
    assert again == first  # the writers are deterministic, whatever store the graph was in
    # N-Triples and N-Quads straight from an embedded store: the same bytes
    assert serialize_source(source, fmt) == first


def test_nquads_labels_blank_nodes_per_layer(dataset):
    text = serialize(dataset, "nquads", ("article", "background")).decode()
    graphs_of = defaultdict(set)
    for line in text.splitlines():
        graph = line.rsplit(" ", 2)[-2]
        for token in line.split():
            if token.startswith("_:"):
                graphs_of[token].add(graph)
    assert graphs_of and all(len(g) == 1 for g in graphs_of.values())


def _count_claims(store) -> str:
    return format_result(run_query(GraphSource(store), "count_claims_by_certainty"), "tsv")


@pytest.mark.parametrize("backend", ["oxigraph", "oxigraph serve", "graph store"])
def test_loading_the_same_file_twice_changes_nothing(tmp_path, dataset, server, backend):
    path = tmp_path / "release.trig"
    path.write_bytes(serialize(dataset, "trig", ("article", "background")))
    store = _store(backend, server if backend in ("oxigraph serve", "graph store") else None)
    store.load(path)
    once = _count_claims(store)
    assert "45" in once
    store.load(path)
    assert _count_claims(store) == once
    store.load(path, append=True)  # --append adds: the claims' axioms (blank nodes) twice
    header, *rows = once.splitlines(keepends=True)
    doubled = [f"{row.rsplit(chr(9), 1)[0]}\t{2 * int(row.rsplit(chr(9), 1)[1])}\n" for row in rows]
    assert _count_claims(store) == "".join([header, *doubled])


def test_cli_load_twice_and_append(tmp_path):
    release = tmp_path / "release.trig"
    assert run_cli("export", "-f", "trig", "-o", str(release)).returncode == 0
    store = tmp_path / "store"
    outputs = []
    for _ in range(2):
        assert run_cli("load", str(release), "--store", str(store)).returncode == 0
        outputs.append(run_cli("query", "count_claims_by_certainty", "--store", str(store),
                               "-f", "csv").stdout)
    assert outputs[0] == outputs[1] and b"article,asserted,45" in outputs[0]
    paths = run_cli("paths", "vitamin B12 deficiency", "impaired myelin production",
                    "--store", str(store)).stdout.decode()
    assert paths.count("C015 (asserted") == 1  # not listed twice


def test_added_claims_are_followed_on_a_store_by_default_and_by_name(tmp_path):
    merged = tmp_path / "merged.trig"
    example = FIXTURES / "example_claims.yaml"
    assert run_cli("add-claims", str(example), "-o", str(merged)).returncode == 0
    store = tmp_path / "store"
    assert run_cli("load", str(merged), "--store", str(store)).returncode == 0
    for layers in ([], ["--layers", "article,background,example"]):
        paths = run_cli("paths", "vitamin B12 deficiency", "myelination", "--store", str(store),
                        *layers)
        assert paths.returncode == 0, paths.stderr
        assert "X001 (asserted, example)" in paths.stdout.decode()
        for command in (["shared"], ["compare"]):
            result = run_cli(*command, "--store", str(store), *layers, "-f", "json")
            assert result.returncode == 0, result.stderr
        compare = run_cli("compare", "correction of vitamin B12 deficiency",
                          "vitamin B12 deficiency", "--store", str(store), *layers)
        assert compare.returncode == 0, compare.stderr
    without = run_cli("paths", "vitamin B12 deficiency", "myelination", "--store", str(store),
                      "--layers", "article")
    assert "X001" not in without.stdout.decode() and "C013" in without.stdout.decode()
    unknown = run_cli("paths", "vitamin B12 deficiency", "myelination", "--store", str(store),
                      "--layers", "article,gossip")
    assert unknown.returncode == 2
    assert "unknown layer 'gossip' (this graph holds: article, background, example)" in \
        unknown.stderr.decode()


def test_add_claims_into_a_store_twice_replaces_its_graph(tmp_path):
    store = tmp_path / "store"
    release = tmp_path / "release.trig"
    assert run_cli("export", "-f", "trig", "-o", str(release)).returncode == 0
    assert run_cli("load", str(release), "--store", str(store)).returncode == 0
    example = FIXTURES / "example_claims.yaml"
    for _ in range(2):
        assert run_cli("add-claims", str(example), "--store", str(store)).returncode == 0
    counts = run_cli("query", "count_claims_by_certainty", "--store", str(store), "-f",
                     "csv").stdout.decode()
    assert "example,asserted,1" in counts and "example,hypothesis,1" in counts


@pytest.fixture(scope="module")
def four_sources(dataset, server, tmp_path_factory):
    """The release as the flat Turtle file (rdflib), the TriG file (rdflib), an embedded
    store and an endpoint."""
    folder = tmp_path_factory.mktemp("four")
    flat = Graph().parse(data=serialize(dataset, "turtle"), format="turtle")
    flat_ds = new_dataset()
    flat_ds.default_graph.__iadd__(flat)
    trig = new_dataset()
    trig.parse(data=serialize(dataset, "trig"), format="trig")
    embedded = OxigraphStore()
    (folder / "release.trig").write_bytes(serialize(dataset, "trig"))
    embedded.load(folder / "release.trig")
    endpoint = EndpointStore(server, timeout=60)
    endpoint.update("DROP ALL")
    endpoint.load(folder / "release.trig")
    return {"flat turtle": RdflibStore(flat_ds), "trig in rdflib": RdflibStore(trig),
            "embedded": embedded, "endpoint": endpoint}


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_every_library_query_gives_the_same_rows_everywhere(four_sources, query):
    results = {name: format_result(run_query(GraphSource(store), query), "tsv")
               for name, store in four_sources.items()}
    expected = results["trig in rdflib"]
    assert expected.count("\n") > 1, query
    assert {name: r == expected for name, r in results.items()} == dict.fromkeys(results, True)


def test_export_and_validate_read_only_the_named_layers_of_a_store(tmp_path):
    release = tmp_path / "release.trig"
    assert run_cli("export", "-f", "trig", "-o", str(release)).returncode == 0
    store = tmp_path / "store"
    assert run_cli("load", str(release), "--store", str(store)).returncode == 0
    other = tmp_path / "other.nq"  # a graph that is not ours, as on a shared server
    other.write_text('<http://example.org/x> <http://example.org/p> "not ours" '
                     "<http://example.org/system> .\n")
    assert run_cli("load", str(other), "--store", str(store)).returncode == 0
    exported = run_cli("export", "-f", "nquads", "--store", str(store), "--layers", "article")
    graphs = {line.rsplit(" ", 2)[-2] for line in exported.stdout.decode().splitlines()}
    assert graphs == {"<https://w3id.org/b12ms-kg/graph/ontology>",
                      "<https://w3id.org/b12ms-kg/graph/article>"}
    default = run_cli("export", "-f", "nquads", "--store", str(store))
    assert b"not ours" not in default.stdout  # the default: our layers only
    assert b"graph/background" in default.stdout
    assert default.stderr.decode() == (  # what is left out is said, not silently dropped
        "note: not exported from the store: layer http://example.org/system (name it with "
        "--layers)\n")
    named = run_cli("export", "-f", "nquads", "--store", str(store), "--layers",
                    "article,http://example.org/system")
    assert b"not ours" in named.stdout  # another graph is read when named
    assert named.stderr.decode() == ("note: not exported from the store: layer background "
                                     "(name it with --layers)\n")
    unnamed = tmp_path / "unnamed.nq"  # triples in no layer: the default graph, a blank graph
    unnamed.write_text('<http://example.org/x> <http://example.org/p> "default" .\n'
                       '<http://example.org/x> <http://example.org/p> "a" _:g .\n'
                       '<http://example.org/x> <http://example.org/p> "b" _:g .\n')
    assert run_cli("load", str(unnamed), "--store", str(store)).returncode == 0
    every = run_cli("export", "-f", "nquads", "--store", str(store), "--layers",
                    "article,background,http://example.org/system")
    assert every.returncode == 0 and every.stdout.count(b"example.org/system") == 1
    assert every.stderr.decode() == (
        "note: not exported from the store: 1 triple in the default graph and 2 triples in "
        "graphs named by a blank node, in no layer (to make them one, load them into a "
        "named graph: --graph NAME for a triple format)\n")
    assert run_cli("-q", "export", "--store", str(store)).stderr == b""
    two = run_cli("export", "-f", "nquads", "--store", str(store), "--layers", "article")
    assert two.stderr.decode().startswith(
        "note: not exported from the store: layers background and http://example.org/system "
        "(name them with --layers); 1 triple in the default graph and 2 triples in graphs")
    validated = run_cli("validate", "--no-reason", "--store", str(store), "--layers",
                        "article,background", "-f", "json")
    assert validated.returncode == 0, validated.stdout.decode()[-2000:]
    assert b"example.org" not in validated.stdout


def test_flat_store_is_read_whole_and_its_recorded_layers_are_known(tmp_path):
    flat = tmp_path / "release.ttl"
    assert run_cli("export", "-f", "turtle", "-o", str(flat)).returncode == 0
    store = OxigraphStore()
    store.load(flat)
    source = GraphSource(store)
    assert source.flat and source.layers == ["article", "background"]
    rows = format_result(run_query(source, "list_symptoms"), "csv")
    assert "fatigue" in rows
    assert source.left_out() is None  # (read whole)
    e = ox.NamedNode("http://example.org/e")  # a graph named by a blank node: no layer
    store.store.add(ox.Quad(e, e, e, ox.BlankNode()))
    assert GraphSource(store).left_out() == (
        "1 triple in a graph named by a blank node, in no layer (to make them one, load them "
        "into a named graph: --graph NAME for a triple format)")


def test_inferred_layer_with_paths_shared_compare_and_draw(tmp_path):
    layers = ["--layers", "article,background,inferred"]
    paths = run_cli("paths", "multiple sclerosis", "neurological symptom", *layers)
    assert paths.returncode == 0, paths.stderr
    text = paths.stdout.decode()
    assert "net effect: unsigned" not in text  # superproperty restatements do not hide signs
    assert ("causes: cross-context hypothesis by property chain (inferred); premises C017, "
            "C041; weakest premise: asserted") in text
    assert "(asserted, inferred)" not in text and "[None:None]" not in text
    for command in (["shared"], ["compare"]):
        result = run_cli(*command, *layers)
        assert result.returncode == 0, result.stderr
    picture = tmp_path / "m.svg"
    assert run_cli("draw", "-o", str(picture), *layers).returncode == 0
    assert b"toolkit: cross-context hypothesis" in picture.read_bytes()  # its own legend entry


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph", "oxigraph serve"])
def test_every_back_end_answers_ask_and_construct_over_its_layers(tmp_path, dataset, server,
                                                                   backend):
    path = tmp_path / "release.trig"
    path.write_bytes(serialize(dataset, "trig", ("article", "background")))
    store = _store(backend, server if backend in ("oxigraph serve", "graph store") else None)
    store.load(path)
    claim = ("ASK { ?a <https://w3id.org/b12ms-kg/supportingText> ?t ; "
             "<http://purl.org/dc/terms/identifier> \"B001\" }")
    assert GraphSource(store).ask(claim) is True
    assert GraphSource(store, ["article"]).ask(claim) is False  # B001 is a background claim
    edges = ("CONSTRUCT { ?s <https://w3id.org/b12ms-kg/causes> ?o } WHERE { "
             "?s <https://w3id.org/b12ms-kg/causes> ?o }")
    assert len(GraphSource(store, ["article"]).construct(edges)) == len(
        list(dataset.graph(LAYERS["article"]).triples((None, B12MS.causes, None))))
