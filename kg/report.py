"""Render analysis results (paths, shared mechanisms, build summary) as text or JSON.

    >>> from kg.build import build_dataset
    >>> from kg.network import to_networkx
    >>> from kg.paths import find_paths
    >>> paths = find_paths(to_networkx(build_dataset()), "multiple sclerosis", "fatigue")
    >>> print(render_paths(paths, "multiple sclerosis", "fatigue").splitlines()[0])
    2 paths from multiple sclerosis to fatigue
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (kg.paths imports networkx: explain's tree needs none of it)
    from kg.paths import Path, SharedNode

PATH_FORMATS = ("text", "json", "md")


def _evidence_lines(edge: dict, indent: str) -> list[str]:
    lines = []
    for ev in edge["evidence"]:
        lines.append(f"{indent}{edge['predicate_label']}: {ev['claim_id']} ({ev['certainty']}, "
                     f"{ev['layer']}{_context_text(ev)}) \"{ev['sentence']}\"")
        lines.append(f"{indent}  source: {ev['source']} [{ev['start']}:{ev['end']}]")
    for d in edge.get("derivations", []):
        contexts = f"; premise contexts: {', '.join(d['context_labels'])}" \
            if d["context_labels"] else ""
        lines.append(f"{indent}{edge['predicate_label']}: {d['status']} by {d['rule']} "
                     f"({d['layer']}); premises {', '.join(d['premises']) or '(ontology axioms)'}"
                     f"; weakest premise: {d['weakest_premise_certainty'] or 'none'}{contexts}")
    if not edge["evidence"] and not edge.get("derivations"):
        lines.append(f"{indent}{edge['predicate_label']}: no claim annotation "
                     f"(layer '{edge['layer']}')")
    return lines


def path_summary(path: Path) -> str:
    """How a path stands, in words: stated (with the source's certainty) or derived
    (status, weakest premise, and the contexts its claims are stated in).

    >>> from kg.build import build_dataset
    >>> from kg.network import to_networkx
    >>> from kg.paths import find_paths
    >>> g = to_networkx(build_dataset())
    >>> path_summary(find_paths(g, "vitamin B12 deficiency", "myelination")[0])
    'stated, certainty asserted; in vitamin B12 deficiency'
    """
    contexts = path.contexts()
    where = f"; in {', '.join(contexts.values())}" if contexts else ""
    if path.status == "stated":
        return f"stated, certainty {path.certainty}{where}"
    joined = f"; premise contexts: {', '.join(contexts.values())}" if contexts else ""
    how = f"chain of {len(path.steps)} steps" if len(path.steps) > 1 else "an inferred edge"
    return (f"{path.status} ({how}), weakest premise: "
            f"{path.weakest_premise_certainty}{joined}")


SIGN_MARK = {1: "+", -1: "-", 0: "0"}


def _path_lines(path: Path, title: str) -> list[str]:
    lines = [f"{title}: {len(path.steps)} step{'s' if len(path.steps) != 1 else ''}, "
             f"net effect: {path.effect}; {path_summary(path)}",
             f"  {' -> '.join(path.states())}",
             f"  {path.steps[0].source_label} ({path.steps[0].source})"]
    for step in path.steps:
        predicates = " | ".join(edge["predicate_label"] for edge in step.edges)
        how = step.certainty if step.stated else step.status
        lines.append(f"    --{predicates} ({SIGN_MARK[step.sign]})--> {step.target_label} "
                     f"({step.target})  [{how}]")
        for edge in step.edges:
            lines += _evidence_lines(edge, "        ")
    return lines


def render_paths(paths: list[Path], source: str, target: str, fmt: str = "text",
                 why: list | None = None) -> str:
    """Paths as numbered text blocks (each step with its sentences) or as JSON; ``why``
    (:class:`kg.nopaths.Reason`), when none was found, says why and what to try."""
    if fmt == "json":
        extra = {"why": [r.as_dict() for r in why]} if why is not None else {}
        return json.dumps({"source": source, "target": target,
                           "paths": [p.as_dict() for p in paths], **extra},
                          indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return _paths_markdown(paths, source, target) + "".join(
            f"\n- {r.reason}: `{r.command}`" for r in why or ()) + ("\n" if why else "")
    lines = [f"{len(paths)} path{'s' if len(paths) != 1 else ''} from {source} to {target}"]
    if why is not None:
        lines += [f"  {r.reason}; try:\n    {r.command}" for r in why] or [
            "  no chain of claims joins them, in either direction, even through related "
            "entities, structural edges or longer paths"]
    if any(p.cross_context for p in paths):
        lines.append("(a cross-context hypothesis joins claims the source states in different "
                     "contexts: the graph generates it; no source states it)")
    for number, path in enumerate(paths, start=1):
        lines.append("")
        lines += _path_lines(path, f"path {number}")
    return "\n".join(lines) + "\n"


def md_cell(text: object) -> str:
    """Text made safe for one Markdown table cell.

    >>> md_cell("a|b\\nc")
    'a\\\\|b c'
    """
    return str(text).replace("|", "\\|").replace("\n", " ")


def _paths_markdown(paths: list[Path], source: str, target: str) -> str:
    lines = [f"# Paths from {source} to {target}", "",
             f"{len(paths)} path(s). A path of two or more steps is derived by the toolkit: "
             "no source states it, and the certainty shown for it is that of its weakest "
             "premise. A cross-context hypothesis joins claims stated in different contexts.",
             ""]
    for number, path in enumerate(paths, start=1):
        lines += [f"## Path {number}: {path.effect}; {md_cell(path_summary(path))}", "",
                  " → ".join(path.states()), "",
                  "| step | relation | sign | certainty | context | claim | sentence |",
                  "|---|---|---|---|---|---|---|"]
        for step in path.steps:
            for edge in step.edges:
                rows = [(ev["certainty"], ev.get("context_label") or "", ev["claim_id"],
                         ev["sentence"]) for ev in edge["evidence"]]
                rows += [(f"{d['status']}; weakest premise {d['weakest_premise_certainty']}",
                          ", ".join(d["context_labels"]), ", ".join(d["premises"]),
                          f"({d['rule']})") for d in edge.get("derivations", [])]
                for certainty, context, claim, sentence in rows or [("", "", "", "")]:
                    lines.append(f"| {md_cell(step.source_label)} → {md_cell(step.target_label)} | "
                                 f"{md_cell(edge['predicate_label'])} | {edge['sign']} | "
                                 f"{md_cell(certainty)} | {md_cell(context)} | {md_cell(claim)} | "
                                 f"{md_cell(sentence)} |")
        lines.append("")
    return "\n".join(lines)


def render_shared(shared: list[SharedNode], a: str, b: str, fmt: str = "text") -> str:
    """Shared nodes with the shortest evidence path from each condition, as text or JSON."""
    if fmt == "json":
        return json.dumps({"a": a, "b": b, "shared": [s.as_dict() for s in shared]},
                          indent=2, ensure_ascii=False) + "\n"
    mechanisms = [s for s in shared if s.category != "symptom"]
    symptoms = [s for s in shared if s.category == "symptom"]
    lines = [f"{len(mechanisms)} shared mechanism node{'s' if len(mechanisms) != 1 else ''} "
             f"of {a} and {b} (nearest first)"]
    for node in mechanisms:
        lines += ["", f"{node.label} ({node.node}) - {node.category}; "
                  f"{len(node.from_a.steps)} step(s) from {a}, {len(node.from_b.steps)} from {b}"]
        lines += ["  " + line for line in _path_lines(node.from_a, f"from {a}")]
        lines += ["  " + line for line in _path_lines(node.from_b, f"from {b}")]
    if symptoms:
        lines += ["", "shared symptoms: " + ", ".join(s.label for s in symptoms)]
    return "\n".join(lines) + "\n"


def _context_text(ev: dict, labels: dict | None = None) -> str:
    """``; in multiple sclerosis`` for a claim stated in a context, else nothing."""
    context = ev.get("context_label") or ev.get("context")
    if context and labels is not None:
        from rdflib import URIRef

        context = labels.get(URIRef(context), context)
    return f"; in {context}" if context else ""


def render_derivation(derivation, labels: dict, depth: int = 0) -> list[str]:  # noqa: ANN001
    """An explanation as an indented tree: each edge, its rule, and the claims at the leaves.

    A stated edge shows its claims with the source's certainty and context; a derived
    edge shows its rule, its status (derived, or cross-context hypothesis) and the
    weakest certainty among its premises, never a certainty of its own.
    """
    from rdflib import URIRef
    from rdflib.namespace import RDFS

    from kg.derivation import MEANING
    from kg.lookup import compact

    def name(term) -> str:  # noqa: ANN001
        return "subclass of" if term == RDFS.subClassOf else str(labels.get(term, compact(term)))

    s, p, o = derivation.triple
    pad = "  " * depth
    if derivation.stated:
        how = f"stated; certainty {derivation.certainty}" if derivation.evidence else "stated"
    else:
        contexts = [str(labels.get(URIRef(c), compact(URIRef(c)))) for c in derivation.contexts()]
        how = (f"{derivation.status} by {derivation.rule}; premises "
               f"{', '.join(sorted(derivation.claim_ids())) or '(ontology axioms)'}; "
               f"weakest premise: {derivation.weakest_premise_certainty or 'none'}"
               + (f"; premise contexts: {', '.join(contexts)}" if contexts else ""))
    lines = [f"{pad}{name(s)} --{name(p)}--> {name(o)}  [{how}]"]
    if depth == 0 and not derivation.stated:
        lines.append(f"{pad}    ({MEANING[derivation.status]})")
    for ev in derivation.evidence:
        lines.append(f"{pad}    {ev['claim_id']} ({ev['certainty']}, {ev['layer']}"
                     f"{_context_text(ev, labels)}) \"{ev['sentence']}\"")
    if derivation.stated and not derivation.evidence:
        lines.append(f"{pad}    (an axiom of the ontology)")
    for premise in derivation.premises:
        lines += render_derivation(premise, labels, depth + 1)
    return lines


def render_comparison(comparison, fmt: str = "text") -> str:  # noqa: ANN001
    """A :class:`kg.mechanism.Comparison` as plain words (text), or with its measures as
    Markdown or JSON."""
    c = comparison
    if fmt == "json":
        return json.dumps(c.as_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "text":
        from kg.plain import plain_comparison

        return plain_comparison(c)
    a, b = c.a["label"], c.b["label"]
    md = fmt == "md"
    lines = [f"# Comparing {a} and {b}" if md else f"comparing {a} and {b}", ""]
    if c.convergence_point is not None:
        top = c.convergence_point
        lines += [f"convergence point: {top.label} ({top.node}), bridging {top.bridging:.2f}", ""]
    lines += [c.finding(), "",
              "Every shared node is a conclusion of the toolkit (a path from each condition), "
              "not a claim of the source; a path that joins claims stated in different "
              "contexts is a cross-context hypothesis.", ""]
    lines += [f"overlap (Jaccard of the nodes each leads to): {c.overlap:.2f} "
              f"({len(c.shared)} shared of {len(c.shared) + len(c.only_a) + len(c.only_b)})", ""]
    head = "## " if md else ""
    lines += [f"{head}shared nodes, ranked as convergence points", ""]
    lines.append("bridging = share of the shortest connections between the two conditions "
                 "(transitive reduction of their causal span, read undirected) through the node; "
                 "first meeting = no shared node upstream; downstream = shared nodes it leads to")
    lines.append("")
    if md:
        lines += ["| rank | node | category | bridging | first meeting | downstream | "
                  f"steps from {md_cell(a)} | steps from {md_cell(b)} | path from {md_cell(a)} | "
                  f"path from {md_cell(b)} |", "|---|---|---|---|---|---|---|---|---|---|"]
    for rank, s in enumerate(c.ranking, start=1):
        if md:
            lines.append(f"| {rank} | {md_cell(s.label)} | {s.category} | {s.bridging:.2f} | "
                         f"{'yes' if s.first_meeting else 'no'} | {s.downstream_shared} | "
                         f"{s.distance_a} | {s.distance_b} | {s.status_a} | {s.status_b} |")
        else:
            lines.append(f"  {rank:2d}. {s.label} ({s.category}): bridging {s.bridging:.2f}, "
                         f"first meeting {'yes' if s.first_meeting else 'no'}, downstream "
                         f"{s.downstream_shared}, steps {s.distance_a}/{s.distance_b}, "
                         f"paths {s.status_a}/{s.status_b}")
    for title, rows in ((f"only {a}", c.only_a), (f"only {b}", c.only_b)):
        lines += ["", f"{head}{title}", ""]
        lines += [f"{'- ' if md else '  '}{r['label']} ({r['category']})" for r in rows] or \
            ["  (none)"]
    lines += ["", f"{head}sub-paths both pass through", ""]
    lines += [f"{'- ' if md else '  '}{e['source_label']} --{e['predicate_label']}--> "
              f"{e['target_label']} [{e['certainty'] if e['status'] == 'stated' else e['status']}; "
              f"{e['claim_ids'] or 'derived'}]" for e in c.shared_edges]
    lines += ["", f"{head}kinds", ""]
    for title, rows in (("both", c.kinds_shared), (f"only {a}", c.kinds_only_a),
                        (f"only {b}", c.kinds_only_b)):
        lines.append(f"{'- ' if md else '  '}{title}: "
                     + (", ".join(r["label"] for r in rows) or "(none)"))
    for key, name in (("a", a), ("b", b)):
        path = c.convergence_paths.get(key)
        if path is not None:
            lines += ["", f"{head}from {name} to the convergence point", ""]
            lines += ([" → ".join(path.states())] if md else _path_lines(path, f"from {name}"))
    return "\n".join(lines) + "\n"


def render_intervention(intervention, fmt: str = "text") -> str:  # noqa: ANN001
    """A :class:`kg.mechanism.Intervention` as plain words (text), or with each
    conclusion's status and premises as Markdown or JSON."""
    w = intervention
    if fmt == "json":
        return json.dumps(w.as_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "text":
        from kg.plain import plain_intervention

        return plain_intervention(w)
    md = fmt == "md"
    head = "## " if md else ""
    removed = ", ".join(r["label"] for r in w.removed)
    lines = [f"{'# ' if md else ''}what if {w.restored['label']} is restored", "",
             f"removes {removed}: {len(w.removed_edges)} edge(s) out of it no longer act", ""]
    lines += [f"{head}conclusions", "",
              "Cut and remaining paths are derived by the toolkit from the claims (status, "
              "weakest premise); what the sources claim the correction does is stated, with "
              "the claim's own certainty.", ""]

    def how(c: dict) -> str:
        if c["status"] == "stated":
            return f"stated, certainty {c['certainty']}; {c['reading']}"
        return f"{c['status']}; weakest premise: {c['weakest_premise_certainty']}"

    def where(c: dict) -> str:
        return ", ".join(c["contexts"])

    if md:
        lines += ["| conclusion | status | contexts | premises |", "|---|---|---|---|"]
        lines += [f"| {md_cell(c['statement'])} | {md_cell(how(c))} | {md_cell(where(c))} | "
                  f"{', '.join(c['premise_claims'])} |" for c in w.conclusions()]
    else:
        lines += [f"  - {c['statement']}  [{how(c)}"
                  + (f"; contexts: {where(c)}" if c["contexts"] else "") + "]"
                  for c in w.conclusions()]
    for o in w.outcomes:
        lines += ["", f"{head}{o.condition_label}: {len(o.cut)} path(s) cut, "
                  f"{len(o.remaining)} remain", ""]
        for kind, paths in (("cut", o.cut), ("remains", o.remaining)):
            lines += [f"{'- ' if md else '  '}{kind}: {' -> '.join(p.labels())} "
                      f"[{p.effect}; {path_summary(p)}]" for p in paths]
    lines += ["", f"{head}what the sources claim the correction does", ""]
    for e in w.claimed_effects:
        lines.append(f"{'- ' if md else '  '}{e.intervention_label} {e.edge['predicate_label']} "
                     f"{e.target_label}: {e.status}")
        lines += [f"{'  - ' if md else '      '}{ev['claim_id']} ({ev['certainty']}"
                  f"{_context_text(ev)}): \"{ev['sentence']}\"" for ev in e.edge["evidence"]]
    if not w.claimed_effects:
        lines.append("  (no claim about an intervention that corrects it)")
    return "\n".join(lines) + "\n"
