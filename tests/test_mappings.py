"""Standard identifiers: verified, not obsolete, valid SSSOM, usable wherever the CLI takes an entity."""

from __future__ import annotations

import csv
import importlib.util
import io

import pytest
from conftest import REPO, run_cli
from rdflib import URIRef
from rdflib.namespace import SKOS

from kg.lookup import compact
from kg.mappings import NO_TERM, read_mappings
from kg.namespaces import B12MS, OBO
from kg.resources import data_path, read_text

SSSOM = REPO / "ontology" / "mappings" / "b12ms.sssom.tsv"


def _verified() -> dict[str, dict]:
    text = (REPO / "tests" / "verified_identifiers.tsv").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return {row["curie"]: row for row in csv.DictReader(io.StringIO(body), delimiter="\t")}


VERIFIED = _verified()


def test_verified_table_cites_a_check_for_every_identifier():
    for curie, row in VERIFIED.items():
        assert row["label"] and len(row["checked"]) > 20, curie
        assert row["obsolete"] == "false", f"{curie} is obsolete and must not be used"


@pytest.mark.parametrize("row", [r for r in read_mappings() if r.is_mapping],
                         ids=lambda r: f"{r.subject_id}->{r.object_id}")
def test_every_mapped_identifier_has_its_verified_label(row):
    assert row.object_id in VERIFIED, f"{row.object_id} was never verified"
    assert row.object_label == VERIFIED[row.object_id]["label"]


def test_every_external_identifier_in_the_release_is_verified(release_graph):
    external = {compact(t) for triple in release_graph for t in triple
                if isinstance(t, URIRef) and str(t).startswith(str(OBO))}
    assert external, "no external identifiers found"
    assert sorted(external - set(VERIFIED)) == []


def test_known_traps_are_avoided():
    rows = {(r.subject_id, r.predicate_id, r.object_id) for r in read_mappings()}
    assert ("b12ms:VitaminB12", "skos:exactMatch", "CHEBI:17439") not in rows  # cyanocobalamin
    assert ("b12ms:MyelinSheath", "skos:exactMatch", "GO:0043209") in rows
    assert ("b12ms:Myelination", "skos:exactMatch", "GO:0042552") in rows
    assert ("b12ms:VitaminB12Deficiency", "skos:closeMatch", "HP:0100502") in rows  # renamed HP term


def test_corrected_disease_mappings_are_present_with_their_check_recorded():
    rows = {(r.subject_id, r.predicate_id, r.object_id): r for r in read_mappings()}
    expected = [
        ("b12ms:VitaminB12Deficiency", "skos:exactMatch", "MONDO:0020696"),
        # same label, but the DO files it as inherited and MONDO maps it to MONDO:0019220
        ("b12ms:VitaminB12Deficiency", "skos:closeMatch", "DOID:0050731"),
        ("b12ms:NeurologicalDisease", "skos:exactMatch", "MONDO:0005071"),
        ("b12ms:NeurologicalDisease", "skos:exactMatch", "DOID:863"),
        ("b12ms:AutoimmuneDisease", "skos:exactMatch", "MONDO:0007179"),
        ("b12ms:AutoimmuneDisease", "skos:exactMatch", "DOID:417"),
    ]
    for key in expected:
        assert key in rows, key
        assert rows[key].comment.startswith("Checked 2026-12-02"), key
    assert ("b12ms:VitaminB12Deficiency", "skos:exactMatch", NO_TERM) not in rows
    assert ("b12ms:VitaminB12Deficiency", "skos:exactMatch", "DOID:0050731") not in rows


def test_no_obo_term_gets_a_label_other_than_its_own(release_graph):
    """Merging the release with the OBO ontologies must not give their terms a second label:
    every OBO IRI the release labels carries exactly its verified label, and no source
    document uses an ontology term's IRI."""
    from rdflib.namespace import DCTERMS, RDFS

    labelled = {(compact(s), str(o)) for s, o in release_graph.subject_objects(RDFS.label)
                if str(s).startswith(str(OBO))}
    assert labelled
    for curie, label in labelled:
        assert curie in VERIFIED and label.casefold() == VERIFIED[curie]["label"].casefold(), \
            (curie, label)
    sources = set(release_graph.objects(None, DCTERMS.source))
    assert len(sources) == 2
    assert not any(str(s).startswith(str(OBO)) for s in sources)


