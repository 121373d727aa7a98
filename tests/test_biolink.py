"""Biolink categories and predicates are real (checked with bmt); KGX exports load and round-trip.

The kgx library itself is not used here: it downloads the Biolink Model when it is
imported, which this offline build cannot do. bmt, given the schema that the
biolink-model package ships, is the schema check.
"""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

import pytest
from conftest import run_cli
from rdflib.namespace import OWL, RDF

from kg.kgx import EDGE_COLUMNS, NODE_COLUMNS, kgx_json, kgx_records, kgx_tsv
from kg.namespaces import B12MS, LAYERS


@pytest.fixture(scope="module")
def toolkit():
    """bmt with the Biolink Model schema shipped by the biolink-model package (no network)."""
    import bmt

    schema = resources.files("biolink_model") / "schema" / "biolink_model.yaml"
    return bmt.Toolkit(str(schema), predicate_map={"predicate mappings": []})


@pytest.fixture(scope="module")
def records(dataset):
    return kgx_records(dataset)


def test_declared_categories_and_predicates_are_biolink(toolkit, dataset):
    ontology = dataset.graph(LAYERS["ontology"])
    categories = set(map(str, ontology.objects(None, B12MS.biolinkCategory)))
    predicates = set(map(str, ontology.objects(None, B12MS.biolinkPredicate)))
    assert len(categories) >= 10 and len(predicates) >= 15
    assert sorted(c for c in categories if not toolkit.is_category(c)) == []
    assert sorted(p for p in predicates if not toolkit.is_predicate(p)) == []


def test_every_relation_used_in_a_claim_has_a_biolink_predicate(dataset):
    ontology = dataset.graph(LAYERS["ontology"])
    used = {p for name in ("article", "background") for _, p, _ in dataset.graph(LAYERS[name])
            if (p, RDF.type, OWL.ObjectProperty) in ontology}
    assert used and sorted(p for p in used if ontology.value(p, B12MS.biolinkPredicate) is None) == []


def test_kgx_nodes_and_edges_are_valid_biolink(toolkit, records):
    nodes, edges = records
    levels = set(toolkit.view.get_enum("KnowledgeLevelEnum").permissible_values)
    agents = set(toolkit.view.get_enum("AgentTypeEnum").permissible_values)
    node_ids = {n["id"] for n in nodes}
    assert len(node_ids) == len(nodes)
    for node in nodes:
        assert node["category"] and all(toolkit.is_category(c) for c in node["category"]), node
        assert node["name"] and ":" in node["id"]
    for edge in edges:
        assert toolkit.is_predicate(edge["predicate"]), edge
        assert edge["subject"] in node_ids and edge["object"] in node_ids
        assert edge["knowledge_level"] in levels and edge["agent_type"] in agents
        assert edge["supporting_text"] and edge["claim_ids"] and edge["source_iris"]


def test_kgx_uses_standard_identifiers_and_certainty(records):
    nodes, edges = records
    by_name = {n["name"]: n for n in nodes}
    assert by_name["multiple sclerosis"]["id"] == "MONDO:0005301"
    assert "DOID:2377" in by_name["multiple sclerosis"]["xref"]
    assert "b12ms:MultipleSclerosis" in by_name["multiple sclerosis"]["xref"]
    assert by_name["fatigue"]["id"] == "HP:0012378"
    assert by_name["autoimmune attack on myelin"]["id"] == "b12ms:AutoimmuneAttackOnMyelin"
    assert by_name["vitamin B12 deficiency"]["id"] == "MONDO:0020696"
    assert by_name["vitamin B12 deficiency"]["category"] == ["biolink:Disease"]
    assert by_name["neurological disorder"]["id"] == "MONDO:0005071"
    assert by_name["autoimmune disease"]["id"] == "MONDO:0007179"
    hedged = [e for e in edges if e["certainty"] == "hypothesis"]
    assert hedged and all(e["knowledge_level"] == "prediction" for e in hedged)
    symptom = next(e for e in edges if e["subject"] == "MONDO:0005301"
                   and e["object"] == "HP:0012378")
    assert (symptom["predicate"], symptom["knowledge_level"]) == (
        "biolink:has_phenotype", "knowledge_assertion")


def _read_tsv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter="\t"))


def test_kgx_tsv_and_json_round_trip(dataset, records):
    nodes, edges = records
    files = kgx_tsv(dataset)
    tsv_nodes, tsv_edges = _read_tsv(files["nodes.tsv"]), _read_tsv(files["edges.tsv"])
    assert list(tsv_nodes[0]) == list(NODE_COLUMNS) and list(tsv_edges[0]) == list(EDGE_COLUMNS)

    def flat(record, columns):
        return {c: "|".join(record[c]) if isinstance(record[c], list) else record[c]
                for c in columns}
    assert tsv_nodes == [flat(n, NODE_COLUMNS) for n in nodes]
    assert tsv_edges == [flat(e, EDGE_COLUMNS) for e in edges]
    assert json.loads(kgx_json(dataset)) == {"nodes": nodes, "edges": edges}


def test_cli_kgx_writes_three_files(tmp_path):
    result = run_cli("kgx", "-o", str(tmp_path / "kgx"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "kgx").iterdir()) == [
        "edges.tsv", "graph.kgx.json", "nodes.tsv"]


def test_kgx_carries_each_claims_context_as_a_disease_context_qualifier(toolkit, records):
    assert toolkit.get_element("disease context qualifier") is not None
    nodes, edges = records
    by_claim = {claim: e for e in edges for claim in e["claim_ids"]}
    for claim in ("C022", "C024", "C033", "C046", "C052"):  # "In MS", "in individuals with MS"
        assert by_claim[claim]["disease_context_qualifier"] == "MONDO:0005301", claim
    for claim in ("C013", "C016", "C017"):  # "When there is a deficiency of vitamin B12"
        assert by_claim[claim]["disease_context_qualifier"] == "MONDO:0020696", claim
    for claim in ("C003", "C006", "C010"):  # stated in general
        assert by_claim[claim]["disease_context_qualifier"] == "", claim
    assert all(e["status"] == "stated" and e["certainty"] for e in edges)


def test_kgx_labels_derived_edges_as_entailments_or_predictions_never_assertions(toolkit):
    from kg.build import build_dataset

    nodes, edges = kgx_records(build_dataset(layers=("article", "background", "inferred")))
    derived = [e for e in edges if e["status"] != "stated"]
    assert derived
    for edge in derived:
        assert edge["certainty"] == "" and edge["supporting_text"] == []
        assert edge["agent_type"] == "automated_agent" and edge["layers"] == ["inferred"]
        assert edge["knowledge_level"] == {"derived": "logical_entailment",
                                           "cross-context hypothesis": "prediction"}[
            edge["status"]]
    crossed = next(e for e in derived if e["subject"] == "MONDO:0005301"
                   and e["object"] == "b12ms:NeurologicalSymptom"
                   and e["original_predicate"] == "b12ms:causes")
    assert crossed["status"] == "cross-context hypothesis"
    assert crossed["premise_claim_ids"] == ["C017", "C041"]
    assert crossed["weakest_premise_certainty"] == "asserted"
    assert crossed["disease_context_qualifier"] == ""  # joins two contexts: neither applies
