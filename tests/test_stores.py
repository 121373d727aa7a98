"""The same answers from rdflib, the embedded Oxigraph store and a real SPARQL endpoint
(`oxigraph serve`, started on a free loopback port)."""

from __future__ import annotations

import io
import subprocess
import sys
import time

import pytest
from conftest import release_store, run_cli, write_label_search
from rdflib import Literal

from kg.export import serialize
from kg.localnet import LocalNetwork
from kg.localserver import free_port, oxigraph_server, start_oxigraph
from kg.mechanism import compare, intervene
from kg.namespaces import PREFIXES
from kg.network import to_networkx
from kg.paths import find_paths, shared_mechanisms
from kg.query import _term, format_result, list_queries, load_query, run_query, write_query
from kg.stores import EndpointStore, GraphSource, OxigraphStore


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An `oxigraph serve` on 127.0.0.1:<free port>, stopped after the module."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-server")) as url:
        yield url


@pytest.fixture(scope="module")
def endpoint(server, dataset):
    store = EndpointStore(server, timeout=30)
    assert store.load_dataset(dataset) == sum(len(g) for g in dataset.graphs())
    return store


@pytest.fixture(scope="module")
def embedded(dataset, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "oxigraph"
    store = OxigraphStore(path)
    release = tmp_path_factory.mktemp("release") / "release.trig"
    release.write_bytes(serialize(dataset, "trig"))
    assert store.load(release) == sum(len(g) for g in dataset.graphs())
    return store


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_every_library_query_gives_the_same_rows_everywhere(dataset, embedded, endpoint, query):
    expected = format_result(run_query(dataset, query), "tsv")
    assert len(expected.splitlines()) > 1
    assert format_result(run_query(embedded, query), "tsv") == expected
    assert format_result(run_query(endpoint, query), "tsv") == expected


@pytest.mark.parametrize("params", [{"disease": "MONDO:0005301"}, {"disease": "MS"},
                                    {"disease": "vitamin B12 deficiency"}])
def test_parameters_resolve_the_same_everywhere(dataset, embedded, endpoint, params):
    expected = list(run_query(dataset, "list_symptoms", params).dicts())
    assert list(run_query(embedded, "list_symptoms", params).dicts()) == expected
    assert list(run_query(endpoint, "list_symptoms", params).dicts()) == expected


_SUBQUERY = """# param: disease iri = b12ms:MultipleSclerosis
PREFIX b12ms: <https://w3id.org/b12ms-kg/>
PREFIX obo: <http://purl.obolibrary.org/obo/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?symptomLabel WHERE {
  { SELECT PROJECTION WHERE { ?disease obo:RO_0002452 ?symptom } }
  ?symptom rdfs:label ?symptomLabel .
} ORDER BY ?symptomLabel
"""


@pytest.mark.parametrize("projection, expected", [
    # the subquery's ?disease is the parameter: only B12 deficiency's symptom
    ("?disease ?symptom", ["neurological symptom"]),
    # a subquery that does not project ?disease has a variable of its own: every symptom
    ("?symptom", ["cognitive impairment", "coordination problems", "fatigue",
                  "muscle weakness", "neurological symptom"]),
])
def test_parameters_reach_subqueries_only_where_they_are_projected(
        dataset, embedded, endpoint, tmp_path, projection, expected):
    path = tmp_path / "symptoms.rq"
    path.write_text(_SUBQUERY.replace("PROJECTION", projection), encoding="utf-8")
    params = {"disease": "vitamin B12 deficiency"}
    # rdflib lets an outer binding reach a subquery's own variable of the same name (a
    # scoping bug of rdflib's evaluator; README, "Choosing a back end"), so it is held to
    # the SPARQL answer only where the subquery projects the variable
    sources = (dataset, embedded, endpoint) if "?disease" in projection else (embedded, endpoint)
    for source in sources:
        assert [str(row[0]) for row in run_query(source, str(path), params).rows] == expected


def test_named_graphs_are_kept_in_every_back_end(dataset, embedded, endpoint):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    expected = [str(g.identifier) for g in sorted(dataset.graphs(), key=lambda g: g.identifier)
                if len(g)]
    for store in (embedded, endpoint):
        assert [str(row[0]) for row in store.select(query, {}).rows] == expected


def test_mechanism_network_is_the_same_from_every_back_end(dataset, embedded, endpoint):
    expected = to_networkx(dataset)
    for store in (embedded, endpoint):
        g = to_networkx(store)
        assert sorted(g.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))
        assert [p.labels() for p in find_paths(g, "MONDO:0005301", "HP:0012378")] == [
            p.labels() for p in find_paths(expected, "multiple sclerosis", "fatigue")]


