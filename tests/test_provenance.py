"""Every article edge says where it comes from (the exact sentence) and how certain it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from kg.checks import check_provenance
from kg.claims import load_claims, parse_claims
from kg.errors import InputError
from kg.namespaces import B12MS, LAYERS
from kg.resources import read_text

HEDGES = re.compile(r"could potentially|may be possible|suggests|\bmight\b|potentially treating|"
                    r"opens up new possibilities", re.IGNORECASE)
OPEN = re.compile(r"still being explored|further research is needed", re.IGNORECASE)
#: claims that read the unhedged part of a sentence with a hedge elsewhere in it: C002 reads
#: "this debilitating neurological disorder" (the hedge "potentially treating" is C057), and
#: C058 reads "this finding highlights the importance ..." (the "While" clause that calls the
#: link "still being explored" is C050)
UNHEDGED_PART = {"C002", "C058"}


def _axioms(graph: Graph):
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        yield {p: graph.value(axiom, p) for p in (
            DCTERMS.identifier, B12MS.supportingText, B12MS.textStart, B12MS.textEnd,
            B12MS.certainty, DCTERMS.source, OWL.annotatedSource, OWL.annotatedProperty,
            OWL.annotatedTarget)}


@pytest.fixture(scope="module")
def article_graph(dataset):
    return dataset.graph(LAYERS["article"])


def test_packaged_article_is_the_shared_source(article_text):
    assert read_text("ontology", "sources", "article.txt") == article_text


def test_every_article_edge_has_an_axiom_with_sentence_at_its_offsets(article_graph,
                                                                      article_text):
    axioms = list(_axioms(article_graph))
    assert len(axioms) == len(load_claims()) >= 45
    for ax in axioms:
        claim = ax[DCTERMS.identifier]
        assert None not in ax.values(), claim
        start, end = int(ax[B12MS.textStart]), int(ax[B12MS.textEnd])
        assert article_text[start:end] == str(ax[B12MS.supportingText]), claim
        triple = (ax[OWL.annotatedSource], ax[OWL.annotatedProperty], ax[OWL.annotatedTarget])
        assert triple in article_graph, claim


def test_every_edge_between_classes_is_annotated(article_graph):
    annotated = {(ax[OWL.annotatedSource], ax[OWL.annotatedProperty], ax[OWL.annotatedTarget])
                 for ax in _axioms(article_graph)}
    for s, p, o in article_graph:
        if str(s).startswith(str(B12MS)) and p not in (RDF.type, ) and not str(s).startswith(
                str(B12MS) + "source/"):
            assert (s, p, o) in annotated, (s, p, o)


def test_hedged_sentences_are_hypotheses_and_open_ones_open(article_graph):
    seen = {"hypothesis": 0, "open": 0}
    for ax in _axioms(article_graph):
        sentence = str(ax[B12MS.supportingText])
        if str(ax[DCTERMS.identifier]) in UNHEDGED_PART:
            assert ax[B12MS.certainty] == B12MS.Asserted, ax[DCTERMS.identifier]
        elif HEDGES.search(sentence):
            assert ax[B12MS.certainty] == B12MS.Hypothesis, ax[DCTERMS.identifier]
            seen["hypothesis"] += 1
        elif OPEN.search(sentence):
            assert ax[B12MS.certainty] == B12MS.OpenQuestion, ax[DCTERMS.identifier]
            seen["open"] += 1
        else:
            assert ax[B12MS.certainty] == B12MS.Asserted, ax[DCTERMS.identifier]
    assert seen == {"hypothesis": 7, "open": 4}


#: every sentence that states claims for one condition or population only
CONTEXT_BOUND = {
    "When there is a deficiency of vitamin B12, the production of myelin is impaired.":
        ("vitamin B12 deficiency", {"C013", "C015"}),
    "This can lead to a breakdown in the communication between nerve cells, resulting in "
    "various neurological symptoms.": ("vitamin B12 deficiency", {"C016", "C017", "C018"}),
    "In MS, the immune system mistakenly attacks the myelin sheath, causing inflammation and "
    "damage to nerve fibers.": ("multiple sclerosis", {"C022", "C023", "C024", "C025", "C026"}),
    "This disrupts the normal flow of electrical signals and leads to a wide range of "
    "symptoms, including fatigue, muscle weakness, coordination problems, and cognitive "
    "impairment.": ("multiple sclerosis", {"C027", "C028", "C033", "C034", "C035", "C036",
                                           "C052", "C053", "C054", "C055"}),
    "By addressing vitamin B12 deficiency, it may be possible to support the production of "
    "myelin and improve nerve cell communication in individuals with MS.":
        ("multiple sclerosis", {"C046", "C047"}),
    "This could potentially alleviate some of the symptoms associated with the disease and "
    "improve overall quality of life.": ("multiple sclerosis", {"C048", "C049"}),
}


#: claims of those sentences that are general by their reading: C012 says what the deficiency
#: is a deficiency of; C014 reads the conditional "when deficient, production is impaired" as
#: the general requirement it states
GENERAL_READINGS = {"C012", "C014"}


def test_each_context_bound_sentence_gives_its_claims_their_context(release_graph):
    """In the release Turtle: every claim of a sentence that names a condition ("In MS, ...")
    carries it as b12ms:context; general statements carry none."""
    g = release_graph
    contexts = {}
    for axiom in g.subjects(RDF.type, OWL.Axiom):
        if g.value(axiom, B12MS.supportingText) is None:
            continue
        context = g.value(axiom, B12MS.context)
        contexts[str(g.value(axiom, DCTERMS.identifier))] = (
            str(g.value(axiom, B12MS.supportingText)),
            str(g.value(context, RDFS.label)) if context is not None else None)
    for sentence, (label, claims) in CONTEXT_BOUND.items():
        found = {c for c, (s, _) in contexts.items() if s == sentence}
        assert found - set(GENERAL_READINGS) == claims, sentence
        assert {contexts[c][1] for c in claims} == {label}, sentence
    for claim in GENERAL_READINGS:
        assert contexts[claim][1] is None, claim
    for claim in ("C003", "C006", "C010", "C014"):  # general statements about vitamin B12
        assert contexts[claim][1] is None, claim


def test_b12_effect_on_ms_is_a_hypothesis_not_a_fact(article_graph):
    certainties = {ax[B12MS.certainty] for ax in _axioms(article_graph)
                   if ax[OWL.annotatedProperty] == B12MS.alleviatesSymptomsOf}
    assert certainties == {B12MS.Hypothesis}


def test_source_is_a_popular_science_article_without_invented_citation(article_graph):
    sources = set(article_graph.objects(None, DCTERMS.source))
    assert len(sources) == 1
    source = sources.pop()
    assert (source, RDF.type, B12MS.PopularScienceArticle) in article_graph
    assert str(article_graph.value(source, DCTERMS.title)).startswith(
        "How the loss of vitamin B12")
    predicates = {str(p) for p in article_graph.predicates(source, None)}
    assert not any(word in p.lower() for p in predicates
                   for word in ("creator", "author", "doi", "pmid", "bibliographiccitation"))


def test_check_provenance_catches_a_shifted_offset(article_graph):
    sources = {c.source for c in load_claims()}
    assert check_provenance(article_graph, sources) == []
    tampered = Graph()
    tampered += article_graph
    axiom = next(tampered.subjects(DCTERMS.identifier, Literal("C013")))
    start = tampered.value(axiom, B12MS.textStart)
    tampered.set((axiom, B12MS.textStart, Literal(int(start) + 1)))
    assert check_provenance(tampered, sources) == [
        f"claim C013: sentence is not the source text at {int(start) + 1}-"
        f"{tampered.value(axiom, B12MS.textEnd)}"]


BASE_CLAIM = """\
sources:
  - id: article
    iri: https://w3id.org/b12ms-kg/source/test
    type: popular science article
    title: Test
    text_file: article.txt
