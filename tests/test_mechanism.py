"""Mechanism analysis on the article graph: signed paths, compare, intervene (issue 7)."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from conftest import run_cli

from kg.errors import InputError
from kg.mechanism import bridging_scores, compare, intervene
from kg.paths import find_paths, shared_mechanisms

SYMPTOMS = ("fatigue", "muscle weakness", "coordination problems", "cognitive impairment")


@pytest.mark.parametrize("symptom", SYMPTOMS)
def test_the_ms_symptoms_are_not_reached_from_b12_deficiency(mechanism_graph, symptom):
    """The article names the four symptoms for MS only: no chain of its claims leads from
    vitamin B12 deficiency to them (C029-C032, which once did, were a misreading)."""
    assert find_paths(mechanism_graph, "vitamin B12 deficiency", symptom) == []


def test_b12_deficiency_reaches_neurological_symptoms_within_its_own_context(mechanism_graph):
    paths = find_paths(mechanism_graph, "vitamin B12 deficiency", "neurological symptom")
    assert [p.labels() for p in paths] == [
        ["vitamin B12 deficiency", "neurological symptom"],
        ["vitamin B12 deficiency", "disrupted nerve cell communication", "neurological symptom"],
        ["vitamin B12 deficiency", "impaired myelin production",
         "disrupted nerve cell communication", "neurological symptom"]]
    stated, *chains = paths
    assert (stated.status, stated.certainty) == ("stated", "asserted")
    for path in chains:  # derived by the toolkit: no certainty of its own
        assert (path.status, path.certainty, path.weakest_premise_certainty) == (
            "derived", None, "asserted")
        assert list(path.contexts().values()) == ["vitamin B12 deficiency"]
        assert path.effect == "increases"
    assert [e["claim_ids"] for e in paths[2].steps[0].edges] == ["C015", "C038"]


@pytest.mark.parametrize("symptom", SYMPTOMS)
def test_ms_reaches_each_symptom_through_the_immune_attack(mechanism_graph, symptom):
    paths = {tuple(p.labels()): p for p in find_paths(mechanism_graph, "MS", symptom)}
    attack = paths[("multiple sclerosis", "autoimmune attack on myelin", symptom)]
    assert [e["predicate_label"] for s in attack.steps for e in s.edges] == ["involves", "causes"]
    assert (attack.effect, attack.status, attack.weakest_premise_certainty) == (
        "increases", "derived", "asserted")
    assert list(attack.contexts().values()) == ["multiple sclerosis"]
    assert paths[("multiple sclerosis", symptom)].status == "stated"  # "has symptom"
    assert len(paths) == 2


def test_a_chain_joining_ms_and_b12_deficiency_claims_is_a_cross_context_hypothesis(
        mechanism_graph):
    paths = find_paths(mechanism_graph, "multiple sclerosis", "neurological symptom")
    assert paths and all(p.status == "cross-context hypothesis" for p in paths)
    first = paths[0]
    assert first.labels() == ["multiple sclerosis", "disrupted nerve cell communication",
                              "neurological symptom"]
    assert first.premise_claims() == ["C017", "C041"]
    assert first.contexts() == {"b12ms:MultipleSclerosis": "multiple sclerosis",
                                "b12ms:VitaminB12Deficiency": "vitamin B12 deficiency"}
    document = first.as_dict()
    assert document["status"] == "cross-context hypothesis" and "certainty" not in document


def test_impaired_myelin_production_reduces_signal_transmission(mechanism_graph):
    (path,) = find_paths(mechanism_graph, "vitamin B12 deficiency", "nerve signal transmission")
    assert path.states() == ["vitamin B12 deficiency (present)", "myelination (decreased)",
                             "myelin sheath (decreased)", "nerve signal transmission (decreased)"]
    assert [s.sign for s in path.steps] == [-1, 1, 1]
    assert path.signs == [1, -1, -1, -1]
    assert path.effect == "decreases"


def test_a_chain_keeps_the_weakest_premise_apart_from_any_certainty(mechanism_graph):
    paths = find_paths(mechanism_graph, "vitamin B12 deficiency", "neurological symptom")
    chain = [p for p in paths if len(p.steps) > 1][0]
    assert {s.certainty for s in chain.steps} == {"asserted"}
    assert chain.certainty is None and chain.weakest_premise_certainty == "asserted"
    assert chain.status in ("derived", "cross-context hypothesis")


def test_no_path_continues_past_a_claim_about_a_disease_as_a_whole(mechanism_graph):
    """'Correction alleviates (some) symptoms of MS' (C042, a hypothesis) says nothing of
    MS's mechanisms or of which symptoms: paths end at MS (b12ms:endsPaths) instead of
    reading on to 'autoimmune attack on myelin (decreased)' or 'fatigue (decreased)'."""
    assert find_paths(mechanism_graph, "correction of vitamin B12 deficiency", "fatigue") == []
    assert find_paths(mechanism_graph, "targeted treatment", "fatigue") == []
    (direct,) = find_paths(mechanism_graph, "correction of vitamin B12 deficiency",
                           "multiple sclerosis")
    assert direct.status == "stated" and direct.certainty == "hypothesis"
    assert direct.effect == "decreases"
    # the entailed 'causally related to' beside the claim does not reopen the step, on the
    # built graph or from a store
    from kg.build import build_dataset
    from kg.network import to_networkx
    from kg.pathindex import PathIndex

    reasoned = build_dataset(layers=("article", "background", "inferred"))
    assert find_paths(to_networkx(reasoned), "correction of vitamin B12 deficiency",
                      "fatigue") == []
    assert PathIndex(reasoned).find_paths("correction of vitamin B12 deficiency",
                                          "fatigue") == []
    # a chain may still end with such a claim
    assert mechanism_graph.graph["path_ends"] == "b12ms:alleviatesSymptomsOf;b12ms:treats"


def test_structural_edges_are_followed_only_when_asked(mechanism_graph):
    assert find_paths(mechanism_graph, "vitamin B12 deficiency", "vitamin B12") == []
    (path,) = find_paths(mechanism_graph, "vitamin B12 deficiency", "vitamin B12",
                         kinds=("causal", "structural"))
    assert path.steps[0].edges[0]["predicate_label"] == "deficiency of"
    assert path.effect == "decreases"


def test_compare_reports_what_the_curated_graph_gives_and_splits_what_is_unique(
        mechanism_graph):
    """No tuning: whatever ranks first is reported with how each side reaches it."""
    c = compare(mechanism_graph, "vitamin B12 deficiency", "multiple sclerosis")
    top = c.ranking[0]
    assert (top.label, top.bridging, top.first_meeting) == ("impaired myelin production", 1.0,
                                                            True)
    assert (top.status_a, top.status_b) == ("stated", "stated")  # C038/C015 and C039
    assert all(s.bridging < 1.0 for s in c.ranking[1:])
    only_ms = {n["label"] for n in c.only_b}
    assert {"autoimmune attack on myelin", "inflammation", *SYMPTOMS} <= only_ms
    assert {n["label"] for n in c.only_a} == {"myelination"}
    assert {n["label"] for n in c.shared} == {
        "impaired myelin production", "disrupted nerve cell communication", "myelin sheath",
        "nerve signal transmission", "neurological symptom"}
    # MS reaches neurological symptoms only through a claim stated for B12 deficiency (C017)
    symptom = next(s for s in c.ranking if s.label == "neurological symptom")
    assert (symptom.status_a, symptom.status_b) == ("stated", "cross-context hypothesis")
    assert "neurological symptom" in c.finding() and "cross-context" in c.finding()
    assert c.finding().startswith("impaired myelin production ranks first: 100% of the "
                                  "shortest connections")
    assert {k["label"] for k in c.kinds_only_a} == {"nutritional deficiency"}
    assert "autoimmune disease" in {k["label"] for k in c.kinds_only_b}
    assert c.overlap == pytest.approx(len(c.shared) / (len(c.shared) + len(c.only_a)
                                                        + len(c.only_b)))
    assert {(e["source_label"], e["target_label"]) for e in c.shared_edges} >= {
        ("impaired myelin production", "disrupted nerve cell communication")}
    assert c.convergence_paths["b"].labels() == ["multiple sclerosis",
                                                 "impaired myelin production"]


def test_bridging_ignores_shortcuts_implied_by_longer_chains():
    view = nx.DiGraph([("A", "m"), ("m", "x"), ("A", "x"), ("B", "m"), ("B", "y")])
    for node in view:
        view.nodes[node].update(label=node)
    scores = bridging_scores(view, "A", "B", ["m", "x"])
    assert scores == {"m": 1.0, "x": 0.0}


def test_compare_rejects_the_same_condition_twice(mechanism_graph):
    with pytest.raises(InputError, match="two different conditions"):
        compare(mechanism_graph, "MS", "multiple sclerosis")


def test_intervene_keeps_the_immune_attack_and_labels_the_b12_effect_on_ms_a_hypothesis(
        mechanism_graph):
    w = intervene(mechanism_graph, "vitamin B12")
    assert [r["label"] for r in w.removed] == ["vitamin B12 deficiency"]
    deficiency, ms = w.outcomes
    assert deficiency.condition_label == "vitamin B12 deficiency"
    assert deficiency.remaining == []
    assert set(deficiency.symptoms_cut) == {"neurological symptom"}
    assert ms.condition_label == "multiple sclerosis" and ms.cut == []
    kept = {tuple(p.labels()) for p in ms.remaining}
    for symptom in SYMPTOMS:
        assert ("multiple sclerosis", "autoimmune attack on myelin", symptom) in kept
    on_ms = [e for e in w.claimed_effects if e.target_label == "multiple sclerosis"]
    assert [e.edge["predicate_label"] for e in on_ms] == ["alleviates symptoms of"]
    assert on_ms[0].status == "hypothesis"
    assert {ev["claim_id"] for ev in on_ms[0].edge["evidence"]} == {"C042", "C048"}
    statements = {c["statement"]: c for c in w.conclusions()}
    claim = statements["correction of vitamin B12 deficiency alleviates symptoms of multiple "
                       "sclerosis (claims C042, C048)"]
    assert (claim["status"], claim["certainty"], claim["reading"]) == (
        "stated", "hypothesis", "not a predicted effect")
    assert claim["contexts"] == ["multiple sclerosis"]
    derived = [c for c in w.conclusions() if c["status"] != "stated"]
    assert derived and all("certainty" not in c and c["premise_claims"] for c in derived)
    remain = statements["3 path(s) from multiple sclerosis to neurological symptom remain (via "
                        "autoimmune attack on myelin, disrupted nerve cell communication, "
                        "impaired myelin production)"]
    assert remain["status"] == "cross-context hypothesis"
    assert remain["contexts"] == ["multiple sclerosis", "vitamin B12 deficiency"]
    assert not any(c.get("reading") == "stated effect" for c in w.conclusions())


def test_intervene_needs_a_deficiency_to_restore(mechanism_graph):
    with pytest.raises(InputError, match="nothing in the graph is a deficiency of"):
        intervene(mechanism_graph, "myelin sheath")


def test_cli_paths_compare_intervene_formats(tmp_path):
    md = run_cli("paths", "vitamin B12 deficiency", "nerve signal transmission", "-f", "md")
    assert md.returncode == 0, md.stderr
    text = md.stdout.decode()
    assert ("## Path 1: decreases; derived (chain of 3 steps), weakest premise: asserted; "
            "premise contexts: vitamin B12 deficiency") in text
    assert ("| vitamin B12 deficiency → myelination | impairs | negative | asserted | "
            "vitamin B12 deficiency | C013 |") in text
    data = json.loads(run_cli("paths", "MONDO:0005301", "HP:0012378", "-f", "json").stdout)
    assert [p["labels"][-1] for p in data["paths"]] == ["fatigue", "fatigue"]
    assert [p["status"] for p in data["paths"]] == ["stated", "derived"]
    assert [p["net_effect"] for p in data["paths"]] == ["increases", "increases"]
    out = tmp_path / "compare.json"
    assert run_cli("compare", "-f", "json", "-o", str(out)).returncode == 0
    compared = json.loads(out.read_text())
    assert compared["convergence_point"]["label"] == "impaired myelin production"
    assert compared["finding"].startswith("impaired myelin production ranks first")
    what_if = run_cli("intervene", "--restore", "vitamin B12", "-f", "json")
    conclusions = json.loads(what_if.stdout)["conclusions"]
    assert {c["status"] for c in conclusions} == {"derived", "cross-context hypothesis",
                                                 "stated"}
    statements = {c["statement"]: c for c in conclusions}
    hedged = statements["correction of vitamin B12 deficiency alleviates symptoms of multiple "
                        "sclerosis (claims C042, C048)"]
    assert (hedged["status"], hedged["certainty"]) == ("stated", "hypothesis")
    text = run_cli("intervene", "--restore", "vitamin B12").stdout.decode()
    assert ("correction of vitamin B12 deficiency alleviates symptoms of multiple sclerosis: "
            "stated as a possibility (a hypothesis), not as a finding") in text
    assert "not a prediction of the toolkit" in text
    bad = run_cli("intervene", "--restore", "unicorn")
    assert bad.returncode == 2
    assert bad.stderr.decode().startswith("error: unknown entity 'unicorn'")


def test_every_path_that_joins_contexts_is_labelled_a_cross_context_hypothesis(
        mechanism_graph):
    """Over every path from either condition to every node it reaches: a path whose claims
    are bound to two contexts with none in common is a cross-context hypothesis, and a path
    is never given a certainty unless it is one stated edge."""
    from kg.paths import mechanism_view

    view = mechanism_view(mechanism_graph)
    checked = crossed = 0
    for condition in ("vitamin B12 deficiency", "multiple sclerosis"):
        start = "b12ms:VitaminB12Deficiency" if condition.startswith("vitamin") \
            else "b12ms:MultipleSclerosis"
        for target in nx.descendants(view, start):
            for path in find_paths(mechanism_graph, start, target, max_paths=50):
                bound = [frozenset(c for e in s.edges for ev in e["evidence"]
                                   for c in [ev["context"]] if c)
                         if all(ev["context"] for e in s.edges for ev in e["evidence"]) else None
                         for s in path.steps]
                sets = [b for b in bound if b]
                disjoint = bool(sets) and not frozenset.intersection(*sets)
                assert path.cross_context == disjoint, path.labels()
                if len(path.steps) > 1:
                    assert path.certainty is None and "certainty" not in path.as_dict()
                checked += 1
                crossed += disjoint
    assert checked >= 30 and crossed > 0


def test_reasoner_output_adds_no_link_from_b12_deficiency_to_the_ms_symptoms():
    from kg.build import build_dataset
    from kg.network import to_networkx

    g = to_networkx(build_dataset(layers=("article", "background", "inferred")))
    for symptom in SYMPTOMS:
        assert find_paths(g, "vitamin B12 deficiency", symptom) == []
    # with the inferred layer the MS chain through a B12-deficiency claim stays a hypothesis
    (direct,) = [p for p in find_paths(g, "multiple sclerosis", "neurological symptom")
                 if len(p.steps) == 1]
    assert direct.status == "cross-context hypothesis" and direct.certainty is None
    assert direct.steps[0].edges[0]["derivations"][0]["premises"] == ["C017", "C041"]


def test_shared_and_compare_do_not_pass_a_claim_about_a_disease_as_a_whole(mechanism_graph):
    """Started at an intervention, shared and compare stop where paths stop: 'correction
    alleviates symptoms of MS' does not lead the correction into MS's own mechanism."""
    a, b = "correction of vitamin B12 deficiency", "multiple sclerosis"
    shared = {s.label for s in shared_mechanisms(mechanism_graph, a, b)}
    assert "myelin sheath" in shared  # correction promotes myelination, which produces it
    assert "autoimmune attack on myelin" not in shared and "fatigue" not in shared
    c = compare(mechanism_graph, a, b)
    assert "autoimmune attack on myelin" not in {s.label for s in c.ranking}
