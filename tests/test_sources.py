"""Claims from more than one source: add-claims, --claims, support per edge, the background layer."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, run_cli
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF

from kg.build import build_dataset
from kg.claims import load_claims
from kg.errors import InputError
from kg.namespaces import B12MS, LAYERS, layer_iri
from kg.network import to_networkx
from kg.query import run_query

EXAMPLE = FIXTURES / "example_claims.yaml"


def test_example_file_is_marked_as_an_example():
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.startswith("# EXAMPLE ONLY - NOT EVIDENCE.")
    assert "urn:example:" in text and "pmid" not in text and "doi" not in text


def test_add_claims_merges_the_file_as_its_own_named_graph(tmp_path, dataset):
    out = tmp_path / "merged.trig"
    result = run_cli("add-claims", str(EXAMPLE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().strip() == (
        "added 2 claim(s) as graph <https://w3id.org/b12ms-kg/graph/example>")
    merged = Dataset()
    merged.parse(out, format="trig")
    example = merged.graph(layer_iri("example"))
    assert {str(i) for i in example.objects(None, DCTERMS.identifier)} == {"X001", "X002"}
    assert len(merged.graph(LAYERS["article"])) == len(dataset.graph(LAYERS["article"]))


def test_edges_stated_by_several_sources_show_all_of_them():
    g = to_networkx(build_dataset(claims_files=[EXAMPLE]))
    edge = g.edges["b12ms:VitaminB12Deficiency", "b12ms:Myelination", "b12ms:impairs"]
    assert (edge["supports"], edge["sources"], edge["layer"]) == (2, 2, "article;example")
    assert [(e["claim_id"], e["layer"]) for e in edge["evidence"]] == [
        ("C013", "article"), ("X001", "example")]
    hedged = g.edges["b12ms:VitaminB12DeficiencyCorrection", "b12ms:Myelination",
                     "b12ms:promotes"]
    assert hedged["certainty"] == "hypothesis"


def test_support_can_be_counted_per_edge():
    rows = list(run_query(build_dataset(claims_files=[EXAMPLE]), "count_support_per_edge").dicts())
    top = {(r["subjectLabel"], r["predicateLabel"], r["objectLabel"]):
           (int(r["claims"]), int(r["sources"]), int(r["layers"])) for r in rows}
    assert top[("vitamin B12 deficiency", "impairs", "myelination")] == (2, 2, 2)
    assert top[("correction of vitamin B12 deficiency", "alleviates symptoms of",
                "multiple sclerosis")] == (2, 1, 1)
    assert [int(r["sources"]) for r in rows] == sorted((int(r["sources"]) for r in rows),
                                                       reverse=True)


BAD = {
    "unknown predicate": ("predicate: impairs", "predicate: cures", "unknown predicate 'cures'", 18),
    "sentence not found": ("the production of myelin.\"", "the making of myelin.\"",
                           "claim X001: sentence is not in the text of source 'tutorial'", 18),
    "missing certainty": ("    certainty: asserted\n", "", "claims[0]: missing field 'certainty'",
                          18),
    "context not a class": ("    certainty: asserted\n", "    context: impairs\n    certainty: "
                            "asserted\n", "claim X001: context 'impairs' is not a class", 18),
    "unknown context": ("    certainty: asserted\n", "    context: scurvy\n    certainty: "
                        "asserted\n", "unknown entity 'scurvy'", 18),
    "source IRI is an ontology term": ("iri: urn:example:b12ms-kg:tutorial-source",
                                       "iri: http://purl.obolibrary.org/obo/CL_0000128",
                                       "source 'tutorial': iri <http://purl.obolibrary.org/obo/"
                                       "CL_0000128> is an ontology term", None),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_invalid_claims_file_is_rejected_and_nothing_is_merged(tmp_path, case):
    old, new, message, line = BAD[case]
    bad = tmp_path / "bad.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "merged.trig"
    result = run_cli("add-claims", str(EXAMPLE), str(bad), "-o", str(out))
    assert result.returncode == 2
    stderr = result.stderr.decode()
    where = f"error: {bad}:{line}: " if line else f"error: {bad}: "
    assert stderr.startswith(where) and message in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_a_claims_file_cannot_write_into_a_core_layer(tmp_path):
    sneaky = tmp_path / "sneaky.yaml"
    sneaky.write_text(EXAMPLE.read_text().replace("graph: example", "graph: article"))
    with pytest.raises(InputError, match="graph 'article' is reserved"):
        build_dataset(claims_files=[sneaky])


def test_background_layer_is_labelled_sourced_and_optional(dataset):
    background = dataset.graph(LAYERS["background"])
    source = next(background.objects(None, DCTERMS.source))
    # the document has an IRI of its own; the term it describes is its subject
    assert str(source) == "https://w3id.org/b12ms-kg/source/cl-0000128-definition"
    assert background.value(source, DCTERMS.subject) == URIRef(
        "http://purl.obolibrary.org/obo/CL_0000128")
    assert (source, RDF.type, B12MS.ReferenceOntologyEntry) in background
    axioms = set(background.subjects(RDF.type, OWL.Axiom))
    assert {str(background.value(a, DCTERMS.identifier)) for a in axioms} == {"B001", "B002"}
    assert (B12MS.Oligodendrocyte, OWL.NamedIndividual, None) not in background
    g = to_networkx(dataset)
    assert g.edges["b12ms:Oligodendrocyte", "b12ms:Myelination", "RO:0000056"]["layer"] == \
        "background"
    article_only = to_networkx(build_dataset(layers=["article"]))
    assert "b12ms:Oligodendrocyte" not in article_only


def test_cli_layers_option_excludes_background():
    assert run_cli("paths", "oligodendrocyte", "myelination", "--include-structural").returncode == 0
    result = run_cli("paths", "oligodendrocyte", "myelination", "--layers", "article")
    assert result.returncode == 2 and b"unknown entity 'oligodendrocyte'" in result.stderr


def test_claims_option_on_paths():
    result = run_cli("paths", "vitamin B12 deficiency", "myelination", "--claims", str(EXAMPLE))
    text = result.stdout.decode()
    assert "C013 (asserted, article; in vitamin B12 deficiency)" in text
    assert "X001 (asserted, example)" in text


def test_source_pmid_and_doi_become_identifiers(tmp_path):
    # format check only: these numbers are placeholders in a throw-away test file
    data = EXAMPLE.read_text().replace("    text: >-", "    pmid: \"1\"\n    doi: 10.0000/placeholder\n    text: >-")
    path = tmp_path / "ids.yaml"
    path.write_text(data)
    ds = build_dataset(claims_files=[path])
    ids = set(ds.graph(layer_iri("example")).objects(None, DCTERMS.identifier))
    assert {Literal("PMID:1"), Literal("doi:10.0000/placeholder")} <= ids


def test_a_retired_claim_id_is_never_reused(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    retired = text + ("\nretired:\n  - id: X001\n    reason: an example of a withdrawn reading\n"
                      "    replaced_by: [X002]\n")
    path = tmp_path / "retired.yaml"
    path.write_text(retired, encoding="utf-8")
    with pytest.raises(InputError, match="claim id 'X001' is retired"):
        build_dataset(claims_files=[path])
    fixed = retired.replace("  - id: X001\n    subject", "  - id: X003\n    subject")
    path.write_text(fixed.replace("replaced_by: [X002]", "replaced_by: [X009]"),
                    encoding="utf-8")
    with pytest.raises(InputError, match="replaced_by names no claim of this file: X009"):
        build_dataset(claims_files=[path])
    path.write_text(fixed, encoding="utf-8")
    assert build_dataset(claims_files=[path])


def test_packaged_retired_ids_name_their_replacements():
    from kg.claims import load_retired

    retired = {r["id"]: r for r in load_retired()}
    assert {k: v["replaced_by"] for k, v in retired.items()} == {
        "C029": ["C052"], "C030": ["C053"], "C031": ["C054"], "C032": ["C055"]}
    active = {c.id for c in load_claims()}
    assert not active & set(retired)
