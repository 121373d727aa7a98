"""Mechanism analysis on the article graph: signed paths, compare, intervene (issue 7)."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kg.errors import InputError
from kg.mechanism import bridging_scores, compare, intervene
from kg.network import find_paths

from conftest import run_cli

SYMPTOMS = ("fatigue", "muscle weakness", "coordination problems", "cognitive impairment")


@pytest.mark.parametrize("symptom", SYMPTOMS)
def test_b12_deficiency_reaches_each_symptom_by_exactly_these_paths(mechanism_graph, symptom):
    paths = find_paths(mechanism_graph, "vitamin B12 deficiency", symptom)
    assert [p.labels() for p in paths] == [
        ["vitamin B12 deficiency", "disrupted nerve cell communication", symptom],
        ["vitamin B12 deficiency", "myelin breakdown", "disrupted nerve cell communication",
         symptom]]
    for path in paths:
        assert [s.sign for s in path.steps] == [1] * len(path.steps)
        assert (path.effect, path.certainty) == ("increases", "asserted")
    assert [e["claim_ids"] for e in paths[1].steps[0].edges] == ["C015", "C038"]


@pytest.mark.parametrize("symptom", SYMPTOMS)
def test_ms_reaches_each_symptom_through_the_immune_attack(mechanism_graph, symptom):
    paths = {tuple(p.labels()): p for p in find_paths(mechanism_graph, "MS", symptom)}
    attack = paths[("multiple sclerosis", "autoimmune attack",
                    "disrupted nerve cell communication", symptom)]
    assert [e["predicate_label"] for s in attack.steps for e in s.edges] == [
        "involves", "causes", "causes"]
    assert (attack.effect, attack.certainty) == ("increases", "asserted")
    assert ("multiple sclerosis", symptom) in paths  # "has symptom", stated directly
    assert len(paths) == 4


def test_impaired_myelin_production_reduces_signal_transmission(mechanism_graph):
    (path,) = find_paths(mechanism_graph, "vitamin B12 deficiency", "nerve signal transmission")
    assert path.states() == ["vitamin B12 deficiency (present)", "myelination (decreased)",
                             "myelin sheath (decreased)", "nerve signal transmission (decreased)"]
    assert [s.sign for s in path.steps] == [-1, 1, 1]
    assert path.signs == [1, -1, -1, -1]
    assert path.effect == "decreases"


def test_a_path_is_as_certain_as_its_weakest_step(mechanism_graph):
    paths = find_paths(mechanism_graph, "correction of vitamin B12 deficiency", "fatigue")
    direct = [p for p in paths if p.labels() == ["correction of vitamin B12 deficiency",
                                                 "multiple sclerosis", "fatigue"]][0]
    assert [s.certainty for s in direct.steps] == ["hypothesis", "asserted"]
    assert direct.certainty == "hypothesis"
    assert direct.effect == "decreases"  # alleviates (-) then has symptom (+)


def test_structural_edges_are_followed_only_when_asked(mechanism_graph):
    assert find_paths(mechanism_graph, "vitamin B12 deficiency", "vitamin B12") == []
    (path,) = find_paths(mechanism_graph, "vitamin B12 deficiency", "vitamin B12",
                         kinds=("causal", "structural"))
    assert path.steps[0].edges[0]["predicate_label"] == "deficiency of"
    assert path.effect == "decreases"


def test_compare_ranks_myelin_first_and_splits_what_is_unique(mechanism_graph):
    c = compare(mechanism_graph, "vitamin B12 deficiency", "multiple sclerosis")
    assert c.ranking[0].label == "myelin breakdown"
    assert c.ranking[0].bridging == 1.0 and c.ranking[0].first_meeting
    assert all(s.bridging < 1.0 for s in c.ranking[1:])
    only_ms = {n["label"] for n in c.only_b}
    assert {"autoimmune attack", "inflammation"} <= only_ms
    assert {n["label"] for n in c.only_a} == {"myelination"}
    assert "autoimmune attack" not in {n["label"] for n in c.shared}
    assert {k["label"] for k in c.kinds_only_a} == {"nutritional deficiency"}
    assert "autoimmune disease" in {k["label"] for k in c.kinds_only_b}
    assert c.overlap == pytest.approx(len(c.shared) / (len(c.shared) + 4))
    assert {"myelin breakdown", "disrupted nerve cell communication", *SYMPTOMS} <= {
        n["label"] for n in c.shared}
    assert {(e["source_label"], e["target_label"]) for e in c.shared_edges} >= {
        ("myelin breakdown", "disrupted nerve cell communication")}
    assert c.convergence_paths["b"].labels() == ["multiple sclerosis", "myelin breakdown"]


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
    assert set(SYMPTOMS) <= set(deficiency.symptoms_cut)
    assert ms.condition_label == "multiple sclerosis" and ms.cut == []
    kept = {tuple(p.labels()) for p in ms.remaining}
    for symptom in SYMPTOMS:
        assert ("multiple sclerosis", "autoimmune attack", "disrupted nerve cell communication",
                symptom) in kept
    on_ms = [e for e in w.claimed_effects if e.target_label == "multiple sclerosis"]
    assert [e.edge["predicate_label"] for e in on_ms] == ["alleviates symptoms of"]
    assert on_ms[0].status == "hypothesis"
    assert {ev["claim_id"] for ev in on_ms[0].edge["evidence"]} == {"C042", "C048"}
    statements = {c["statement"]: c for c in w.conclusions()}
    claim = statements["correction of vitamin B12 deficiency alleviates symptoms of multiple "
                       "sclerosis (claims C042, C048)"]
    assert (claim["certainty"], claim["status"]) == ("hypothesis",
                                                     "hypothesis, not a predicted effect")
    assert not any(c["status"] == "stated effect" for c in w.conclusions())


def test_intervene_needs_a_deficiency_to_restore(mechanism_graph):
    with pytest.raises(InputError, match="nothing in the graph is a deficiency of"):
        intervene(mechanism_graph, "myelin sheath")


def test_cli_paths_compare_intervene_formats(tmp_path):
    md = run_cli("paths", "vitamin B12 deficiency", "nerve signal transmission", "-f", "md")
    assert md.returncode == 0, md.stderr
    text = md.stdout.decode()
    assert "## Path 1: decreases, asserted" in text
    assert "| vitamin B12 deficiency → myelination | impairs | negative | asserted | C013 |" in text
    data = json.loads(run_cli("paths", "cobalamin deficiency", "HP:0012378", "-f", "json").stdout)
    assert [p["labels"][-1] for p in data["paths"]] == ["fatigue", "fatigue"]
    assert [p["net_effect"] for p in data["paths"]] == ["increases", "increases"]
    out = tmp_path / "compare.json"
    assert run_cli("compare", "-f", "json", "-o", str(out)).returncode == 0
    assert json.loads(out.read_text())["convergence_point"]["label"] == "myelin breakdown"
    what_if = run_cli("intervene", "--restore", "vitamin B12", "-f", "json")
    conclusions = json.loads(what_if.stdout)["conclusions"]
    assert {c["status"] for c in conclusions} == {"follows from the graph",
                                                 "hypothesis, not a predicted effect"}
    text = run_cli("intervene", "--restore", "vitamin B12").stdout.decode()
    assert "alleviates symptoms of multiple sclerosis (claims C042, C048)  [hypothesis; " \
           "hypothesis, not a predicted effect]" in text
    bad = run_cli("intervene", "--restore", "unicorn")
    assert bad.returncode == 2
    assert bad.stderr.decode().startswith("error: unknown entity 'unicorn'")
