"""``compare`` and ``intervene`` in words a biologist reads at first sight: what the
analysis found, how each conclusion stands (stated by a source, or drawn by the toolkit
from the claims), and the sentences behind it. The measures behind the ranking (bridging,
first meeting, the premises of each path) stay in ``-f json`` and the README.

    >>> from kg.build import build_dataset
    >>> from kg.mechanism import compare
    >>> from kg.network import to_networkx
    >>> g = to_networkx(build_dataset())
    >>> text = plain_comparison(compare(g, "vitamin B12 deficiency", "multiple sclerosis"))
    >>> text.splitlines()[2].endswith("meet most directly at impaired myelin production.")
    True
"""

from __future__ import annotations

from kg.derivation import CROSS_CONTEXT, DERIVED, STATED

#: how a route from a condition to a node stands, in words
HOW = {STATED: "a claim states it", DERIVED: "a chain of claims",
       CROSS_CONTEXT: "only by joining claims made about different conditions"}
#: what each certainty means, in words
CERTAINTY_WORDS = {"asserted": "as a fact",
                   "hypothesis": "as a possibility (a hypothesis), not as a finding",
                   "open": "as an open question"}


def _steps(n: int) -> str:
    return f"{n} step{'s' if n != 1 else ''}"


def _names(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _sentences(path) -> list[str]:  # noqa: ANN001 - a kg.paths.Path
    """The sentences behind a path, each with its claim id, once each."""
    seen: dict[str, str] = {}
    for step in path.steps:
        for edge in step.edges:
            for ev in edge["evidence"]:
                if ev["claim_id"] and ev["claim_id"] not in seen:
                    seen[ev["claim_id"]] = f"\"{ev['sentence']}\" ({ev['claim_id']})"
    return list(seen.values())


def _path_words(path) -> str:  # noqa: ANN001
    """How a path stands: stated (with how firmly) or drawn by the toolkit."""
    if path.status == STATED:
        return f"stated by a claim, {CERTAINTY_WORDS.get(path.certainty, path.certainty)}"
    if path.status == CROSS_CONTEXT:
        return ("drawn by the toolkit by joining claims made about different conditions: a "
                "hypothesis the graph generates, not a statement of any source")
    return (f"drawn by the toolkit by chaining {len(path.steps)} stated steps; no source "
            "states the whole chain")


def plain_comparison(c) -> str:  # noqa: ANN001 - a kg.mechanism.Comparison
    """What ``compare`` found, in plain words."""
    a, b = c.a["label"], c.b["label"]
    total = len(c.shared) + len(c.only_a) + len(c.only_b)
    lines = [f"Comparing {a} and {b}", ""]
    top = c.convergence_point
    if top is None:
        lines += [f"In short: {a} and {b} lead to nothing in common in the graph.", ""]
    else:
        lines += [f"In short: the mechanisms of {a} and {b} meet most directly at "
                  f"{top.label}.", "",
                  f"  - {a} leads to it in {_steps(top.distance_a)} ({HOW[top.status_a]}); "
                  f"{b} in {_steps(top.distance_b)} ({HOW[top.status_b]}).",
                  f"  - It lies on {top.bridging:.0%} of the shortest routes that join the two "
                  "conditions in the graph (summary claims that a longer chain of claims "
                  "already implies are set aside)."]
        for s in c.ranking:
            sides = [name for name, status in ((a, s.status_a), (b, s.status_b))
                     if status == CROSS_CONTEXT]
            if sides:
                lines.append(f"  - Shared only as a hypothesis: {' and '.join(sides)} "
                             f"reach{'es' if len(sides) == 1 else ''} {s.label} only by "
                             "joining claims made about different conditions; the toolkit "
                             "generates that link, no source states it.")
        lines.append("")
    lines += [f"Both lead to ({len(c.shared)} of the {total} things either leads to), the "
              "likeliest meeting points first (a first meeting point: nothing else both "
              "lead to comes before it):", ""]
    for rank, s in enumerate(c.ranking, start=1):
        where = "; a first meeting point" if s.first_meeting else ""
        lines.append(f"  {rank}. {s.label} ({s.category}): {_steps(s.distance_a)} from {a} "
                     f"({HOW[s.status_a]}), {_steps(s.distance_b)} from {b} "
                     f"({HOW[s.status_b]}){where}")
    for name, rows in ((a, c.only_a), (b, c.only_b)):
        lines += ["", f"Only {name} leads to: "
                  + (", ".join(f"{r['label']} ({r['category']})" for r in rows) or "nothing else")]
    if c.shared_edges:
        lines += ["", "Links that the mechanisms of both pass through:", ""]
        for e in c.shared_edges:
            how = (f"{e['certainty']}, claim {e['claim_ids']}" if e["status"] == STATED
                   else e["status"])
            lines.append(f"  {e['source_label']} {e['predicate_label']} {e['target_label']} "
                         f"({how})")
    lines += ["", "What kind of condition each is:", ""]
    for title, rows in (("both", c.kinds_shared), (f"only {a}", c.kinds_only_a),
                        (f"only {b}", c.kinds_only_b)):
        lines.append(f"  {title}: " + (", ".join(r["label"] for r in rows) or "-"))
    if top is not None:
        lines += ["", f"How each reaches {top.label}:", ""]
        for key, name in (("a", a), ("b", b)):
            path = c.convergence_paths.get(key)
            if path is None:
                continue
            lines.append(f"  {' -> '.join(path.labels())}: {_path_words(path)}")
            lines += [f"      {sentence}" for sentence in _sentences(path)]
    lines += ["", "What both lead to is concluded by the toolkit (a path from each condition), "
              "not claimed by a source. The ranking's measures are in -f json."]
    return "\n".join(lines) + "\n"


def plain_intervention(w) -> str:  # noqa: ANN001 - a kg.mechanism.Intervention
    """What ``intervene`` found, in plain words."""
    restored = w.restored["label"]
    removed = _names([r["label"] for r in w.removed]) if w.removed else "nothing"
    lines = [f"What if {restored} is restored?", "",
             f"Restoring {restored} takes away {removed}, and with it the "
             f"{len(w.removed_edges)} effect(s) the claims give it. The paths from each "
             "condition to its symptoms are then traced again.", "", "In short:", ""]
    for o in w.outcomes:
        total = len(o.cut) + len(o.remaining)
        if not total:
            lines.append(f"  - {o.condition_label}: the graph has no path to a symptom.")
            continue
        if not o.remaining:
            lines.append(f"  - {o.condition_label}: all {total} of its paths to symptoms are "
                         f"cut ({_names(o.symptoms(o.cut))} no longer reached).")
            continue
        reached = _names(o.symptoms(o.remaining))
        via = sorted({label for p in o.remaining for label in p.labels()[1:-1]})
        through = f", through {_names(via)}" if via else ""
        cut = (f"{len(o.cut)} of its {total} paths to symptoms are cut"
               if o.cut else f"none of its {total} paths to symptoms is cut")
        lines.append(f"  - {o.condition_label}: {cut}; it still leads to {reached}{through}.")
    lines += ["", "  These are conclusions the toolkit draws from the claims, not claims of a "
              "source."]
    crossed = sorted({(o.condition_label, p.labels()[-1]) for o in w.outcomes
                      for p in o.remaining if p.cross_context})
    for condition, symptom in crossed:
        lines.append(f"  Some paths from {condition} to {symptom} join claims made about "
                     "different conditions: a hypothesis the toolkit generates, not a "
                     "statement of any source.")
    lines += ["", "What the sources say correcting it does (their words; not a prediction of "
              "the toolkit):", ""]
    for e in w.claimed_effects:
        words = CERTAINTY_WORDS.get(e.certainty, str(e.certainty))
        lines.append(f"  - {e.intervention_label} {e.edge['predicate_label']} "
                     f"{e.target_label}: stated {words}")
        lines += [f"      \"{ev['sentence']}\" ({ev['claim_id']})" for ev in e.edge["evidence"]]
    if not w.claimed_effects:
        lines.append("  (no claim about an intervention that corrects it)")
    for o in w.outcomes:
        lines += ["", f"Paths from {o.condition_label}: {len(o.cut)} cut, "
                  f"{len(o.remaining)} kept", ""]
        for kind, paths in (("cut ", o.cut), ("kept", o.remaining)):
            lines += [f"  {kind}  {' -> '.join(p.labels())}  ({_path_words(p)})"
                      for p in paths]
    lines += ["", "Each path's premise claims and weakest certainty are in -f json."]
    return "\n".join(lines) + "\n"


__all__ = ["CERTAINTY_WORDS", "plain_comparison", "plain_intervention"]
