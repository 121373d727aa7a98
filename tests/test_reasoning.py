"""OWL 2 RL materialisation into `inferred`, explanations, and HermiT's report."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, run_cli
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from kg.build import build_dataset
from kg.infer import explain
from kg.namespaces import B12MS, LAYERS, OBO

ALL = ("article", "background", "inferred")


@pytest.fixture(scope="module")
def reasoned():
    return build_dataset(layers=ALL)


@pytest.fixture(scope="module")
def inferred(reasoned):
    return reasoned.graph(LAYERS["inferred"])


@pytest.mark.parametrize("layers", [("article",), ("article", "background")])
def test_closure_without_inert_annotations_is_the_full_closure_between_terms(layers):
    """The reasoner skips annotations no OWL 2 RL rule acts on (labels, sentences, the
    claims' owl:Axiom nodes): between the ontology's classes and properties its closure
    is owlrl's closure of everything (but for the skipped annotations themselves);
    elsewhere it only lacks triples, never adds one."""
    import owlrl

    from kg.infer import _asserted, closure_of, inert_annotations

    ds = build_dataset(layers=layers)
    inert = inert_annotations(_asserted(ds))
    assert {RDFS.label, B12MS.supportingText, B12MS.certainty} <= inert
    assert not {RDFS.subClassOf, B12MS.causes, RDF.type} & inert
    full = _asserted(ds)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(full)
    pruned = closure_of(ds)
    assert len(pruned) < len(full)
    assert set(pruned) <= set(full)
    tbox = ds.graph(LAYERS["ontology"])
    terms = {t for kind in (OWL.Class, OWL.ObjectProperty) for t in tbox.subjects(RDF.type, kind)}

    def between_terms(graph):
        return {t for t in graph if t[0] in terms and t[2] in terms and t[1] not in inert}

    assert len(between_terms(full)) > 500
    assert between_terms(pruned) == between_terms(full)


@pytest.mark.parametrize("subject,predicate,obj", [
    # property chain: a deficiency of something required for a process impairs the process
    ("VitaminB12Deficiency", B12MS.impairs, "NervousSystemFunctioning"),
    # transitive chains to the symptoms
    ("VitaminB12Deficiency", B12MS.causes, "NeurologicalSymptom"),
    ("ImpairedMyelination", B12MS.causes, "NeurologicalSymptom"),
    # chain involves o causes, then transitive
    ("MultipleSclerosis", B12MS.causes, "Inflammation"),
    ("MultipleSclerosis", B12MS.causes, "CoordinationProblems"),
    # subproperty closure
    ("AutoimmuneAttackOnMyelin", B12MS.impairs, "NerveSignalTransmission"),
    ("VitaminB12Deficiency", B12MS.causallyRelatedTo, "ImpairedMyelination"),
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
        assert inferred.value(axiom, B12MS.derivationStatus) in (
            B12MS.Derived, B12MS.CrossContextHypothesis)
        # no source states a derived edge: it never gets the source-certainty property
        assert inferred.value(axiom, B12MS.certainty) is None


def test_asserted_layers_are_unchanged_by_reasoning(dataset, reasoned):
    for name in ("ontology", "article", "background"):
        assert isomorphic(dataset.graph(LAYERS[name]), reasoned.graph(LAYERS[name])), name
    assert len(dataset.graph(LAYERS["inferred"])) == 0


def _axiom(inferred, s, p, o):
    for axiom in inferred.subjects(OWL.annotatedSource, B12MS[s]):
        if (inferred.value(axiom, OWL.annotatedProperty), inferred.value(
                axiom, OWL.annotatedTarget)) == (p, B12MS[o]):
            return axiom
    raise AssertionError(f"no inferred axiom for {s} {p} {o}")


def test_inferred_axioms_name_rule_status_premises_and_weakest_premise(inferred):
    def described(s, p, o):
        axiom = _axiom(inferred, s, p, o)
        return (str(inferred.value(axiom, B12MS.inferenceRule)),
                inferred.value(axiom, B12MS.derivationStatus),
                inferred.value(axiom, B12MS.weakestPremiseCertainty),
                set(map(str, inferred.objects(axiom, B12MS.premiseClaim))),
                set(inferred.objects(axiom, B12MS.context)))
    assert described("VitaminB12DeficiencyCorrection", B12MS.causallyRelatedTo,
                     "Myelination") == ("subproperty of b12ms:causallyRelatedTo", B12MS.Derived,
                                        B12MS.Hypothesis, {"C046"}, {B12MS.MultipleSclerosis})
    assert described("VitaminB12Deficiency", B12MS.impairs, "NervousSystemFunctioning") == (
        "property chain", B12MS.Derived, B12MS.Asserted, {"C004", "C012"}, set())
    # C041 is stated for MS, C017 for vitamin B12 deficiency: the join is the graph's own
    assert described("MultipleSclerosis", B12MS.causes, "NeurologicalSymptom") == (
        "property chain", B12MS.CrossContextHypothesis, B12MS.Asserted, {"C017", "C041"},
        {B12MS.MultipleSclerosis, B12MS.VitaminB12Deficiency})


def test_every_inferred_axiom_rests_on_named_claims_or_ontology_axioms(reasoned, inferred):
    stated_ids = {str(i) for name in ("article", "background")
                  for i in reasoned.graph(LAYERS[name]).objects(None, DCTERMS.identifier)}
    axioms = set(inferred.subjects(RDF.type, OWL.Axiom))
    assert len(axioms) > 50
    for axiom in axioms:
        premises = set(map(str, inferred.objects(axiom, B12MS.premiseClaim)))
        assert premises <= stated_ids, premises - stated_ids
        if premises:  # a derivation from claims records the weakest of their certainties
            assert inferred.value(axiom, B12MS.weakestPremiseCertainty) is not None


def test_explain_lists_premises_with_sentences(reasoned):
    derivation = explain(reasoned, B12MS.VitaminB12Deficiency, B12MS.impairs,
                         B12MS.NervousSystemFunctioning)
    assert derivation.rule == "property chain" and derivation.status == "derived"
    assert derivation.certainty is None and derivation.weakest_premise_certainty == "asserted"
    leaves = derivation.leaves()
    assert [leaf.triple for leaf in leaves] == [
        (B12MS.VitaminB12Deficiency, B12MS.deficiencyOf, B12MS.VitaminB12),
        (B12MS.VitaminB12, B12MS.requiredFor, B12MS.NervousSystemFunctioning)]
    assert [e["sentence"] for leaf in leaves for e in leaf.evidence] == [
        "When there is a deficiency of vitamin B12, the production of myelin is impaired.",
        "Vitamin B12, also known as cobalamin, is an essential nutrient that plays a crucial "
        "role in the functioning of the nervous system."]


def test_cli_explain_text_and_json():
    text = run_cli("explain", "multiple sclerosis", "causes", "neurological symptom"
                   ).stdout.decode()
    lines = text.splitlines()
    assert lines[0] == ("multiple sclerosis --causes--> neurological symptom  [cross-context "
                        "hypothesis by property chain; premises C017, C041; weakest premise: "
                        "asserted; premise contexts: multiple sclerosis, vitamin B12 deficiency]")
    assert "no source states it" in lines[1]
    assert ("C041 (asserted, article; in multiple sclerosis) \"Both conditions involve"
            in text)
    assert ("C017 (asserted, article; in vitamin B12 deficiency) \"This can lead to" in text)
    # JSON names the contexts as CURIEs, the derived edge's and each claim's alike
    chained = json.loads(run_cli("explain", "multiple sclerosis", "causes",
                                 "neurological symptom", "-f", "json").stdout)
    assert chained["contexts"] == ["b12ms:MultipleSclerosis", "b12ms:VitaminB12Deficiency"]
    assert sorted(e["context"] for premise in chained["premises"]
                  for e in premise["evidence"]) == chained["contexts"]
    # a derived line never calls the edge asserted or gives it a certainty of its own
    for line in lines:
        if " by " in line and "-->" in line:
            assert "stated" not in line and "certainty asserted" not in line, line
    hedged = run_cli("explain", "correction of vitamin B12 deficiency", "causally related to",
                     "myelination", "-f", "json")
    document = json.loads(hedged.stdout)
    assert document["status"] == "derived" and "certainty" not in document
    assert document["weakest_premise_certainty"] == "hypothesis"
    assert document["premise_claims"] == ["C046"]
    assert document["premises"][0]["evidence"][0]["claim_id"] == "C046"
    assert document["premises"][0]["certainty"] == "hypothesis"  # the claim's own


def test_no_claim_links_vitamin_b12_deficiency_to_the_ms_symptoms(reasoned):
    """The article names fatigue, muscle weakness, coordination problems and cognitive
    impairment for MS only: nothing follows for vitamin B12 deficiency."""
    for symptom in ("Fatigue", "MuscleWeakness", "CoordinationProblems", "CognitiveImpairment"):
        for p in (B12MS.causes, OBO.RO_0002452, B12MS.causallyRelatedTo):
            assert explain(reasoned, B12MS.VitaminB12Deficiency, p, B12MS[symptom]) is None
    result = run_cli("explain", "vitamin B12 deficiency", "causes", "fatigue")
    assert result.returncode == 1 and result.stdout.decode().startswith("not entailed")
    assert "b12ms-kg paths 'vitamin B12 deficiency' fatigue" in result.stdout.decode()


def test_cli_explain_not_entailed_and_bad_input():
    result = run_cli("explain", "fatigue", "causes", "multiple sclerosis")
    assert result.returncode == 1 and result.stdout.decode().startswith("not entailed")
    result = run_cli("explain", "fatigue", "cures", "multiple sclerosis")
    assert result.returncode == 2 and b"unknown predicate 'cures'" in result.stderr


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
