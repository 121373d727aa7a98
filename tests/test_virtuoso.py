"""A second real server: Debian's Virtuoso 7, with a private database, Digest-authenticated
updates and the server's own graphs beside ours (issue 19).

scripts/test.sh installs ``virtuoso-opensource`` and sets KG_REQUIRE_VIRTUOSO, so in CI
these tests run; elsewhere they are skipped when Virtuoso is not installed.
"""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import run_cli
from rdflib.compare import isomorphic

from kg.export import serialize
from kg.localserver import virtuoso_server
from kg.namespaces import LAYERS
from kg.query import format_result, list_queries, run_query
from kg.stores import EndpointStore, GraphSource

MECHANISM_COMMANDS = [
    ["paths", "multiple sclerosis", "neurological symptom"],
    ["paths", "vitamin B12 deficiency", "nerve signal transmission"],
    ["shared"],
    ["compare"],
    ["intervene", "--restore", "vitamin B12"],
]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    if shutil.which("virtuoso-t") is None:
        if os.environ.get("KG_REQUIRE_VIRTUOSO"):
            pytest.fail("Virtuoso is required (scripts/test.sh installs virtuoso-opensource)")
        pytest.skip("Virtuoso is not installed (scripts/test.sh installs it)")
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="module")
def loaded(virtuoso, dataset, tmp_path_factory):
    """The release, loaded with the command line through the authenticated endpoint."""
    release = tmp_path_factory.mktemp("release") / "release.trig"
    release.write_bytes(serialize(dataset, "trig"))
    result = run_cli("load", str(release), "--endpoint", virtuoso.url,
                     env=virtuoso.environment())
    assert result.returncode == 0, result.stderr
    return release


def test_the_release_loads_and_loading_twice_changes_nothing(virtuoso, loaded):
    env = virtuoso.environment()
    before = run_cli("query", "count_claims_by_certainty", "--endpoint", virtuoso.url,
                     "-f", "csv", env=env)
    assert before.returncode == 0, before.stderr
    assert b"article,asserted,45" in before.stdout
    again = run_cli("load", str(loaded), "--endpoint", virtuoso.url, env=env)
    assert again.returncode == 0, again.stderr
    after = run_cli("query", "count_claims_by_certainty", "--endpoint", virtuoso.url,
                    "-f", "csv", env=env)
    assert after.stdout == before.stdout


def test_the_server_keeps_graphs_of_its_own_which_we_never_read(virtuoso, loaded):
    store = EndpointStore(virtuoso.url)
    ours = [g for g in store.named_graphs() if str(g).startswith("https://w3id.org/b12ms-kg/")]
    assert len(store.named_graphs()) > len(ours) == 3  # Virtuoso's system graphs
    assert GraphSource(store).layers == ["article", "background"]
    validated = run_cli("validate", "--no-reason", "--endpoint", virtuoso.url, "-f", "json")
    assert validated.returncode == 0, validated.stdout.decode()[-2000:]
    assert b"openlinksw" not in validated.stdout


@pytest.mark.parametrize("query", [query.name for query in list_queries()])
def test_every_library_query_gives_the_in_memory_rows(virtuoso, loaded, dataset, query):
    expected = format_result(run_query(dataset, query), "csv")
    assert expected.count("\n") > 1
    assert format_result(run_query(GraphSource(EndpointStore(virtuoso.url)), query),
                         "csv") == expected


@pytest.mark.parametrize("command", MECHANISM_COMMANDS, ids=lambda c: " ".join(c))
def test_mechanism_commands_give_the_in_memory_output(virtuoso, loaded, command):
    expected = run_cli(*command)
    assert expected.returncode == 0 and expected.stdout
    found = run_cli(*command, "--endpoint", virtuoso.url)
    assert found.returncode == 0, found.stderr
    assert found.stdout == expected.stdout


def test_parameters_stay_terms_on_virtuoso(virtuoso, loaded):
    evil = run_cli("query", "list_symptoms", "--param", "disease=b12ms:X> } ; DROP ALL #",
                   "--endpoint", virtuoso.url)
    assert evil.returncode == 2
    rows = run_cli("query", "find_consequences", "--param", "condition=MS", "--endpoint",
                   virtuoso.url, "-f", "csv")
    assert rows.returncode == 0 and b"autoimmune attack on myelin" in rows.stdout


def test_a_wrong_password_is_a_server_failure_in_one_line(virtuoso, loaded, tmp_path):
    env = {**virtuoso.environment(), "B12MS_KG_PASSWORD": "not-the-password"}
    result = run_cli("load", str(loaded), "--endpoint", virtuoso.url, env=env)
    stderr = result.stderr.decode()
    assert result.returncode == 3, stderr
    assert len(stderr.strip().splitlines()) == 1 and "HTTP 401" in stderr
    assert "not-the-password" not in stderr
    anonymous = run_cli("load", str(loaded), "--endpoint", virtuoso.url,
                        env={"B12MS_KG_UPDATE_URL": virtuoso.url})  # no update permission
    assert anonymous.returncode in (2, 3) and len(anonymous.stderr.strip().splitlines()) == 1


def test_the_graph_store_protocol_loads_the_same_graphs(virtuoso, loaded, dataset):
    """With B12MS_KG_GRAPH_STORE_URL, a load PUTs each layer as one document (Virtuoso's
    authenticated Graph Store endpoint, Digest): loading twice replaces, never duplicates,
    and the graphs read back are the release's, blank nodes included."""
    base = virtuoso.url.rsplit("/", 1)[0]
    env = {**virtuoso.environment(), "B12MS_KG_GRAPH_STORE_URL": base + "/sparql-graph-crud-auth"}
    for _ in range(2):
        result = run_cli("load", str(loaded), "--endpoint", virtuoso.url, env=env)
        assert result.returncode == 0, result.stderr
    source = GraphSource(EndpointStore(virtuoso.url))
    again = source.dataset()
    for layer in ("ontology", "article", "background"):
        name = LAYERS[layer]
        assert isomorphic(dataset.graph(name), again.graph(name)), layer
    assert format_result(run_query(source, "count_claims_by_certainty"), "csv") == \
        format_result(run_query(dataset, "count_claims_by_certainty"), "csv")
    wrong = run_cli("load", str(loaded), "--endpoint", virtuoso.url,
                    env={**env, "B12MS_KG_PASSWORD": "not-the-password"})
    assert wrong.returncode == 3 and len(wrong.stderr.strip().splitlines()) == 1
