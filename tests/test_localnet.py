"""Analyses read from a store (kg.localnet) answer as on the full network, and read only
the part of the graph they look at."""

from __future__ import annotations

import importlib.util
import io

import pytest
from conftest import REPO

from kg.localnet import LocalNetwork
from kg.mechanism import compare, intervene
from kg.network import to_networkx
from kg.paths import mechanism_view, path_stops, reachable, shared_mechanisms
from kg.stores import OxigraphStore

A, B = "vitamin B12 deficiency", "multiple sclerosis"


@pytest.fixture(scope="module")
def embedded(dataset):
    store = OxigraphStore()
    store.load_dataset(dataset)
    return store


def _same_analyses(net: LocalNetwork, full, *, kinds, max_length: int) -> None:
    part = net.around([A, B], max_length=max_length)
    ends = net.nodes(A, B)
    assert compare(part, *ends, kinds=kinds, max_length=max_length).as_dict() == compare(
        full, A, B, kinds=kinds, max_length=max_length).as_dict()
    assert [s.as_dict() for s in shared_mechanisms(part, *ends, kinds=kinds,
                                                   max_length=max_length)] == [
        s.as_dict() for s in shared_mechanisms(full, A, B, kinds=kinds, max_length=max_length)]
    for conditions in (None, ["multiple sclerosis"]):
        part = net.for_intervention("vitamin B12", conditions, max_length=max_length)
        named = None if conditions is None else net.nodes(*conditions)
        assert intervene(part, net.nodes("vitamin B12")[0], named, kinds=kinds,
                         max_length=max_length).as_dict() == intervene(
            full, "vitamin B12", conditions, kinds=kinds, max_length=max_length).as_dict()


@pytest.mark.parametrize("kinds", [("causal",), ("causal", "structural")])
@pytest.mark.parametrize("max_length", [2, 6])
def test_same_answers_as_the_full_network(embedded, dataset, kinds, max_length):
    """compare, shared and intervene on the part read give what they give on the whole
    network (kg.network.to_networkx) built from the same graph."""
    full = to_networkx(dataset)
    _same_analyses(LocalNetwork(embedded, kinds=kinds), full, kinds=kinds,
                   max_length=max_length)


@pytest.mark.parametrize("layers", [["article"], ["article", "background"]])
def test_layers_are_honoured(embedded, dataset, layers):
    full = to_networkx(embedded, layers)
    net = LocalNetwork(embedded, layers=layers)
    if "b12ms:MultipleSclerosis" not in full:
        return
    _same_analyses(net, full, kinds=("causal",), max_length=6)


def test_an_rdflib_dataset_is_read_alike(dataset):
    _same_analyses(LocalNetwork(dataset), to_networkx(dataset), kinds=("causal",), max_length=6)