def test_cli_load_and_query_an_endpoint(server, tmp_path):
    release = tmp_path / "release.nq"
    assert run_cli("export", "-f", "nq", "-o", str(release)).returncode == 0
    # a second, empty server for the CLI load
    with oxigraph_server(tmp_path / "data") as url:
        loaded = run_cli("load", str(release), "--endpoint", url)
        assert loaded.returncode == 0, loaded.stderr
        assert "triples/s" in loaded.stdout.decode()
        by_endpoint = run_cli("query", "list_hypotheses", "--endpoint", url, "-f", "csv")
        built = run_cli("query", "list_hypotheses", "-f", "csv")
        assert by_endpoint.returncode == 0 and by_endpoint.stdout == built.stdout


def test_cli_embedded_store_round_trip(tmp_path):
    store = release_store(tmp_path)
    for args in (["paths", "multiple sclerosis", "neurological symptom"], ["query", "list_claims"],
                 ["shared"]):
        assert run_cli(*args, "--store", str(store)).stdout == run_cli(*args).stdout


def test_endpoint_that_is_down_is_a_clear_error():
    url = f"http://127.0.0.1:{free_port()}/query"
    result = run_cli("query", "list_symptoms", "--endpoint", url, "--timeout", "2")
    assert result.returncode == 3  # the server failed: not bad input
    stderr = result.stderr.decode()
    assert stderr.startswith(f"error: cannot reach the SPARQL endpoint {url}")
    assert len(stderr.strip().splitlines()) == 1


def test_store_options_are_checked():
    assert run_cli("query", "list_symptoms", "--store", "/nonexistent/store").returncode == 2
    both = run_cli("load", "x.ttl")
    assert both.returncode == 2 and b"give exactly one of --store" in both.stderr


def test_add_claims_into_a_store(tmp_path):
    from conftest import FIXTURES
    store = release_store(tmp_path)
    added = run_cli("add-claims", str(FIXTURES / "example_claims.yaml"), "--store", str(store))
    assert added.returncode == 0, added.stderr
    assert added.stdout == b""
    rows = run_cli("query", "count_support_per_edge", "--store", str(store), "-f", "csv")
    assert "vitamin B12 deficiency,impairs,myelination,2,2,2" in rows.stdout.decode()


@pytest.mark.parametrize("mode", [[], ["--append"], ["--append", "--bulk"]])
def test_a_file_that_fails_to_parse_leaves_the_store_as_it_was(tmp_path, mode):
    """Without --append, the file is parsed before anything is cleared; with it, the
    loader itself (transactional, or the bulk loader) must leave nothing behind."""
    store = tmp_path / "store"
    good = tmp_path / "good.nt"
    good.write_text('<http://x/a> <http://x/b> "1" .\n')
    bad = tmp_path / "bad.nt"
    bad.write_text("".join(f'<http://x/c{i}> <http://x/d> "2" .\n' for i in range(1000))
                   + "<http://x/broken\n")
    assert run_cli("load", str(good), "--store", str(store)).returncode == 0
    failed = run_cli("load", str(bad), "--store", str(store), *mode)
    assert failed.returncode == 2 and failed.stderr.decode().startswith(f"error: {bad}: cannot parse")
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    count = run_cli("query", str(query), "--store", str(store), "-f", "csv")
    assert count.stdout.decode().split("\r\n")[1] == "1"


def test_lenient_load_gives_the_same_store(tmp_path, dataset):
    release = tmp_path / "release.nq"
    release.write_bytes(serialize(dataset, "nquads"))
    stores = []
    for flags in ([], ["--lenient"], ["--lenient", "--bulk"]):
        store = tmp_path / f"store{len(stores)}"
        loaded = run_cli("load", str(release), "--store", str(store), *flags)
        assert loaded.returncode == 0, loaded.stderr
        stores.append(run_cli("query", "list_claims", "--store", str(store), "-f", "tsv").stdout)
    assert stores[0] == stores[1] == stores[2] and stores[0].count(b"\n") > 40
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://x/broken\n")
    failed = run_cli("load", str(bad), "--store", str(tmp_path / "other"), "--lenient")
    assert failed.returncode == 2 and "cannot parse" in failed.stderr.decode()
    refused = run_cli("load", str(release), "--endpoint", "http://127.0.0.1:9/query", "--lenient")
    assert refused.returncode == 2 and "--lenient applies to --store only" in refused.stderr.decode()


