"""Render analysis results (paths, shared mechanisms, build summary) as text or JSON.

    >>> from kg.build import build_dataset
    >>> from kg.network import find_paths, to_networkx
    >>> paths = find_paths(to_networkx(build_dataset()), "multiple sclerosis", "fatigue")
    >>> print(render_paths(paths, "multiple sclerosis", "fatigue").splitlines()[0])
    4 paths from multiple sclerosis to fatigue
"""

from __future__ import annotations

import json

from kg.network import Path, SharedNode

PATH_FORMATS = ("text", "json")


def _evidence_lines(edge: dict, indent: str) -> list[str]:
    lines = []
    for ev in edge["evidence"]:
        lines.append(f"{indent}{edge['predicate_label']}: {ev['claim_id']} ({ev['certainty']}, "
                     f"{ev['layer']}) \"{ev['sentence']}\"")
        lines.append(f"{indent}  source: {ev['source']} [{ev['start']}:{ev['end']}]")
    if not edge["evidence"]:
        lines.append(f"{indent}{edge['predicate_label']}: no claim annotation "
                     f"(layer '{edge['layer']}')")
    return lines


def _path_lines(path: Path, title: str) -> list[str]:
    lines = [f"{title}: {len(path.steps)} step{'s' if len(path.steps) != 1 else ''}, "
             f"certainty {path.certainty} (weakest step)",
             f"  {path.steps[0].source_label} ({path.steps[0].source})"]
    for step in path.steps:
        predicates = " | ".join(edge["predicate_label"] for edge in step.edges)
        lines.append(f"    --{predicates}--> {step.target_label} ({step.target})  "
                     f"[{step.certainty}]")
        for edge in step.edges:
            lines += _evidence_lines(edge, "        ")
    return lines


def render_paths(paths: list[Path], source: str, target: str, fmt: str = "text") -> str:
    """Paths as numbered text blocks (each step with its sentences) or as JSON."""
    if fmt == "json":
        return json.dumps({"source": source, "target": target,
                           "paths": [p.as_dict() for p in paths]},
                          indent=2, ensure_ascii=False) + "\n"
    lines = [f"{len(paths)} path{'s' if len(paths) != 1 else ''} from {source} to {target}"]
    for number, path in enumerate(paths, start=1):
        lines.append("")
        lines += _path_lines(path, f"path {number}")
    return "\n".join(lines) + "\n"


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


def render_derivation(derivation, labels: dict, depth: int = 0) -> list[str]:  # noqa: ANN001
    """An explanation as an indented tree: each edge, its rule, and the claims at the leaves."""
    from rdflib.namespace import RDFS

    from kg.lookup import compact

    def name(term) -> str:  # noqa: ANN001
        return "subclass of" if term == RDFS.subClassOf else str(labels.get(term, compact(term)))

    s, p, o = derivation.triple
    pad = "  " * depth
    how = "asserted" if derivation.rule == "asserted" else f"inferred by {derivation.rule}"
    lines = [f"{pad}{name(s)} --{name(p)}--> {name(o)}  [{how}; certainty {derivation.certainty}]"]
    for ev in derivation.evidence:
        lines.append(f"{pad}    {ev['claim_id']} ({ev['certainty']}, {ev['layer']}) "
                     f"\"{ev['sentence']}\"")
    if derivation.rule == "asserted" and not derivation.evidence:
        lines.append(f"{pad}    (an axiom of the ontology)")
    for premise in derivation.premises:
        lines += render_derivation(premise, labels, depth + 1)
    return lines
