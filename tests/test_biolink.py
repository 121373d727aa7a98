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
from rdflib.namespace import OWL, RDF

from kg.kgx import EDGE_COLUMNS, NODE_COLUMNS, kgx_json, kgx_records, kgx_tsv
from kg.namespaces import B12MS, LAYERS

from conftest import run_cli


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
    assert by_name["autoimmune attack"]["id"] == "b12ms:AutoimmuneAttack"  # no standard term
    assert by_name["vitamin B12 deficiency"]["category"] == ["biolink:Disease"]
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