claims:
  - id: T1
    subject: vitamin B12 deficiency
    predicate: impairs
    object: myelination
    certainty: asserted
    source: article
    sentence: When there is a deficiency of vitamin B12, the production of myelin is impaired.
"""


@pytest.mark.parametrize("change,message,line", [
    (("    certainty: asserted\n", ""), "claims[0]: missing field 'certainty'", 8),
    (("certainty: asserted", "certainty: likely"),
     "claims[0].certainty: Input should be 'asserted', 'hypothesis' or 'open'", 12),
    (("certainty: asserted", "certainty: [asserted]"), "claims[0].certainty: Input should be", 12),
    (("    note_typo: x\n", ""), None, None),
    (("id: T1", "id: T1\n    confidence: high"), "claims[0]: unknown field 'confidence'", 9),
    (("title: Test", "title: Test\n    doi: not-a-doi"), "sources[0].doi: String should match", 6),
    (("text_file: article.txt", "text_file: missing.txt"),
     "source 'article': text_file 'missing.txt': no such file", 6),
    (("production of myelin is impaired.", "production of myelin is boosted."),
     "claim T1: sentence is not in the text of source 'article'", 8),
    (("    source: article\n    sentence", "    source: nowhere\n    sentence"),
     "claim T1: unknown source 'nowhere'", 8),
    (("subject: vitamin B12 deficiency", "subject: [a, b"), "invalid YAML", None),
    (("claims:\n", "claims: []\nold:\n"), "claims: List should have at least 1 item", 7),
])
def test_invalid_claims_file_is_rejected_with_file_and_line(tmp_path, article_text, change,
                                                           message, line):
    (tmp_path / "article.txt").write_text(article_text, encoding="utf-8")
    path = tmp_path / "claims.yaml"
    path.write_text(BASE_CLAIM.replace(*change), encoding="utf-8")
    if message is None:  # the unchanged file is valid
        assert [c.id for c in load_claims(path)] == ["T1"]
        return
    with pytest.raises(InputError) as info:
        load_claims(path)
    assert info.value.message.startswith(message), info.value.message
    assert info.value.where == str(path)
    if line is not None:
        assert info.value.line == line


def test_unknown_predicate_is_rejected_with_line(tmp_path, article_text):
    from kg.build import build_dataset
    (tmp_path / "article.txt").write_text(article_text, encoding="utf-8")
    path = tmp_path / "claims.yaml"
    path.write_text(BASE_CLAIM.replace("predicate: impairs", "predicate: cures"), encoding="utf-8")
    claims = load_claims(path)
    with pytest.raises(InputError) as info:
        build_dataset(claims)
    assert info.value.line == 8 and "unknown predicate 'cures'" in str(info.value)


def test_valid_claims_file_loads(tmp_path, article_text):
    (tmp_path / "article.txt").write_text(article_text, encoding="utf-8")
    claims = parse_claims("claims.yaml", BASE_CLAIM, base=Path(tmp_path), default_graph="mine")
    assert [(c.id, c.start, c.end, c.graph) for c in claims] == [
        ("T1", article_text.index("When there"), article_text.index(" This can lead"), "mine")]
