"""SHACL shapes, the offsets check and the QC report: the shipped graph is clean, and each
check catches a hand-made violation."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.build import build_dataset
from kg.namespaces import B12MS, DEFINITION
from kg.validate import render_report, shacl_findings, validate_dataset


@pytest.fixture(scope="module")
def clean():
    graph = Graph()
    for g in build_dataset(layers=("article", "background", "inferred")).graphs():
        graph += g
    return graph


def test_shipped_graph_has_no_errors():
    findings = validate_dataset(build_dataset(layers=("article", "background", "inferred")))
    assert [f for f in findings if f.severity == "ERROR"] == []
    assert {f.rule for f in findings} <= {"no-mapping", "hedged-claims"}


def _axiom(graph: Graph, claim: str):
    return next(graph.subjects(DCTERMS.identifier, Literal(claim)))


def _break_second_label(g):
    g.add((B12MS.Fatigue, RDFS.label, Literal("tiredness", lang="en")))


def _break_definition(g):
    g.remove((B12MS.Fatigue, DEFINITION, None))


def _break_sentence(g):
    g.remove((_axiom(g, "C013"), B12MS.supportingText, None))


def _break_certainty(g):
    g.set((_axiom(g, "C013"), B12MS.certainty, B12MS.Certain))


def _break_source(g):
    g.remove((_axiom(g, "C013"), DCTERMS.source, None))


def _break_offsets(g):
    axiom = _axiom(g, "C014")
    g.set((axiom, B12MS.textEnd, Literal(int(g.value(axiom, B12MS.textEnd)) + 3)))


def _break_edge_without_axiom(g):
    g.add((B12MS.Fatigue, B12MS.causes, B12MS.MuscleWeakness))


def _break_identifier(g):
    g.add((B12MS.Fatigue, SKOS.exactMatch, URIRef("http://purl.obolibrary.org/obo/HP_12378")))


def _break_predicate(g):
    g.add((B12MS.Fatigue, B12MS.worsens, B12MS.MuscleWeakness))


def _break_term_iri(g):
    term = URIRef("https://w3id.org/b12ms-kg/bad_term")
    g.add((term, RDF.type, OWL.Class))
    g.add((term, RDFS.label, Literal("bad term", lang="en")))
    g.add((term, DEFINITION, Literal("A term whose IRI breaks the naming pattern.", lang="en")))


CASES = {
    "second English label": (_break_second_label, "class-label-and-definition", "b12ms:Fatigue"),
    "missing definition": (_break_definition, "class-label-and-definition", "b12ms:Fatigue"),
    "missing sentence": (_break_sentence, "claim-provenance", "(blank node)"),
    "certainty outside vocabulary": (_break_certainty, "claim-provenance", "(blank node)"),
    "missing source": (_break_source, "claim-provenance", "(blank node)"),
    "offsets do not span the sentence": (_break_offsets, "claim-provenance", "(blank node)"),
    "edge without axiom": (_break_edge_without_axiom, "edge-has-axiom", "b12ms:Fatigue"),
    "malformed identifier": (_break_identifier, "identifier-pattern", "b12ms:Fatigue"),
    "undeclared predicate": (_break_predicate, "declared-predicate", "b12ms:Fatigue"),
    "bad term IRI": (_break_term_iri, "term-iri-pattern", "b12ms:bad_term"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_shape_catches_a_hand_made_violation(clean, case):
    damage, rule, subject = CASES[case]
    broken = Graph()
    broken += clean
    damage(broken)
    findings = shacl_findings(broken)
    assert findings, case
    assert {(f.severity, f.rule, f.subject) for f in findings} == {("ERROR", rule, subject)}


def test_oxigraph_and_rdflib_give_pyshacl_the_same_findings(clean):
    """pySHACL on the Oxigraph copy (the default) finds what it finds on rdflib's graph:
    every hand-made violation at once, with the same messages and values."""
    broken = Graph()
    broken += clean
    for damage, _, _ in CASES.values():
        damage(broken)
    on_oxigraph = shacl_findings(broken)
    assert {f.rule for f in on_oxigraph} == {rule for _, rule, _ in CASES.values()}
    assert sorted(on_oxigraph) == sorted(shacl_findings(broken, engine="rdflib"))
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        shacl_findings(clean, engine="jena")


def test_an_ill_typed_offset_is_a_finding_not_a_crash(clean):
    """A start offset that is no integer ("abc"^^xsd:integer, as RDF from elsewhere may
    hold): reported by the shapes (rdflib's own SPARQL engine stops with a TypeError on
    the offsets constraint's arithmetic; Oxigraph evaluates it as SPARQL says)."""
    from rdflib.namespace import XSD

    broken = Graph()
    broken += clean
    broken.set((_axiom(broken, "C013"), B12MS.textStart, Literal("abc", datatype=XSD.integer)))
    findings = shacl_findings(broken)
    assert {(f.rule, f.message) for f in findings} == {
        ("claim-provenance", "a claim needs one non-negative integer start offset (value: abc)")}


def test_blank_nodes_labelled_as_a_server_labels_them_are_validated(clean):
    """Virtuoso labels blank nodes ``nodeID://b10006``, which Oxigraph does not accept as
    a label: the copy pySHACL reads relabels them, one node per label."""
    from rdflib import BNode

    served = Graph()
    for s, p, o in clean:
        served.add(tuple(BNode(f"nodeID://{t}") if isinstance(t, BNode) else t
                         for t in (s, p, o)))
    assert shacl_findings(served) == []
    _break_offsets(served)
    assert {(f.rule, f.subject) for f in shacl_findings(served)} == {
        ("claim-provenance", "(blank node)")}


def test_a_term_oxigraph_refuses_is_validated_by_rdflib(clean):
    """An IRI with a space (rdflib keeps it, Oxigraph refuses it): the shapes still run,
    on rdflib's graph, and report what they report there."""
    broken = Graph()
    broken += clean
    broken.add((B12MS.Fatigue, SKOS.exactMatch, URIRef("http://purl.obolibrary.org/obo/HP 1")))
    findings = shacl_findings(broken)
    assert findings == shacl_findings(broken, engine="rdflib")
    assert {(f.rule, f.subject) for f in findings} == {("identifier-pattern", "b12ms:Fatigue")}


def test_sentence_offsets_check_catches_a_shifted_sentence():
    import dataclasses

    from kg.claims import load_claims
    claims = load_claims()
    shifted = [dataclasses.replace(c, start=c.start + 1, end=c.end + 1) if c.id == "C020" else c
               for c in claims]
    findings = validate_dataset(build_dataset(shifted), reason=False)
    errors = [f for f in findings if f.severity == "ERROR"]
    assert [(f.rule, f.message) for f in errors] == [
        ("sentence-at-offsets", f"claim C020: sentence is not the source text at "
         f"{shifted[19].start}-{shifted[19].end}")]


@pytest.mark.parametrize("fmt", ["text", "md", "json", "ttl"])
def test_report_formats(fmt):
    result = run_cli("validate", "--no-reason", "-f", fmt)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    if fmt == "json":
        document = json.loads(text)
        assert document["summary"]["ERROR"] == 0
        assert all(set(f) == {"severity", "rule", "subject", "message"} for f in document["findings"])
    elif fmt == "ttl":
        graph = Graph().parse(data=text, format="turtle")
        from rdflib.namespace import SH
        report = next(graph.subjects(RDF.type, SH.ValidationReport))
        assert graph.value(report, SH.conforms).toPython() is True
    elif fmt == "md":
        assert text.startswith("# b12ms-kg QC report") and "| severity | rule |" in text
    else:  # every class has a mapping or a NoTermFound row: hints are INFO only
        assert "INFO   hedged-claims" in text and "WARN" not in text
        assert text.splitlines()[-1].startswith("0 error(s), 0 warning(s)")


def test_validate_exits_1_on_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    from conftest import FIXTURES
    bad.write_text((FIXTURES / "example_claims.yaml").read_text().replace(
        "subject: vitamin B12 deficiency\n    predicate: impairs",
        "subject: vitamin B12\n    predicate: involves"))
    result = run_cli("validate", "--claims", str(bad), "-f", "json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    assert {"severity": "ERROR", "rule": "consistency", "subject": "ontology",
            "message": "HermiT: the ontology is inconsistent"} in findings


def test_render_report_text_ends_with_counts():
    from kg.validate import Finding
    text = render_report([Finding("ERROR", "r", "s", "m"), Finding("INFO", "i", "s", "m")])
    assert text.splitlines()[-1] == "1 error(s), 0 warning(s), 1 info"
