"""A newcomer never gets stuck: a mistyped name gets exit code 2 and the name meant, names
can be listed, one certainty vocabulary, global options anywhere."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import FIXTURES, run_cli


def _claims_file(tmp_path, old: str, new: str):
    text = (FIXTURES / "example_claims.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "claims.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("args,meant", [
    (["paths", "multiple sclerois", "fatigue"], "'multiple sclerosis'"),
    (["paths", "B12 deficiency", "myelination"], "'vitamin B12 deficiency'"),
    (["explain", "vitamin B12 deficiency", "cause", "fatigue"], "'causes'"),
    (["query", "list_symtoms"], "'list_symptoms'"),
    (["query", "list_symptoms", "-p", "diseas=multiple sclerosis"], "'disease'"),
    (["query", "list_symptoms", "-p", "disease=multipel sclerosis"], "'multiple sclerosis'"),
    (["export", "--layers", "artcle"], "'article'"),
    (["paths", "fatigue", "myelination", "--layers", "backgrund"], "'background'"),
    (["export", "-f", "turle"], "'turtle'"),
    (["query", "list_symptoms", "-f", "jsn"], "'json'"),
    (["paths", "fatigue", "myelination", "-f", "mdd"], "'md'"),
    (["entities", "--kind", "sympton"], "'symptom'"),
    (["paths", "b12ms:Fatige", "myelination"], "'b12ms:Fatigue'"),
    (["add-claims", str(FIXTURES / "example_claims.yaml"), "-f", "nquad"], "'nquads'"),
])
def test_a_misspelt_name_gets_exit_2_and_the_name_meant(args, meant):
    result = run_cli(*args)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert f"did you mean {meant}" in stderr or f"did you mean {meant.lower()}" in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr


def test_unknown_entity_points_to_the_listing_command():
    stderr = run_cli("paths", "multiple sclerois", "fatigue").stderr.decode()
    assert "run 'b12ms-kg entities' to list them" in stderr
    stderr = run_cli("explain", "fatigue", "cause", "fatigue").stderr.decode()
    assert "unknown predicate 'cause'" in stderr
    assert "run 'b12ms-kg predicates' to list them" in stderr


@pytest.mark.parametrize("old,new,message", [
    ("    certainty: asserted\n", "    certanity: asserted\n",
     "claims[0]: unknown field 'certanity': did you mean 'certainty'?"),
    ("type: information source", "type: jounal article",
     "source 'tutorial': unknown source type 'jounal article'"),
    ("type: information source", "type: reveiw article",
     "did you mean 'review article'?"),
    ("predicate: impairs", "predicate: impair", "did you mean 'impairs'"),
])
def test_claims_file_mistakes_name_the_line_and_what_was_meant(tmp_path, old, new, message):
    path = _claims_file(tmp_path, old, new)
    result = run_cli("add-claims", str(path), "-o", str(tmp_path / "out.trig"))
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert stderr.startswith(f"error: {path}:"), stderr  # file and line
    assert message in stderr, stderr
    assert not (tmp_path / "out.trig").exists()


def test_unknown_source_type_lists_the_types(tmp_path):
    path = _claims_file(tmp_path, "type: information source", "type: blog post")
    stderr = run_cli("add-claims", str(path)).stderr.decode()
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "blog" in text)
    assert stderr.startswith(f"error: {path}:{line}: source 'tutorial': unknown source type "
                             "'blog post'"), stderr
    for kind in ("popular science article", "review article", "primary study"):
        assert kind in stderr


def test_old_certainty_spelling_is_an_alias_in_claims_files(tmp_path):
    path = _claims_file(tmp_path, "certainty: hypothesis", "certainty: open question")
    result = run_cli("query", "list_claims", "--claims", str(path), "--layers", "example",
                     "-p", "certaintyLevel=open", "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode())))
    assert [(r["claim"], r["certainty"]) for r in rows] == [("X002", "open")]


@pytest.mark.parametrize("spelling", ["open", "open question", "Open"])
def test_list_claims_by_certainty_open(spelling):
    result = run_cli("query", "list_claims", "-p", f"certaintyLevel={spelling}", "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode())))
    from kg.claims import load_claims

    expected = sorted(c.id for c in load_claims() if c.certainty == "open")
    assert len(expected) == 4 and sorted(r["claim"] for r in rows) == expected
    assert {r["certainty"] for r in rows} == {"open"}


def test_entities_lists_labels_curies_synonyms_and_mapped_ids():
    result = run_cli("entities", "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = {r["label"]: r for r in csv.DictReader(io.StringIO(result.stdout.decode()))}
    assert rows["multiple sclerosis"]["curie"] == "b12ms:MultipleSclerosis"
    assert "MONDO:0005301" in rows["multiple sclerosis"]["mapped"]
    assert rows["vitamin B12"]["synonyms"] == "cobalamin"
    assert rows["fatigue"]["kind"] == "symptom"
    assert rows["obsolete myelin breakdown"]["kind"] == "obsolete"
    symptoms = run_cli("entities", "--kind", "Symptom", "-f", "csv").stdout.decode()
    labels = [r["label"] for r in csv.DictReader(io.StringIO(symptoms))]
    assert "fatigue" in labels and "multiple sclerosis" not in labels
    disease = run_cli("entities", "--kind", "disease", "-f", "csv").stdout.decode()
    assert "multiple sclerosis" in disease  # a word of 'disease or disorder' is enough


def test_predicates_lists_kind_and_sign():
    result = run_cli("predicates", "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = {r["label"]: r for r in csv.DictReader(io.StringIO(result.stdout.decode()))}
    assert (rows["impairs"]["curie"], rows["impairs"]["kind"], rows["impairs"]["sign"]) == \
        ("b12ms:impairs", "causal", "negative")
    assert rows["surrounds"]["kind"] == "structural"


@pytest.mark.parametrize("args", [
    ["--debug", "query", "no_such_query"],
    ["query", "no_such_query", "--debug"],
])
def test_debug_before_or_after_the_command(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert "Traceback" in result.stderr.decode()


def test_quiet_after_the_command_silences_notes(tmp_path):
    out = tmp_path / "merged.trig"
    loud = run_cli("add-claims", str(FIXTURES / "example_claims.yaml"), "-o", str(out))
    assert loud.returncode == 0 and b"added 2 claim(s)" in loud.stderr
    quiet = run_cli("add-claims", str(FIXTURES / "example_claims.yaml"), "-o", str(out), "-q")
    assert quiet.returncode == 0 and quiet.stderr == b""


def test_formats_ignore_case_and_take_aliases():
    result = run_cli("query", "list_symptoms", "--format", "JSON")
    assert result.returncode == 0 and result.stdout.lstrip().startswith(b"{")
    assert run_cli("export", "-f", "TTL").returncode == 0
    merged = run_cli("add-claims", str(FIXTURES / "example_claims.yaml"), "-f", "NQ")
    assert merged.returncode == 0 and b"/graph/example> .\n" in merged.stdout
    assert "nquads (nq, n-quads)" in " ".join(run_cli("add-claims", "--help").stdout.decode()
                                              .split())


def test_summaries_say_which_layers_they_count():
    text = run_cli("validate", "--no-reason").stdout.decode()
    assert text.strip().splitlines()[-1].endswith(
        "(layers article, background, inferred, with the ontology)")
    hedged = [line for line in text.splitlines() if "hedged-claims" in line]
    assert any("7 claim(s) with certainty hypothesis in layer(s) article" in line
               for line in hedged), hedged
    assert any("4 claim(s) with certainty open in layer(s) article" in line
               for line in hedged), hedged


@pytest.mark.parametrize("args,reason,command", [
    (["fatigue", "multiple sclerosis"], "2 path(s) lead the other way, from multiple sclerosis "
     "to fatigue", "b12ms-kg paths 'multiple sclerosis' fatigue"),
    (["vitamin B12 deficiency", "myelin sheath", "--max-length", "1"], "the shortest path from "
     "vitamin B12 deficiency to myelin sheath has 2 steps",
     "b12ms-kg paths 'vitamin B12 deficiency' 'myelin sheath' --max-length 2"),
    (["myelin sheath", "nerve fiber"], "structural edges",
     "b12ms-kg paths 'myelin sheath' 'nerve fiber' --include-structural"),
    (["vitamin B12", "impaired myelin production"], "(vitamin B12 and vitamin B12 deficiency "
     "are different entities)",
     "b12ms-kg paths 'vitamin B12 deficiency' 'impaired myelin production'"),
    (["correction of vitamin B12 deficiency", "fatigue"], "would pass the claim 'correction of "
     "vitamin B12 deficiency alleviates symptoms of multiple sclerosis', which ends paths",
     "b12ms-kg paths 'correction of vitamin B12 deficiency' 'multiple sclerosis'"),
])
def test_paths_with_no_result_say_why_and_what_to_try(args, reason, command):
    result = run_cli("paths", *args)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    assert text.startswith("0 paths from "), text
    assert reason in text and command in text, text
    # the suggested command does find paths
    import shlex

    again = run_cli(*shlex.split(command)[1:])
    assert again.returncode == 0 and not again.stdout.startswith(b"0 paths"), again.stdout


def test_paths_with_no_result_say_why_in_json():
    import json

    data = json.loads(run_cli("paths", "fatigue", "multiple sclerosis", "-f", "json").stdout)
    assert data["paths"] == []
    assert data["why"][0]["command"] == "b12ms-kg paths 'multiple sclerosis' fatigue"


def test_a_failed_load_into_a_new_store_leaves_no_folder(tmp_path):
    junk = tmp_path / "junk.ttl"
    junk.write_text("this is not turtle <<<\n", encoding="utf-8")
    good = tmp_path / "good.ttl"
    good.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    for files in ([junk], [good, junk]):
        result = run_cli("load", *map(str, files), "--store", str(tmp_path / "new"))
        assert result.returncode == 2 and b"cannot parse" in result.stderr, result.stderr
        assert not (tmp_path / "new").exists()
    # a store that was there before stays, with what it held
    assert run_cli("load", str(good), "--store", str(tmp_path / "old")).returncode == 0
    assert run_cli("load", str(junk), "--store", str(tmp_path / "old")).returncode == 2
    (tmp_path / "all.rq").write_text("SELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = run_cli("query", str(tmp_path / "all.rq"), "--store", str(tmp_path / "old"),
                     "-f", "csv")
    assert result.returncode == 0 and "urn:a" in result.stdout.decode(), result.stderr


NEW_ENTITIES = FIXTURES / "new_entities_claims.yaml"


def test_add_claims_declares_the_new_entities(tmp_path):
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    out = tmp_path / "merged.trig"
    result = run_cli("add-claims", str(NEW_ENTITIES), "-o", str(out))
    assert result.returncode == 0, result.stderr
    ds = Dataset()
    ds.parse(out, format="trig")
    graph = ds.graph(URIRef("https://w3id.org/b12ms-kg/graph/markers"))
    term = URIRef("https://w3id.org/b12ms-kg/Homocysteine")
    assert (term, RDF.type, OWL.Class) in graph
    assert (term, RDFS.label, Literal("homocysteine", lang="en")) in graph
    assert (term, RDFS.subClassOf, URIRef("https://w3id.org/b12ms-kg/ChemicalEntity")) in graph
    assert (URIRef("https://w3id.org/b12ms-kg/MethylmalonicAcid"), RDF.type, OWL.Class) in graph


def test_paths_and_list_entities_find_the_new_entities(tmp_path):
    text = run_cli("paths", "vitamin B12 deficiency", "Hcy", "--claims",
                   str(NEW_ENTITIES)).stdout.decode()
    assert text.startswith("1 path from vitamin B12 deficiency to homocysteine"), text
    assert "homocysteine (increased)" in text
    rows = run_cli("query", "list_entities", "--claims", str(NEW_ENTITIES), "-f",
                   "csv").stdout.decode()
    assert "/Homocysteine,homocysteine," in rows and "/MethylmalonicAcid,methylmalonic acid," \
        in rows
    # the same through a store the file was added to
    store = tmp_path / "store"
    export = tmp_path / "release.trig"
    assert run_cli("export", "-f", "trig", "-o", str(export)).returncode == 0
    assert run_cli("load", str(export), "--store", str(store)).returncode == 0
    assert run_cli("add-claims", str(NEW_ENTITIES), "--store", str(store)).returncode == 0
    text = run_cli("paths", "vitamin B12 deficiency", "methylmalonic acid", "--store",
                   str(store)).stdout.decode()
    assert text.startswith("1 path from vitamin B12 deficiency to methylmalonic acid"), text
    rows = run_cli("entities", "--kind", "chemical", "--store", str(store), "-f",
                   "csv").stdout.decode()
    assert "homocysteine,b12ms:Homocysteine,chemical entity,Hcy," in rows, rows


def test_hermit_opens_the_merged_file_with_the_new_entities_declared(tmp_path):
    from rdflib import Dataset

    from kg.export import canonical_graph
    from kg.reason import check_consistency

    out = tmp_path / "merged.trig"
    assert run_cli("add-claims", str(NEW_ENTITIES), "-o", str(out)).returncode == 0
    ds = Dataset()
    ds.parse(out, format="trig")
    report = check_consistency(canonical_graph(ds.graphs()))
    assert report.consistent and not report.unsatisfiable
    flat = repr(report.hierarchy)
    assert "Homocysteine" in flat and "MethylmalonicAcid" in flat
    result = run_cli("validate", "--no-reason", "--claims", str(NEW_ENTITIES))
    assert result.returncode == 0, result.stdout
    assert "owl-declarations" not in result.stdout.decode()


def _entity_file(tmp_path, old: str, new: str):
    text = NEW_ENTITIES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "entities.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old,new,message", [
    ("parent: chemical entity", "parent: chemical entiy",
     "unknown entity 'chemical entiy': did you mean 'chemical entity'?"),
    ("  - label: homocysteine", "  - label: cobalamin",
     "entity 'cobalamin': 'cobalamin' already names b12ms:VitaminB12"),
    ("    definition: A dicarboxylic", "    defintion: A dicarboxylic",
     "unknown field 'defintion': did you mean 'definition'?"),
    ("synonyms: [MMA]", "synonyms: [MMA]\n    mapping: {id: \"NOPE:1\", label: x, checked: "
     "\"a check that was made\"}", "mapping id 'NOPE:1' has an unknown prefix"),
    ("object: homocysteine", "object: homocystein", "did you mean 'homocysteine'?"),
])
def test_mistakes_in_new_entities_are_refused_with_the_line(tmp_path, old, new, message):
    path = _entity_file(tmp_path, old, new)
    result = run_cli("add-claims", str(path))
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert stderr.startswith(f"error: {path}:") and message in stderr, stderr
    assert result.stdout == b""


def test_a_new_entity_with_a_verified_mapping_is_found_by_its_identifier(tmp_path):
    # CHEBI:17439 is cyanocobalamin in the curated ChEBI tables cited for CHEBI:176843 in
    # tests/verified_identifiers.tsv
    path = _entity_file(tmp_path, "synonyms: [MMA]", (
        "synonyms: [MMA]\n  - label: cyanocobalamin\n    parent: vitamin B12\n"
        "    definition: A form of vitamin B12.\n"
        "    mapping: {id: \"CHEBI:17439\", label: cyanocobalamin, match: exact, "
        "checked: \"curated ChEBI ingredient mapping tables\"}"))
    from kg.build import build_dataset
    from kg.lookup import LabelIndex

    ds = build_dataset(claims_files=[path])
    assert str(LabelIndex.from_graph(ds).resolve("CHEBI:17439")) == \
        "https://w3id.org/b12ms-kg/Cyanocobalamin"


def test_compare_speaks_plainly_and_keeps_the_measures_in_json():
    import json

    text = run_cli("compare").stdout.decode()
    assert ("In short: the mechanisms of vitamin B12 deficiency and multiple sclerosis meet "
            "most directly at impaired myelin production.") in text
    assert "1 step from vitamin B12 deficiency (a claim states it)" in text
    assert ("Shared only as a hypothesis: multiple sclerosis reaches neurological symptom "
            "only by joining claims made about different conditions") in text
    assert "\"When there is a deficiency of vitamin B12, the production of myelin is " \
        "impaired.\" (C015)" in text
    for jargon in ("transitive reduction", "read undirected", "steps 1/1", "bridging",
                   "Jaccard"):
        assert jargon not in text, jargon
    data = json.loads(run_cli("compare", "-f", "json").stdout)
    top = data["convergence_point"]
    assert (top["label"], top["bridging"], top["distance_a"]) == \
        ("impaired myelin production", 1.0, 1)


def test_intervene_speaks_plainly():
    text = run_cli("intervene", "--restore", "vitamin B12").stdout.decode()
    assert ("Restoring vitamin B12 takes away vitamin B12 deficiency, and with it the 5 "
            "effect(s) the claims give it.") in text
    assert "vitamin B12 deficiency: all 3 of its paths to symptoms are cut" in text
    assert "multiple sclerosis: none of its 11 paths to symptoms is cut; it still leads to" \
        in text
    assert "no longer act" not in text and "[hypothesis; hypothesis" not in text


def test_verbose_validate_reports_each_step_time():
    import re

    result = run_cli("validate", "--no-reason", "--verbose")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.decode().splitlines()
    names = [re.match(r"  step (.+): \d+\.\d\d s$", line).group(1) for line in lines
             if line.startswith("  step ")]
    assert names == ["read the graph (with the reasoner's entailments)", "SHACL shapes",
                     "sentences at their offsets, declarations", "curation hints"]
    assert re.fullmatch(r"  total \d+\.\d\d s", lines[-1])
    quiet = run_cli("validate", "--no-reason")
    assert quiet.stderr == b""  # no spinner off a terminal, no times without --verbose
