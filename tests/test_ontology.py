"""The exported Turtle holds every entity and relation of the article, declared for Protégé."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from kg.namespaces import B12MS, DEFINITION, OBO, OBOINOWL, ONTOLOGY_IRI

ENTITIES = {
    "vitamin B12": "VitaminB12",
    "vitamin B12 deficiency": "VitaminB12Deficiency",
    "myelin sheath": "MyelinSheath",
    "myelination": "Myelination",
    "nerve fiber": "NerveFiber",
    "nerve cell": "NerveCell",
    "nerve signal transmission": "NerveSignalTransmission",
    "central nervous system": "CentralNervousSystem",
    "immune system": "ImmuneSystem",
    "autoimmune attack": "AutoimmuneAttack",
    "autoimmune attack on myelin": "AutoimmuneAttackOnMyelin",
    "inflammation": "Inflammation",
    "multiple sclerosis": "MultipleSclerosis",
    "fatigue": "Fatigue",
    "muscle weakness": "MuscleWeakness",
    "coordination problems": "CoordinationProblems",
    "cognitive impairment": "CognitiveImpairment",
    "neurological symptom": "NeurologicalSymptom",
    "symptom management": "SymptomManagement",
    "slowing disease progression": "SlowingDiseaseProgression",
    "impaired myelin production": "ImpairedMyelination",
    "demyelination": "Demyelination",
    "targeted treatment": "TargetedTreatment",
    "maintenance of adequate vitamin B12 levels": "VitaminB12Maintenance",
    "disrupted nerve cell communication": "NerveCommunicationDisruption",
}

RELATIONS = {
    "participates in": OBO.RO_0000056,
    "required for": B12MS.requiredFor,
    "surrounds": OBO.RO_0002221,
    "insulates": B12MS.insulates,
    "enables": B12MS.enables,
    "impairs": B12MS.impairs,
    "attacks": B12MS.attacks,
    "damages": B12MS.damages,
    "disrupts": B12MS.disrupts,
    "causes": B12MS.causes,
    "has symptom": OBO.RO_0002452,
    "affects": B12MS.affects,
    "shares mechanism with": B12MS.sharesMechanismWith,
    "involves": B12MS.involves,
    "has treatment goal": B12MS.hasTreatmentGoal,
    "treats": B12MS.treats,
    "informs treatment of": B12MS.informsTreatmentOf,
    "relevant to": B12MS.relevantTo,
}

# The article's causal story, edge by edge (subject, predicate, object).
STORY = [
    ("VitaminB12", B12MS.requiredFor, "Myelination"),
    ("VitaminB12", OBO.RO_0000056, "Myelination"),
    ("Myelination", B12MS.produces, "MyelinSheath"),
    ("MyelinSheath", OBO.RO_0002221, "NerveFiber"),
    ("MyelinSheath", B12MS.insulates, "NerveFiber"),
    ("MyelinSheath", B12MS.enables, "NerveSignalTransmission"),
    ("VitaminB12Deficiency", B12MS.impairs, "Myelination"),
    ("VitaminB12Deficiency", B12MS.causes, "ImpairedMyelination"),
    ("ImpairedMyelination", B12MS.causes, "NerveCommunicationDisruption"),
    ("NerveCommunicationDisruption", B12MS.causes, "NeurologicalSymptom"),
    ("MultipleSclerosis", RDFS.subClassOf, "AutoimmuneDisease"),
    ("MultipleSclerosis", RDFS.subClassOf, "ChronicDisease"),
    ("MultipleSclerosis", B12MS.affects, "CentralNervousSystem"),
    ("ImmuneSystem", B12MS.attacks, "MyelinSheath"),
    ("MultipleSclerosis", B12MS.involves, "AutoimmuneAttackOnMyelin"),
    ("AutoimmuneAttackOnMyelin", B12MS.causes, "Inflammation"),
    ("AutoimmuneAttackOnMyelin", B12MS.damages, "NerveFiber"),
    ("AutoimmuneAttackOnMyelin", B12MS.disrupts, "NerveSignalTransmission"),
    ("VitaminB12Deficiency", B12MS.sharesMechanismWith, "MultipleSclerosis"),
    ("VitaminB12Deficiency", B12MS.involves, "ImpairedMyelination"),
    ("MultipleSclerosis", B12MS.involves, "ImpairedMyelination"),
    ("VitaminB12Deficiency", B12MS.involves, "NerveCommunicationDisruption"),
    ("MultipleSclerosis", B12MS.involves, "NerveCommunicationDisruption"),
    ("VitaminB12DeficiencyCorrection", B12MS.alleviatesSymptomsOf, "MultipleSclerosis"),
    ("MultipleSclerosis", B12MS.hasTreatmentGoal, "SymptomManagement"),
    ("MultipleSclerosis", B12MS.hasTreatmentGoal, "SlowingDiseaseProgression"),
    ("VitaminB12Deficiency", B12MS.associatedWith, "MultipleSclerosis"),
    ("VitaminB12Deficiency", B12MS.informsTreatmentOf, "MultipleSclerosis"),
    ("VitaminB12Maintenance", B12MS.relevantTo, "MultipleSclerosis"),
    ("TargetedTreatment", B12MS.treats, "VitaminB12Deficiency"),
    ("TargetedTreatment", B12MS.treats, "MultipleSclerosis"),
] + [("MultipleSclerosis", OBO.RO_0002452, s) for s in
     ("Fatigue", "MuscleWeakness", "CoordinationProblems", "CognitiveImpairment")] + [
    ("AutoimmuneAttackOnMyelin", B12MS.causes, s) for s in
     ("Fatigue", "MuscleWeakness", "CoordinationProblems", "CognitiveImpairment")]


#: Readings the article does not support; they must not be in the release.
NOT_STATED = [("NerveCommunicationDisruption", B12MS.causes, s) for s in
              ("Fatigue", "MuscleWeakness", "CoordinationProblems", "CognitiveImpairment")] + [
    (subject, predicate, s) for subject in ("VitaminB12Deficiency",)
    for predicate in (B12MS.causes, OBO.RO_0002452)
    for s in ("Fatigue", "MuscleWeakness", "CoordinationProblems", "CognitiveImpairment")]


def test_ontology_header(release_graph):
    g = release_graph
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(str(ONTOLOGY_IRI) + "/0.1.0")
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.license):
        assert g.value(ONTOLOGY_IRI, predicate) is not None, predicate


@pytest.mark.parametrize("label,local", sorted(ENTITIES.items()))
def test_entity_is_a_labelled_defined_class(release_graph, label, local):
    iri = B12MS[local]
    assert (iri, RDF.type, OWL.Class) in release_graph
    assert list(release_graph.objects(iri, RDFS.label)) == [Literal(label, lang="en")]
    assert len(list(release_graph.objects(iri, DEFINITION))) == 1


def test_every_class_has_one_english_label_and_a_definition(release_graph):
    for cls in release_graph.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef):
            labels = list(release_graph.objects(cls, RDFS.label))
            assert len(labels) == 1 and labels[0].language == "en", cls
            assert release_graph.value(cls, DEFINITION), cls


def test_synonyms_from_the_article(release_graph):
    def synonyms(local):
        return {str(s) for s in release_graph.objects(B12MS[local], OBOINOWL.hasExactSynonym)}
    assert "cobalamin" in synonyms("VitaminB12")
    assert "nerve fibre" in synonyms("NerveFiber")
    assert "neuron" in synonyms("NerveCell")
    assert "myelin production" in synonyms("Myelination")


@pytest.mark.parametrize("label,iri", sorted(RELATIONS.items()))
def test_relation_is_a_declared_object_property(release_graph, label, iri):
    assert (iri, RDF.type, OWL.ObjectProperty) in release_graph
    assert str(release_graph.value(iri, RDFS.label)) == label
    assert release_graph.value(iri, DEFINITION)


def test_domains_ranges_and_inverses(release_graph):
    g = release_graph
    assert g.value(B12MS.requiredFor, RDFS.domain) == B12MS.ChemicalEntity
    assert g.value(B12MS.requiredFor, RDFS.range) == B12MS.BiologicalProcess
    assert g.value(B12MS.hasTreatmentGoal, RDFS.range) == B12MS.TreatmentGoal
    assert g.value(OBO.RO_0002221, OWL.inverseOf) == OBO.RO_0002219
    assert g.value(OBO.RO_0000056, OWL.inverseOf) == OBO.RO_0000057
    assert (B12MS.sharesMechanismWith, RDF.type, OWL.SymmetricProperty) in g


def test_hierarchy(release_graph):
    def ancestors(local):
        query = "SELECT ?a WHERE { ?c rdfs:subClassOf+ ?a }"
        rows = release_graph.query(query, initBindings={"c": B12MS[local]},
                                   initNs={"rdfs": RDFS})
        return {str(r[0]).rsplit("/", 1)[-1] for r in rows}
    assert {"Nutrient", "ChemicalEntity"} <= ancestors("VitaminB12")
    assert {"AutoimmuneDisease", "ChronicDisease", "NeurologicalDisease", "Disease"} <= \
        ancestors("MultipleSclerosis")
    assert {"NutritionalDeficiency", "Disease"} <= ancestors("VitaminB12Deficiency")
    assert {"ImmuneResponse", "PathologicalProcess", "BiologicalProcess"} <= \
        ancestors("AutoimmuneAttack")
    for symptom in ("Fatigue", "MuscleWeakness", "CoordinationProblems", "CognitiveImpairment"):
        assert "Symptom" in ancestors(symptom)
    for goal in ("SymptomManagement", "SlowingDiseaseProgression"):
        assert "TreatmentGoal" in ancestors(goal)
    assert "AnatomicalStructure" in ancestors("MyelinSheath")


@pytest.mark.parametrize("subject,predicate,obj", STORY)
def test_causal_story_edge_is_in_export(release_graph, subject, predicate, obj):
    assert (B12MS[subject], predicate, B12MS[obj]) in release_graph


@pytest.mark.parametrize("subject,predicate,obj", NOT_STATED)
def test_a_reading_the_article_does_not_support_is_not_in_export(release_graph, subject,
                                                                 predicate, obj):
    assert (B12MS[subject], predicate, B12MS[obj]) not in release_graph


def test_myelin_breakdown_is_obsolete_and_split(release_graph):
    g = release_graph
    assert g.value(B12MS.MyelinBreakdown, OWL.deprecated).toPython() is True
    assert str(g.value(B12MS.MyelinBreakdown, RDFS.label)).startswith("obsolete ")
    assert set(g.objects(B12MS.MyelinBreakdown, OBOINOWL.consider)) == {
        B12MS.ImpairedMyelination, B12MS.Demyelination}
    assert list(g.triples((None, None, B12MS.MyelinBreakdown))) == []  # no claim uses it
    # neither new class lists the other's name as an exact synonym
    exact = {str(s) for c in (B12MS.ImpairedMyelination, B12MS.Demyelination)
             for s in g.objects(c, OBOINOWL.hasExactSynonym)}
    assert not exact & {"demyelination", "myelin damage", "myelin breakdown"}


def test_no_cure_is_recorded(release_graph):
    assert release_graph.value(B12MS.MultipleSclerosis, B12MS.hasCure).toPython() is False


def test_every_used_term_is_declared(release_graph):
    from kg.checks import check_declarations
    assert check_declarations(release_graph) == []


def test_undeclared_term_is_reported(release_graph):
    from rdflib import Graph

    from kg.checks import check_declarations
    broken = Graph()
    broken += release_graph
    broken.add((B12MS.Fatigue, B12MS.undeclaredRelation, B12MS.MuscleWeakness))
    assert check_declarations(broken) == [
        "predicate b12ms:undeclaredRelation is not declared as a property"]
