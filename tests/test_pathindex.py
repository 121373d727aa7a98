"""Path search straight from a store (kg.pathindex) gives exactly the paths, in the same
order and with the same claims, as path search on the full networkx graph."""

from __future__ import annotations

import json

import pytest
from conftest import release_store, run_cli

from kg.errors import InputError
from kg.network import to_networkx
from kg.pathindex import PathIndex
from kg.paths import find_paths
from kg.stores import OxigraphStore

CAUSES = ["vitamin B12 deficiency", "multiple sclerosis", "immune system"]
SYMPTOMS = ["fatigue", "muscle weakness", "coordination problems", "cognitive impairment",
            "myelin sheath", "neurological symptom", "nerve signal transmission"]


@pytest.fixture(scope="module")
def embedded(dataset):
    store = OxigraphStore()
    store.load_dataset(dataset)
    return store


def _dicts(paths):
    return [p.as_dict() for p in paths]


@pytest.mark.parametrize("kinds", [("causal",), ("causal", "structural")])
def test_same_paths_as_the_full_graph(embedded, mechanism_graph, kinds):
    index = PathIndex(embedded, kinds=kinds)
    compared = 0
    for cause in CAUSES:
        for target in SYMPTOMS:
            expected = find_paths(mechanism_graph, cause, target, kinds=kinds, max_length=8)
            assert _dicts(index.find_paths(cause, target, max_length=8)) == _dicts(expected)
            compared += len(expected)
    assert compared > 20


def test_paths_carry_every_claim_with_its_sentence(dataset):
    path = PathIndex(dataset).find_paths("vitamin B12 deficiency", "myelin sheath")[0]
    edge = path.steps[0].edges[0]
    assert (edge["predicate"], edge["certainty"], edge["layer"]) == (
        "b12ms:impairs", "asserted", "article")
    assert edge["claim_ids"] == "C013" and edge["evidence"][0]["sentence"] in dataset.serialize(
        format="nquads")
    assert path.effect == "decreases"


def test_layers_are_honoured(embedded):
    background = to_networkx(embedded, ["background"])
    for search in (lambda: find_paths(background, "vitamin B12 deficiency", "fatigue"),
                   lambda: PathIndex(embedded, layers=["background"]).find_paths(
                       "vitamin B12 deficiency", "fatigue")):
        with pytest.raises(InputError, match="unknown entity 'vitamin B12 deficiency'"):
            search()  # no edge of the background layer touches it
    index = PathIndex(embedded, layers=["background"])
    assert _dicts(index.find_paths("oligodendrocyte", "myelination")) == _dicts(
        find_paths(background, "oligodendrocyte", "myelination")) != []
    # a node that only a structural edge touches has no causal paths (and is no error)
    assert index.find_paths("central nervous system", "myelination") == find_paths(
        background, "central nervous system", "myelination") == []
    full = to_networkx(embedded, ["article"])
    assert _dicts(PathIndex(embedded, layers=["article"]).find_paths(
        "multiple sclerosis", "fatigue")) == _dicts(find_paths(full, "multiple sclerosis",
                                                                "fatigue"))


def test_bounds_and_names(embedded):
    index = PathIndex(embedded)
    assert len(index.find_paths("MONDO:0005301", "HP:0012378", max_paths=1)) == 1
    assert all(len(p.steps) <= 2 for p in index.find_paths("multiple sclerosis", "fatigue",
                                                             max_length=2))
    assert index.find_paths("fatigue", "fatigue") == []
    assert index.label("cobalamin") == "vitamin B12"
    with pytest.raises(InputError, match="unknown entity"):
        index.find_paths("no such thing", "fatigue")
    with pytest.raises(InputError, match="at least 1"):
        index.find_paths("multiple sclerosis", "fatigue", max_paths=0)


def test_cli_paths_from_a_store_match_the_built_graph(tmp_path):
    store = release_store(tmp_path)
    for args in (["paths", "multiple sclerosis", "cognitive impairment", "-f", "json"],
                 ["paths", "vitamin B12 deficiency", "nerve fibre", "--include-structural"]):
        by_store = run_cli(*args, "--store", str(store))
        built = run_cli(*args)
        assert by_store.returncode == 0 and by_store.stdout == built.stdout, by_store.stderr
    data = json.loads(run_cli("paths", "multiple sclerosis", "fatigue", "-f", "json",
                              "--store", str(store)).stdout)
    assert data["source"] == "multiple sclerosis" and data["paths"]


def test_edges_stated_by_several_sources_and_layers(tmp_path):
    """An edge stated in two layers, by two sources, one of which has an identifier (made
    up here, in the test only): the same claims and publications as the full graph."""
    from conftest import FIXTURES
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS

    from kg.build import build_dataset
    from kg.namespaces import layer_iri

    ds = build_dataset(claims_files=[FIXTURES / "example_claims.yaml"])
    ds.graph(layer_iri("example")).add((URIRef("urn:example:b12ms-kg:tutorial-source"),
                                        DCTERMS.identifier, Literal("doi:10.0000/test-only")))
    expected = find_paths(to_networkx(ds), "vitamin B12 deficiency", "myelination")
    found = PathIndex(ds).find_paths("vitamin B12 deficiency", "myelination")
    assert _dicts(found) == _dicts(expected)
    edge = found[0].steps[0].edges[0]
    assert edge["layer"] == "article;example" and edge["claim_ids"] == "C013;X001"
    assert [e["publications"] for e in edge["evidence"]] == [[], ["doi:10.0000/test-only"]]


def test_each_name_is_resolved_in_the_store_once(embedded, monkeypatch):
    import kg.pathindex

    asked = []
    real = kg.pathindex.resolve_in_store

    def counting(store, text, **kwargs):
        asked.append(text)
        return real(store, text, **kwargs)

    monkeypatch.setattr(kg.pathindex, "resolve_in_store", counting)
    index = PathIndex(embedded)
    found = index.find_paths("vitamin B12 deficiency", "neurological symptom", max_length=8)
    assert found and found[0].labels()[0] == "vitamin B12 deficiency"
    # the header of 'b12ms-kg paths' asks for the same two names again
    assert [index.label(x) for x in ("vitamin B12 deficiency", "neurological symptom")] == [
        "vitamin B12 deficiency", "neurological symptom"]
    assert sorted(asked) == ["neurological symptom", "vitamin B12 deficiency"]
    with pytest.raises(InputError):
        index.resolve("no such entity")
    with pytest.raises(InputError):  # a failed look-up is not remembered as a success
        index.resolve("no such entity")
