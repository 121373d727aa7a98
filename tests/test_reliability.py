"""Bad input gets one line and exit code 2; updates need --allow-update; stores survive
concurrent readers; random bytes never crash the loaders."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import FIXTURES, REPO, release_store, run_cli, write_label_search
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.claims import parse_claims
from kg.errors import InputError
from kg.stores import OxigraphStore

RELEASE = (REPO / "ontology" / "b12ms-kg.ttl").read_text(encoding="utf-8")
EXAMPLE = (FIXTURES / "example_claims.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name,content", [
    ("empty.ttl", b""),
    ("binary.ttl", bytes(range(256)) * 4),
    ("latin1.ttl", '<http://x/a> <http://x/b> "caf\xe9" .'.encode("latin-1")),
    ("malformed.ttl", b"<http://x/a> <http://x/b> ."),
    ("malformed.owl", b"<rdf:RDF><broken"),
    ("malformed.jsonld", b"{not json"),
    ("huge-literal.nt", b'<http://x/a> <http://x/b> "' + b"x" * 5_000_000),
    ("unknown.xyz", b"whatever"),
])
def test_bad_rdf_files_give_one_line_and_exit_2(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    store = tmp_path / "store"
    result = run_cli("load", str(path), "--store", str(store))
    stderr = result.stderr.decode()
    if name == "empty.ttl":  # an empty file is valid RDF: nothing to load
        assert result.returncode == 0, stderr
        return
    assert result.returncode == 2, stderr
    assert stderr.startswith(f"error: {path}: ") and len(stderr.strip().splitlines()) == 1
    assert "Traceback" not in stderr


def test_updates_are_refused_unless_allowed(tmp_path):
    store = tmp_path / "store"
    data = tmp_path / "data.nt"
    data.write_text('<http://x/a> <http://x/b> "1" .\n')
    assert run_cli("load", str(data), "--store", str(store)).returncode == 0
    for text in ("DROP ALL", "CLEAR DEFAULT", "DELETE WHERE { ?s ?p ?o }",
                 'INSERT DATA { <http://x/c> <http://x/d> "2" }', "LOAD <http://x/remote>"):
        update = tmp_path / "u.rq"
        update.write_text(text)
        refused = run_cli("query", str(update), "--store", str(store))
        assert refused.returncode == 2 and b"--allow-update" in refused.stderr, text
    count = tmp_path / "count.rq"
    count.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert run_cli("query", str(count), "--store", str(store), "-f", "csv").stdout.decode(
        ).split("\r\n")[1] == "1"
    update.write_text("DROP ALL")
    assert run_cli("query", str(update), "--store", str(store), "--allow-update").returncode == 0
    assert run_cli("query", str(count), "--store", str(store), "-f", "csv").stdout.decode(
        ).split("\r\n")[1] == "0"
    built_in = run_cli("query", str(update), "--allow-update")
    assert built_in.returncode == 2 and b"needs a store" in built_in.stderr


def test_two_processes_read_the_same_store_at_once(tmp_path):
    store = release_store(tmp_path)
    command = [sys.executable, "-m", "kg", "query", "list_claims", "--store", str(store), "-f",
               "csv"]
    readers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=tmp_path) for _ in range(3)]
    outputs = [reader.communicate(timeout=120) for reader in readers]
    assert all(reader.returncode == 0 for reader in readers), [o[1] for o in outputs]
    assert len({out for out, _ in outputs}) == 1 and outputs[0][0].count(b"\r\n") == 59


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash_the_claims_loader(tmp_path_factory, data):
    text = data.decode("utf-8", errors="replace")
    try:
        parse_claims("random.yaml", text, base=tmp_path_factory.mktemp("c"))
    except InputError as exc:
        assert exc.where == "random.yaml" and "\n" not in exc.message.strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(EXAMPLE) - 1), st.text(max_size=5))
def test_mutated_claims_files_are_accepted_or_rejected_cleanly(tmp_path_factory, at, insert):
    text = EXAMPLE[:at] + insert + EXAMPLE[at + 1:]
    try:
        parse_claims("mutated.yaml", text, base=tmp_path_factory.mktemp("c"))
    except InputError as exc:
        assert exc.where == "mutated.yaml"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(RELEASE) - 1), st.binary(max_size=8))
def test_mutated_turtle_loads_or_fails_cleanly_and_atomically(tmp_path_factory, at, insert):
    folder = tmp_path_factory.mktemp("t")
    path = folder / "release.ttl"
    path.write_bytes(RELEASE.encode("utf-8")[:at] + insert + RELEASE.encode("utf-8")[at + 1:])
    store = OxigraphStore()
    try:
        store.load(path)
    except InputError as exc:
        assert exc.where == str(path)
        assert len(store.store) == 0  # a failed load leaves nothing behind


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from([".ttl", ".nt", ".nq", ".trig", ".owl", ".jsonld"]))
def test_random_bytes_never_crash_the_rdf_loader(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("r") / f"random{suffix}"
    path.write_bytes(data)
    store = OxigraphStore()
    try:
        store.load(path)
    except InputError as exc:
        assert exc.where == str(path)
        assert len(store.store) == 0


@pytest.mark.parametrize("where", ["built-in", "store"])
def test_query_timeout_stops_the_run_and_leaves_no_file(tmp_path, where):
    slow = tmp_path / "slow.rq"
    slow.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    out = tmp_path / "out.csv"
    extra = ["--store", str(release_store(tmp_path))] if where == "store" else []
    result = run_cli("query", str(slow), "--timeout", "1", "-f", "csv", "-o", str(out), *extra)
    assert result.returncode == 2
    assert result.stderr.decode() == "error: query slow took longer than 1 s (raise --timeout)\n"
    assert not out.exists() and not list(tmp_path.glob(".out.csv.*"))


def test_streamed_results_equal_buffered_ones(dataset, tmp_path):
    from kg.query import format_result, run_query
    store = OxigraphStore()
    store.load_dataset(dataset)
    for source in (dataset, store):
        for fmt in ("csv", "tsv", "json"):
            streamed = format_result(run_query(source, "list_claims", stream=True), fmt)
            assert streamed == format_result(run_query(source, "list_claims"), fmt)
    big = run_cli("query", "list_claims", "-f", "tsv", "--store", str(release_store(tmp_path)))
    assert big.returncode == 0 and big.stdout.count(b"\n") == 59


@pytest.mark.parametrize("evil", ['") } ; DROP ALL ; #', "x' } UNION { ?x ?p ?label } #",
                                  "a\nb", '"> } ; DROP ALL #'])
def test_literal_parameters_cannot_change_the_query_on_any_back_end(dataset, tmp_path, evil):
    from kg.query import run_query
    query = write_label_search(tmp_path)
    store = OxigraphStore()
    store.load_dataset(dataset)
    before = len(store.store)
    for source in (dataset, store):
        assert [r["label"] for r in run_query(source, str(query), {"text": "AUTOIMMUNE"}).dicts()] \
            == ["autoimmune attack", "autoimmune attack on myelin", "autoimmune disease"]
        assert list(run_query(source, str(query), {"text": evil}).dicts()) == []
    assert len(store.store) == before
