"""The SPARQL library answers its competency questions; parameters are bound, never pasted."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from kg.errors import InputError
from kg.query import format_result, list_queries, load_query, run_query
from kg.resources import data_path


def rows(dataset, name, **params):
    return list(run_query(dataset, name, params).dicts())


def column(dataset, name, var, **params):
    return [row[var] for row in rows(dataset, name, **params)]


def test_library_has_a_header_and_order_by_for_every_query():
    queries = list_queries()
    assert {q.name for q in queries} >= {
        "list_entities", "find_required_for", "find_consequences", "find_immune_actions",
        "list_symptoms", "find_shared_mechanisms", "list_claims", "list_hypotheses",
        "find_impaired", "count_support_per_edge"}
    for query in queries:
        assert query.title and query.description and query.returns, query.name
        assert "ORDER BY" in query.text, query.name


def test_every_packaged_query_parses_and_its_kind_is_read_as_rdflib_reads_it():
    # a packaged query is not parsed by rdflib on each run: this is its syntax check
    from kg.query import _check_syntax, library_kind

    for query in list_queries():
        assert query.packaged
        assert library_kind(query.text) == _check_syntax(query), query.name
    assert library_kind("BASE <http://x/>\nPREFIX : <http://y/>\nASK {}") == "AskQuery"
    with pytest.raises(InputError):
        library_kind("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def test_list_entities(dataset):
    found = rows(dataset, "list_entities")
    labels = {r["label"] for r in found}
    assert {"vitamin B12", "multiple sclerosis", "myelin sheath", "fatigue"} <= labels
    ms_types = {r["typeLabel"] for r in found if r["label"] == "multiple sclerosis"}
    assert ms_types == {"autoimmune disease", "chronic disease", "disease or disorder",
                        "neurological disorder"}


def test_find_required_for(dataset):
    assert column(dataset, "find_required_for", "targetLabel") == [
        "myelination", "nervous system functioning"]
    assert set(column(dataset, "find_required_for", "certainty")) == {"asserted"}


def test_find_consequences_is_transitive(dataset):
    assert column(dataset, "find_consequences", "effectLabel") == [
        "disrupted nerve cell communication", "impaired myelin production",
        "neurological symptom"]
    ms = column(dataset, "find_consequences", "effectLabel", condition="multiple sclerosis")
    assert {"autoimmune attack on myelin", "inflammation", "fatigue"} <= set(ms)


def test_find_impaired(dataset):
    assert column(dataset, "find_impaired", "affectedLabel") == ["myelination"]
    assert column(dataset, "find_impaired", "affectedLabel", condition="MS") == [
        "myelin sheath", "nerve fiber", "nerve signal transmission"]


def test_find_immune_actions(dataset):
    found = {(r["actorLabel"], r["predicateLabel"], r["targetLabel"])
             for r in rows(dataset, "find_immune_actions")}
    assert ("immune system", "attacks", "myelin sheath") in found
    assert ("autoimmune attack on myelin", "causes", "inflammation") in found
    assert ("autoimmune attack on myelin", "damages", "nerve fiber") in found
    assert ("autoimmune attack on myelin", "disrupts", "nerve signal transmission") in found


def test_list_symptoms(dataset):
    assert column(dataset, "list_symptoms", "symptomLabel") == [
        "cognitive impairment", "coordination problems", "fatigue", "muscle weakness"]
    assert column(dataset, "list_symptoms", "symptomLabel", disease="vitamin B12 deficiency") == [
        "neurological symptom"]


def test_find_shared_mechanisms(dataset):
    found = rows(dataset, "find_shared_mechanisms")
    assert [r["mechanismLabel"] for r in found] == [
        "disrupted nerve cell communication", "impaired myelin production"]
    assert all(r["stated_a"] == "true" and r["stated_b"] == "true" for r in found)


def test_list_claims_has_every_claim_with_sentence_and_certainty(dataset):
    from kg.claims import load_claims
    found = rows(dataset, "list_claims")
    claims = {c.id: c for c in load_claims() + load_claims(packaged="background")}
    assert [r["claim"] for r in found] == sorted(claims)
    for row in found:
        claim = claims[row["claim"]]
        assert row["sentence"] == claim.sentence
        assert (int(row["start"]), int(row["end"])) == (claim.start, claim.end)
        assert row["layer"] == claim.graph == ("background" if claim.id[0] == "B" else "article")
        assert (row["contextLabel"] or None) == claim.context, claim.id
    certainty = {r["claim"]: r["certainty"] for r in found}
    assert certainty["C042"] == "hypothesis" and certainty["C050"] == "open"


def test_list_claims_filtered_by_certainty_equals_list_hypotheses(dataset):
    filtered = column(dataset, "list_claims", "claim", certaintyLevel="hypothesis")
    assert filtered == column(dataset, "list_hypotheses", "claim") == [
        "C042", "C046", "C047", "C048", "C049", "C056", "C057"]


def test_count_claims_by_certainty(dataset):
    counts = {(r["layer"], r["certainty"]): int(r["claims"])
              for r in rows(dataset, "count_claims_by_certainty")}
    assert counts == {("article", "asserted"): 45, ("article", "hypothesis"): 7,
                      ("article", "open"): 4, ("background", "asserted"): 2}


def test_parameter_accepts_label_curie_and_iri(dataset):
    by_label = rows(dataset, "list_symptoms", disease="multiple sclerosis")
    by_curie = rows(dataset, "list_symptoms", disease="b12ms:MultipleSclerosis")
    by_iri = rows(dataset, "list_symptoms", disease="<https://w3id.org/b12ms-kg/MultipleSclerosis>")
    assert by_label == by_curie == by_iri and len(by_label) == 4


@pytest.mark.parametrize("value", [
    'b12ms:MultipleSclerosis> } ; DROP ALL #',
    'https://w3id.org/b12ms-kg/Multiple Sclerosis',
    '"multiple sclerosis" } UNION { ?s ?p ?o }',
    "multiple\nsclerosis",
])
def test_malicious_iri_parameter_is_rejected(dataset, value):
    before = len(dataset)
    with pytest.raises(InputError, match="unknown entity"):
        run_query(dataset, "list_symptoms", {"disease": value})
    assert len(dataset) == before


def test_literal_parameter_is_bound_as_a_literal(dataset, tmp_path):
    query = tmp_path / "label_search.rq"
    query.write_text(
        "# title: Find labels containing a text\n"
        "# description: test query\n"
        "# param: text literal ; text to look for\n"
        "# returns: ?label\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT DISTINCT ?label WHERE { ?x rdfs:label ?label . "
        "FILTER(CONTAINS(LCASE(STR(?label)), LCASE(?text))) } ORDER BY ?label\n",
        encoding="utf-8")
    before = len(dataset)
    assert column(dataset, str(query), "label", text="AUTOIMMUNE") == [
        "autoimmune attack", "autoimmune attack on myelin", "autoimmune disease"]
    for evil in ['") } ; DROP ALL ; #', "x' } UNION { ?x ?p ?label } #", "\"} ORDER BY ?x"]:
        assert column(dataset, str(query), "label", text=evil) == []
    assert len(dataset) == before


def test_unknown_parameter_is_rejected(dataset):
    with pytest.raises(InputError, match="unknown parameter 'nope'"):
        run_query(dataset, "list_symptoms", {"nope": "x"})


def test_result_formats(dataset):
    result = run_query(dataset, "list_symptoms")
    table = format_result(result, "table")
    assert table.splitlines()[0].split() == [
        "symptom", "symptomLabel", "claim", "certainty", "sentence"]
    assert table.rstrip().endswith("(4 rows)")
    csv_lines = format_result(result, "csv").split("\r\n")
    assert csv_lines[0] == "symptom,symptomLabel,claim,certainty,sentence"
    assert csv_lines[1].startswith("https://w3id.org/b12ms-kg/CognitiveImpairment,")
    tsv = format_result(result, "tsv").splitlines()
    assert tsv[0].split("\t")[0] == "?symptom"
    assert tsv[1].split("\t")[0] == "<https://w3id.org/b12ms-kg/CognitiveImpairment>"
    document = json.loads(format_result(result, "json"))
    assert document["head"]["vars"][0] == "symptom"
    first = document["results"]["bindings"][0]
    assert first["symptom"] == {"type": "uri",
                                "value": "https://w3id.org/b12ms-kg/CognitiveImpairment"}
    assert first["sentence"]["xml:lang"] == "en"


def test_cli_runs_ad_hoc_query_file(tmp_path):
    query = tmp_path / "count.rq"
    query.write_text("PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
                     "SELECT (COUNT(?a) AS ?n) WHERE { ?a a owl:Axiom }", encoding="utf-8")
    result = run_cli("query", str(query), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().split("\r\n")[:2] == ["n", "58"]
    article_only = run_cli("query", str(query), "--format", "csv", "--layers", "article")
    assert article_only.stdout.decode().split("\r\n")[:2] == ["n", "56"]


def test_cli_named_query_with_param_json():
    result = run_cli("query", "find_required_for", "--param", "entity=cobalamin", "-f", "json")
    assert result.returncode == 0, result.stderr
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert [b["targetLabel"]["value"] for b in bindings] == [
        "myelination", "nervous system functioning"]


def test_cli_lists_queries():
    result = run_cli("queries")
    assert result.returncode == 0
    names = [line.split()[0] for line in result.stdout.decode().splitlines()]
    assert names == sorted(q.name for q in list_queries())


def test_query_files_are_loaded_from_the_package():
    assert load_query("list_claims").text == data_path("queries", "list_claims.rq").read_text(
        encoding="utf-8")