def test_endpoint_down_then_restarted(tmp_path, dataset):
    port = free_port()
    folder = tmp_path / "data"
    server = start_oxigraph(folder, port)
    store = EndpointStore(f"http://127.0.0.1:{port}/query", timeout=5, retries=2)
    store.load_dataset(dataset)
    server.terminate()
    server.wait(timeout=10)
    from kg.errors import KGError
    with pytest.raises(KGError, match=r"cannot reach the SPARQL endpoint .* \(tried 3 time\(s\)\)"):
        run_query(store, "list_symptoms")
    with pytest.raises(KGError, match="load interrupted after 0 of"):
        store.load_dataset(dataset)
    server = start_oxigraph(folder, port)  # the data was persisted; the client recovers
    try:
        assert format_result(run_query(store, "list_symptoms"), "tsv") == format_result(
            run_query(dataset, "list_symptoms"), "tsv")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_endpoint_load_keeps_blank_node_axioms_whole(tmp_path):
    """Each claim is a blank-node axiom of ten quads; requests of 50 quads would cut most
    of them in two if blank nodes were not kept together (each request is its own scope)."""
    import io

    from test_benchmarks import _generator

    text = io.StringIO()
    _generator().generate(3000, text)
    path = tmp_path / "kg.nq"
    path.write_text(text.getvalue(), encoding="utf-8")
    embedded = OxigraphStore()
    embedded.load(path)
    port = free_port()
    server = start_oxigraph(tmp_path / "data", port)
    try:
        store = EndpointStore(f"http://127.0.0.1:{port}/query", timeout=30)
        assert store.load(path, batch=50) == len(text.getvalue().splitlines())
        for query in ("list_claims", "count_claims_by_certainty"):
            expected = format_result(run_query(embedded, query), "tsv")
            assert expected.count("\n") > 5
            assert format_result(run_query(store, query), "tsv") == expected
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        assert store.select(count, {}).rows == embedded.select(count, {}).rows
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_bounded_load_test_of_the_endpoint_client(endpoint, capsys):
    from concurrent.futures import ThreadPoolExecutor

    url = endpoint.url

    def worker(number: int) -> int:
        client = EndpointStore(url, timeout=30)
        names = ["list_symptoms", "find_required_for", "find_consequences", "list_hypotheses"]
        for i in range(200):
            assert run_query(client, names[(number + i) % len(names)]).rows
        return 200

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        done = sum(pool.map(worker, range(8)))
    seconds = time.perf_counter() - started
    assert done == 1600
    with capsys.disabled():
        print(f"\nendpoint client load test: {done} queries, 8 workers, {seconds:.1f} s, "
              f"{done / seconds:.0f} queries/s")


def test_a_reader_and_a_writer_share_an_embedded_store(tmp_path):
    store = release_store(tmp_path, "nquads")
    big = tmp_path / "big.nt"
    big.write_text("".join(f'<http://x/s{i}> <http://x/p> "{i}" .\n' for i in range(200000)))
    writer = subprocess.Popen([sys.executable, "-m", "kg", "load", str(big), "--store",
                               str(store), "--graph", "http://x/big"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, cwd=tmp_path)
    readers = [run_cli("query", "list_symptoms", "--store", str(store), "-f", "csv")
               for _ in range(3)]
    out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    assert all(r.returncode == 0 and r.stdout.count(b"\r\n") == 5 for r in readers), \
        [r.stderr for r in readers]
    count = tmp_path / "count.rq"
    count.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://x/p> ?o }")
    result = run_cli("query", str(count), "--store", str(store), "-f", "csv",
                     "--layers", "http://x/big")  # a graph that is not ours: named by its IRI
    assert result.stdout.decode().split("\r\n")[1] == "200000"


@pytest.mark.parametrize("evil", ['") } ; DROP ALL ; #', '"> } ; DROP ALL #', "a\nb"])
def test_parameters_cannot_change_the_query_on_the_endpoint(endpoint, tmp_path, evil):
    from kg.errors import InputError
    query = write_label_search(tmp_path)
    assert list(run_query(endpoint, str(query), {"text": evil}).dicts()) == []
    with pytest.raises(InputError, match="unknown entity"):
        run_query(endpoint, "list_symptoms", {"disease": "b12ms:X> } ; DROP ALL #"})
    count = endpoint.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {})
    assert int(count.rows[0][0]) > 1000


