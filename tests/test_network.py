"""The mechanism network: nodes and edges with evidence, bounded deterministic paths."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from conftest import run_cli

from kg.errors import InputError
from kg.names import resolve_node
from kg.paths import find_paths, shared_mechanisms

SYMPTOMS = ["fatigue", "muscle weakness", "coordination problems", "cognitive impairment"]


def test_graph_shape(mechanism_graph):
    g = mechanism_graph
    assert isinstance(g, nx.MultiDiGraph)
    assert g.nodes["b12ms:VitaminB12"]["label"] == "vitamin B12"
    assert g.nodes["b12ms:VitaminB12"]["category"] == "chemical entity"
    assert "cobalamin" in g.nodes["b12ms:VitaminB12"]["synonyms"]
    edge = g.edges["b12ms:ImmuneSystem", "b12ms:MyelinSheath", "b12ms:attacks"]
    assert edge["certainty"] == "asserted" and edge["kind"] == "causal"
    assert edge["sentence"].startswith("In MS, the immune system mistakenly attacks")
    assert edge["layer"] == "article"
    assert edge["status"] == "stated" and edge["contexts"] == ["b12ms:MultipleSclerosis"]
    assert edge["evidence"][0]["context_label"] == "multiple sclerosis"
    hedged = g.edges["b12ms:VitaminB12DeficiencyCorrection", "b12ms:MultipleSclerosis",
                     "b12ms:alleviatesSymptomsOf"]
    assert hedged["certainty"] == "hypothesis"
    assert hedged["claim_ids"] == "C042;C048" and len(hedged["evidence"]) == 2


@pytest.mark.parametrize("symptom", SYMPTOMS)
def test_no_path_from_b12_deficiency_to_the_symptoms_named_for_ms(mechanism_graph, symptom):
    assert find_paths(mechanism_graph, "vitamin B12 deficiency", symptom) == []


def test_paths_from_b12_deficiency_to_neurological_symptoms(mechanism_graph):
    paths = find_paths(mechanism_graph, "vitamin B12 deficiency", "neurological symptom")
    assert len(paths) == 3
    assert [p.status for p in paths] == ["stated", "derived", "derived"]
    assert all(p.weakest_premise_certainty == "asserted" for p in paths)
    for path in paths:
        for step in path.steps:
            assert step.edges and all(e["evidence"] for e in step.edges)


@pytest.mark.parametrize("symptom", SYMPTOMS)
def test_ms_reaches_each_symptom_through_the_immune_attack(mechanism_graph, symptom):
    labels = [p.labels() for p in find_paths(mechanism_graph, "multiple sclerosis", symptom)]
    assert ["multiple sclerosis", symptom] in labels
    assert ["multiple sclerosis", "autoimmune attack on myelin", symptom] in labels


def test_a_hedged_claim_is_stated_with_its_own_certainty(mechanism_graph):
    paths = find_paths(mechanism_graph, "correction of vitamin B12 deficiency",
                       "multiple sclerosis")
    assert [(p.status, p.certainty) for p in paths] == [("stated", "hypothesis")]


def test_curie_and_label_give_the_same_paths(mechanism_graph):
    by_label = find_paths(mechanism_graph, "Multiple Sclerosis", "Fatigue")
    by_curie = find_paths(mechanism_graph, "b12ms:MultipleSclerosis", "b12ms:Fatigue")
    by_iri = find_paths(mechanism_graph, "https://w3id.org/b12ms-kg/MultipleSclerosis",
                        "<https://w3id.org/b12ms-kg/Fatigue>")
    assert by_label == by_curie == by_iri and len(by_label) == 2


def test_search_is_bounded(mechanism_graph):
    assert len(find_paths(mechanism_graph, "vitamin B12 deficiency", "neurological symptom",
                          max_length=1)) == 1
    assert len(find_paths(mechanism_graph, "vitamin B12 deficiency", "neurological symptom",
                          max_paths=2)) == 2


def test_structural_edges_only_on_request(mechanism_graph):
    assert find_paths(mechanism_graph, "myelin sheath", "nerve fiber") == []
    found = find_paths(mechanism_graph, "myelin sheath", "nerve fiber",
                       kinds=("causal", "structural"))
    assert {e["predicate_label"] for e in found[0].steps[0].edges} == {"insulates", "surrounds"}


def test_resolve_node_errors(mechanism_graph):
    with pytest.raises(InputError, match="unknown entity 'scurvy'"):
        resolve_node(mechanism_graph, "scurvy")


def test_shared_mechanisms(mechanism_graph):
    shared = shared_mechanisms(mechanism_graph)
    mechanisms = [s.label for s in shared if s.category != "symptom"]
    assert mechanisms[:2] == ["disrupted nerve cell communication", "impaired myelin production"]
    assert "myelin sheath" in mechanisms
    assert "autoimmune attack on myelin" not in [s.label for s in shared]
    first = shared[0]
    assert first.from_a.nodes == ("b12ms:VitaminB12Deficiency", "b12ms:NerveCommunicationDisruption")
    assert first.from_a.steps[0].edges[0]["evidence"][0]["claim_id"] == "C040"


def test_cli_paths_output_is_byte_identical_across_runs():
    outputs = set()
    for seed in ("1", "2", "3"):
        result = run_cli("paths", "vitamin B12 deficiency", "neurological symptom",
                         env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1
    text = outputs.pop().decode()
    assert text.startswith("3 paths from vitamin B12 deficiency to neurological symptom")
    assert "C015 (asserted, article; in vitamin B12 deficiency)" in text
    assert '"When there is a deficiency of vitamin B12, the production of myelin is impaired."' \
        in text


def test_cli_paths_json_and_curies():
    by_curie = run_cli("paths", "b12ms:MultipleSclerosis", "b12ms:Fatigue", "-f", "json")
    by_label = run_cli("paths", "multiple sclerosis", "fatigue", "-f", "json")
    assert by_curie.returncode == 0 and by_curie.stdout == by_label.stdout
    document = json.loads(by_curie.stdout)
    assert document["paths"][0]["labels"] == ["multiple sclerosis", "fatigue"]
    assert document["paths"][0]["steps"][0]["edges"][0]["evidence"][0]["claim_id"] == "C033"


def test_cli_shared():
    result = run_cli("shared")
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    assert text.splitlines()[0].startswith("4 shared mechanism nodes of vitamin B12 deficiency "
                                           "and multiple sclerosis")
    assert "Both conditions involve a breakdown in myelin production" in text