@pytest.fixture(scope="module")
def synthetic():
    """A synthetic graph of about 40,000 triples (benchmarks/generate.py) in a store."""
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    out = io.StringIO()
    generator.generate(40_000, out)
    import pyoxigraph as ox

    store = OxigraphStore()
    store.store.load(out.getvalue().encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def test_only_the_part_an_analysis_looks_at_is_read(synthetic, monkeypatch):
    """The edges of the nodes within max_length - 1 steps of a condition are read, and
    no others; the subgraph holds the cones and the conditions' neighbours only, and
    the analysis answers as on the full network."""
    full = to_networkx(synthetic)
    view = mechanism_view(full)
    stops = path_stops(view)
    max_length = 2
    net = LocalNetwork(synthetic)
    rows = []
    select = synthetic.select

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        result = select(*args, **kwargs)
        rows.append(len(result.rows))
        return result

    monkeypatch.setattr(synthetic, "select", counting)
    part = net.around([A, B], max_length=max_length)
    monkeypatch.undo()
    starts = net.nodes(A, B)
    near = set().union(*(reachable(view, s, stops, cutoff=max_length - 1) for s in starts))
    cones = set().union(*(reachable(view, s, stops, cutoff=max_length) for s in starts))
    neighbours = {n for s in starts for n in (*full.successors(s), *full.predecessors(s))}
    assert net.expanded == near
    assert set(part) == {n for n in cones | neighbours | set(starts)
                         if any(m in cones | neighbours | set(starts)
                                for m in (*full.successors(n), *full.predecessors(n)))}
    assert len(part) < full.number_of_nodes() / 4
    # fewer rows, claims and attributes included, than the store has followed edges (the
    # topology that was read whole before)
    assert 0 < sum(rows) < view.number_of_edges() / 2
    assert compare(part, *starts, max_length=max_length).as_dict() == compare(
        full, A, B, max_length=max_length).as_dict()


@pytest.mark.parametrize("view", [["--condition", A], ["--compare", A, B],
                                  ["--from", B, "--to", "fatigue"],
                                  ["--condition", B, "--max-length", "2"]])
def test_draw_views_from_a_store_read_its_part_and_draw_what_the_built_graph_draws(
        tmp_path, view):
    from conftest import release_store, run_cli

    store = release_store(tmp_path)
    built = run_cli("draw", *view, "-o", str(tmp_path / "built.svg"))
    stored = run_cli("draw", *view, "--store", str(store), "-o", str(tmp_path / "store.svg"))
    assert built.returncode == stored.returncode == 0, stored.stderr
    svg = (tmp_path / "built.svg").read_bytes()
    assert b"<svg" in svg and (tmp_path / "store.svg").read_bytes() == svg


def test_a_condition_is_drawn_within_max_length_steps(dataset):
    from kg.drawviews import condition_view

    g = to_networkx(dataset)
    near = condition_view(g, B, max_length=1).graph
    far = condition_view(g, B).graph
    view = mechanism_view(g)
    start = "b12ms:MultipleSclerosis"
    assert set(near) == set(reachable(view, start, path_stops(view), cutoff=1))
    assert set(near) < set(far)


def test_names_resolved_together_are_resolved_as_one_by_one(embedded, dataset):
    """LocalNetwork resolves its names in one pass over the labels: the same IRIs as one
    by one (labels in any case, synonyms, CURIEs, mapped identifiers), and the same
    errors for a name two terms share (but for case) and for an unknown name."""
    from kg.errors import InputError
    from kg.lookup import resolve_iri_in_store, resolve_iris_in_store
    from kg.namespaces import B12MS

    names = ["vitamin B12 deficiency", "MULTIPLE SCLEROSIS", "cobalamin", "b12ms:Fatigue",
             "MONDO:0005301", "fatigue"]
    assert resolve_iris_in_store(embedded, names) == [
        resolve_iri_in_store(embedded, name) for name in names] == [
        str(B12MS[local]) for local in ("VitaminB12Deficiency", "MultipleSclerosis",
                                        "VitaminB12", "Fatigue", "MultipleSclerosis",
                                        "Fatigue")]
    shared = OxigraphStore()
    shared.load_dataset(dataset)
    shared.update('INSERT DATA { GRAPH <https://w3id.org/b12ms-kg/graph/article> { '
                  '<https://w3id.org/b12ms-kg/Fatigue> '
                  '<http://www.w3.org/2000/01/rdf-schema#label> "Multiple Sclerosis"@en } }')
    messages = []
    for bad in ("multiple sclerosis", "no such term"):
        with pytest.raises(InputError) as alone:
            resolve_iri_in_store(shared, bad)
        with pytest.raises(InputError) as together:
            resolve_iris_in_store(shared, ["cobalamin", bad])
        assert str(together.value) == str(alone.value)
        messages.append(str(alone.value))
    assert "is ambiguous" in messages[0] and "b12ms:Fatigue" in messages[0]
    assert messages[1].startswith("unknown entity 'no such term'")