def _parsed(data: bytes, fmt: str) -> list[tuple]:
    """Rows read back with rdflib's SPARQL results parsers (CSV keeps text only)."""
    from rdflib.query import Result as Parsed

    rows = [tuple(row) for row in Parsed.parse(io.BytesIO(data), format=fmt)]
    return [tuple(None if t is None else str(t) for t in row) for row in rows] \
        if fmt == "csv" else rows


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_engine_written_results_are_the_rows_of_the_rdflib_term_path(
        dataset, embedded, endpoint, query, fmt):
    """Oxigraph's own results writer (embedded, and an Oxigraph endpoint's answer passed
    through) gives the rows of the rdflib-term path, read back with a results parser, and
    the same bytes as the rdflib renderer on the built graph."""
    built = io.BytesIO()
    write_query(dataset, query, {}, fmt, built)
    for store in (embedded, endpoint):
        source = GraphSource(store)
        text = load_query(query).text
        bindings = {p.name: _term(p, p.default, source) for p in load_query(query).params
                    if p.default}
        written = io.BytesIO()
        assert source.write_select(text, bindings, PREFIXES, fmt, written)  # the engine wrote
        expected = run_query(source, query).rows
        assert expected
        if fmt == "csv":
            expected = [tuple(None if t is None else str(t) for t in row) for row in expected]
        assert _parsed(written.getvalue(), fmt) == expected
        through_api = io.BytesIO()
        write_query(source, query, {}, fmt, through_api)
        assert through_api.getvalue() == written.getvalue() == built.getvalue()


def test_a_large_result_is_written_as_a_stream(tmp_path):
    """120,000 rows from a store, through the CLI, in every streamed format."""
    import pyoxigraph as ox

    path = tmp_path / "store"
    store = ox.Store(str(path))
    graph = ox.NamedNode("http://example.org/graph/big")
    predicate = ox.NamedNode("http://example.org/p")
    store.bulk_extend(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), predicate,
                              ox.Literal(i), graph) for i in range(120_000))
    store.flush()
    del store
    query = tmp_path / "all.rq"
    query.write_text("SELECT ?s ?n WHERE { ?s <http://example.org/p> ?n } ORDER BY ?n")
    for fmt in ("csv", "tsv", "json"):
        out = tmp_path / f"big.{fmt}"
        result = run_cli("query", str(query), "--store", str(path), "-f", fmt, "-o", str(out))
        assert result.returncode == 0, result.stderr
        rows = _parsed(out.read_bytes(), fmt)
        assert len(rows) == 120_000
        assert rows[-1][1] in ("119999", Literal(119_999))


@pytest.mark.parametrize("kinds", [("causal",), ("causal", "structural")])
def test_analyses_from_a_store_read_a_part_and_answer_as_the_full_network(
        dataset, embedded, endpoint, kinds):
    """shared, compare and intervene on the part of the network LocalNetwork reads from
    a store give what they give on the whole network built in memory."""
    full = to_networkx(dataset)
    a, b = "vitamin B12 deficiency", "multiple sclerosis"
    for store in (embedded, endpoint):
        net = LocalNetwork(store, kinds=kinds)
        part = net.around([a, b], max_length=6)
        assert part.number_of_nodes() < full.number_of_nodes()  # not the whole network
        ends = net.nodes(a, b)
        assert compare(part, *ends, kinds=kinds).as_dict() == compare(
            full, a, b, kinds=kinds).as_dict()
        assert [s.as_dict() for s in shared_mechanisms(part, *ends, kinds=kinds)] == [
            s.as_dict() for s in shared_mechanisms(full, a, b, kinds=kinds)]
        for conditions in (None, ["multiple sclerosis"]):
            part = net.for_intervention("vitamin B12", conditions, max_length=6)
            named = None if conditions is None else net.nodes(*conditions)
            found = intervene(part, net.nodes("vitamin B12")[0], named, kinds=kinds).as_dict()
            assert found == intervene(full, "vitamin B12", conditions, kinds=kinds).as_dict()
            assert found["outcomes"]


def test_cli_analyses_from_a_store_answer_as_on_the_built_graph(tmp_path):
    store = release_store(tmp_path)
    for args in (["compare", "-f", "json"], ["shared", "-f", "json"],
                 ["intervene", "--restore", "vitamin B12", "-f", "json"],
                 ["intervene", "--restore", "vitamin B12", "--condition", "MS", "-f", "md"],
                 ["compare", "--include-structural", "--max-length", "3"]):
        on_store = run_cli(*args, "--store", str(store))
        assert on_store.returncode == 0, on_store.stderr
        assert on_store.stdout == run_cli(*args).stdout