def test_no_term_rows_say_where_and_why():
    no_term = [r for r in read_mappings() if not r.is_mapping]
    assert {r.subject_id for r in no_term} >= {"b12ms:AutoimmuneAttackOnMyelin",
                                                "b12ms:MultipleSclerosis"}
    body = [line for line in SSSOM.read_text().splitlines()
            if NO_TERM in line and not line.startswith("#")]
    assert len(body) == len(no_term)
    assert all("\tobo:" in line for line in body), "object_source must name the ontology searched"
    assert all(len(r.comment) > 20 for r in no_term)


def test_mappings_are_skos_annotations_in_the_release(release_graph):
    assert (B12MS.MultipleSclerosis, SKOS.exactMatch, OBO.MONDO_0005301) in release_graph
    assert (B12MS.NerveFiber, SKOS.closeMatch, OBO.GO_0030424) in release_graph
    assert not any("NoTermFound" in str(o) for o in release_graph.objects(None, SKOS.exactMatch))
    expected = sum(1 for r in read_mappings() if r.is_mapping)
    found = sum(1 for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
                for _ in release_graph.subject_objects(p))
    assert found == expected


def test_sssom_file_is_valid_and_round_trips(tmp_path):
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate
    from sssom.writers import write_table

    msdf = parse_sssom_table(SSSOM)
    assert all(not report.results for report in validate(msdf).values())
    assert len(msdf.df) == len(read_mappings())
    copy = tmp_path / "copy.sssom.tsv"
    with copy.open("w") as handle:
        write_table(msdf, handle)
    again = parse_sssom_table(copy)
    columns = ["subject_id", "predicate_id", "object_id", "object_label", "confidence"]
    left = msdf.df[columns].sort_values(columns[:3]).reset_index(drop=True)
    right = again.df[columns].sort_values(columns[:3]).reset_index(drop=True)
    assert left.equals(right)


def test_packaged_mapping_file_matches_checkout():
    assert data_path("ontology", "mappings", "b12ms.sssom.tsv").read_bytes() == SSSOM.read_bytes()


def test_prefix_map_is_the_bioregistrys():
    spec = importlib.util.spec_from_file_location("update_prefixes",
                                                  REPO / "scripts" / "update_prefixes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert read_text("ontology", "prefixes.tsv") == module.generate()


@pytest.mark.parametrize("by_curie,by_label", [
    (["paths", "MONDO:0005301", "HP:0012378"], ["paths", "multiple sclerosis", "fatigue"]),
    (["paths", "http://purl.obolibrary.org/obo/MONDO_0005301", "HP:0100543"],
     ["paths", "MS", "cognitive impairment"]),
    (["query", "list_symptoms", "-p", "disease=MONDO:0005301"],
     ["query", "list_symptoms", "-p", "disease=multiple sclerosis"]),
    (["query", "find_required_for", "-p", "entity=CHEBI:176843"],
     ["query", "find_required_for", "-p", "entity=vitamin B12"]),
    (["shared", "HP:0100502", "DOID:2377"], ["shared", "vitamin B12 deficiency", "MS"]),
])
def test_curie_and_label_inputs_give_the_same_results(by_curie, by_label):
    curie, label = run_cli(*by_curie), run_cli(*by_label)
    assert curie.returncode == 0, curie.stderr
    assert curie.stdout == label.stdout and len(curie.stdout) > 100


def test_unmapped_curie_is_a_clear_error():
    result = run_cli("paths", "MONDO:9999999", "fatigue")
    assert result.returncode == 2
    assert result.stderr.decode().startswith("error: unknown entity 'MONDO:9999999'")
