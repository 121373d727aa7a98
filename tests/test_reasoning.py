"""OWL 2 RL materialisation into `inferred`, explanations, and HermiT's report."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from kg.build import build_dataset
from kg.infer import explain
from kg.namespaces import B12MS, LAYERS, OBO

from conftest import FIXTURES, run_cli

ALL = ("article", "background", "inferred")


@pytest.fixture(scope="module")
def reasoned():
    return build_dataset(layers=ALL)


@pytest.fixture(scope="module")
def inferred(reasoned):
    return reasoned.graph(LAYERS["inferred"])


@pytest.mark.parametrize("subject,predicate,obj", [
    # property chain: a deficiency of something required for a process impairs the process
    ("VitaminB12Deficiency", B12MS.impairs, "NervousSystemFunctioning"),
    # transitive chains to the symptoms
    ("VitaminB12Deficiency", B12MS.causes, "Fatigue"),
    ("VitaminB12Deficiency", B12MS.causes, "CognitiveImpairment"),
    ("MyelinBreakdown", B12MS.causes, "MuscleWeakness"),
    # chain involves o causes, then transitive
    ("MultipleSclerosis", B12MS.causes, "Inflammation"),
    ("MultipleSclerosis", B12MS.causes, "CoordinationProblems"),
    # subproperty closure
    ("AutoimmuneAttack", B12MS.impairs, "NerveSignalTransmission"),
    ("VitaminB12Deficiency", B12MS.causallyRelatedTo, "MyelinBreakdown"),
    # inverses
    ("MyelinSheath", B12MS.producedBy, "Myelination"),
    ("Fatigue", B12MS.symptomOf, "MultipleSclerosis"),
    ("NerveFiber", OBO.RO_0002219, "MyelinSheath"),
    # subclass closure
    ("Oligodendrocyte", RDFS.subClassOf, "AnatomicalStructure"),
])
def test_expected_entailments_are_in_inferred(inferred, subject, predicate, obj):
    assert (B12MS[subject], predicate, B12MS[obj]) in inferred


def test_inferred_edges_are_new_and_annotated(reasoned, inferred):
    asserted = Graph()
    for name in ("ontology", "article", "background"):
        asserted += reasoned.graph(LAYERS[name])
    edges = [(s, p, o) for s, p, o in inferred if (p, RDF.type, OWL.ObjectProperty) in asserted
             or p == RDFS.subClassOf]
    assert len(edges) > 50
    for edge in edges:
        assert edge not in asserted
        axioms = set(inferred.subjects(OWL.annotatedSource, edge[0])) & set(
            inferred.subjects(OWL.annotatedTarget, edge[2]))
        axiom = next(a for a in axioms if inferred.value(a, OWL.annotatedProperty) == edge[1])
        assert inferred.value(axiom, B12MS.inferenceRule) is not None
        assert inferred.value(axiom, B12MS.certainty) in (
            B12MS.Asserted, B12MS.Hypothesis, B12MS.OpenQuestion)


def test_asserted_layers_are_unchanged_by_reasoning(dataset, reasoned):
    for name in ("ontology", "article", "background"):
        assert isomorphic(dataset.graph(LAYERS[name]), reasoned.graph(LAYERS[name])), name
    assert len(dataset.graph(LAYERS["inferred"])) == 0


def test_inferred_certainty_is_the_weakest_premise(inferred):
    def certainty(s, p, o):
        for axiom in inferred.subjects(OWL.annotatedSource, B12MS[s]):
            if (inferred.value(axiom, OWL.annotatedProperty), inferred.value(
                    axiom, OWL.annotatedTarget)) == (p, B12MS[o]):
                return inferred.value(axiom, B12MS.certainty), set(
                    map(str, inferred.objects(axiom, B12MS.premiseClaim)))
    level, premises = certainty("VitaminB12DeficiencyCorrection", B12MS.causallyRelatedTo,
                                "Myelination")
    assert level == B12MS.Hypothesis and premises == {"C046"}
    level, premises = certainty("VitaminB12Deficiency", B12MS.impairs, "NervousSystemFunctioning")
    assert level == B12MS.Asserted and premises == {"C004", "C012"}


def test_explain_lists_premises_with_sentences(reasoned):
    derivation = explain(reasoned, B12MS.VitaminB12Deficiency, B12MS.impairs,
                         B12MS.NervousSystemFunctioning)
    assert derivation.rule == "property chain" and derivation.certainty == "asserted"
    leaves = derivation.leaves()
    assert [leaf.triple for leaf in leaves] == [
        (B12MS.VitaminB12Deficiency, B12MS.deficiencyOf, B12MS.VitaminB12),
        (B12MS.VitaminB12, B12MS.requiredFor, B12MS.NervousSystemFunctioning)]
    assert [e["sentence"] for leaf in leaves for e in leaf.evidence] == [
        "When there is a deficiency of vitamin B12, the production of myelin is impaired.",
        "Vitamin B12, also known as cobalamin, is an essential nutrient that plays a crucial "
        "role in the functioning of the nervous system."]


def test_cli_explain_text_and_json():
    text = run_cli("explain", "vitamin B12 deficiency", "causes", "fatigue").stdout.decode()
    assert text.splitlines()[0] == ("vitamin B12 deficiency --causes--> fatigue  "
                                    "[inferred by property chain; certainty asserted]")
    assert "C040 (asserted, article) \"Both conditions involve" in text
    hedged = run_cli("explain", "correction of vitamin B12 deficiency", "causally related to",
                     "myelination", "-f", "json")
    document = json.loads(hedged.stdout)
    assert document["certainty"] == "hypothesis"
    assert document["premises"][0]["evidence"][0]["claim_id"] == "C046"


def test_cli_explain_not_entailed_and_bad_input():
    result = run_cli("explain", "fatigue", "causes", "multiple sclerosis")
    assert result.returncode == 1 and result.stdout.decode().startswith("not entailed")
    result = run_cli("explain", "fatigue", "cures", "multiple sclerosis")
    assert result.returncode == 2 and b"unknown entity 'cures'" in result.stderr


def test_cli_reason_reports_consistency_and_hierarchy():
    result = run_cli("reason")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert lines[:2] == ["HermiT (owlready2): consistent", "unsatisfiable classes: 0"]
    hierarchy = "\n".join(lines)
    assert "    autoimmune disease (b12ms:AutoimmuneDisease)\n      multiple sclerosis" in hierarchy
    document = json.loads(run_cli("reason", "-f", "json").stdout)
    ms = document["hierarchy"][str(B12MS.MultipleSclerosis)]
    assert ms == sorted(str(B12MS[c]) for c in (
        "AutoimmuneDisease", "ChronicDisease", "NeurologicalDisease"))  # direct parents only


def test_cli_reason_reports_a_broken_ontology(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text((FIXTURES / "example_claims.yaml").read_text().replace(
        "subject: vitamin B12 deficiency\n    predicate: impairs",
        "subject: vitamin B12\n    predicate: involves"))
    result = run_cli("reason", "--claims", str(broken))
    assert result.returncode == 1
    assert result.stdout.decode().splitlines()[0] == "HermiT (owlready2): INCONSISTENT"
