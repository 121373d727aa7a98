"""Why a path search found nothing, and what to try: paths may run the other way, a
related entity may have paths, structural edges may connect the two, or the length bound
may have cut the paths.

    >>> from kg.build import build_dataset
    >>> from kg.pathindex import PathIndex
    >>> index = PathIndex(build_dataset())
    >>> print(why_no_paths(index, "fatigue", "multiple sclerosis")[0].command)
    b12ms-kg paths 'multiple sclerosis' fatigue
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Literal

from kg.identifiers import compact
from kg.paths import k_shortest

#: the longest path searched when checking whether the length bound cut the paths
LONGEST = 12


@dataclass(frozen=True)
class Reason:
    """One likely reason, in words, and the command that shows the paths."""

    reason: str
    command: str

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "command": self.command}


def _command(source: str, target: str, options: Sequence[str]) -> str:
    return shlex.join(["b12ms-kg", "paths", source, target, *options])


def _count(index, a: str, b: str, max_length: int, limit: int = 20) -> int:  # noqa: ANN001
    view = index.view
    if a not in view or b not in view:
        return 0
    return len(k_shortest(view, a, b, max_length=max_length, max_paths=limit,
                          stops=index.stops))


_CONTAINING = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?c ?label WHERE {
  ?c a owl:Class ; rdfs:label ?label .
  FILTER(isIRI(?c) && (CONTAINS(LCASE(STR(?label)), ?key) || CONTAINS(?key, LCASE(STR(?label)))))
}"""


def _related(index, curie: str, label: str,  # noqa: ANN001
             limit: int = 5) -> list[tuple[str, str]]:
    """Nodes of the index whose label holds ``label`` as whole words, or is held in it
    ("vitamin B12" and "vitamin B12 deficiency"), shortest label first (one query)."""
    key = label.strip().lower()
    found = []
    for iri, other in index.store.select(_CONTAINING, {"key": Literal(key)}).rows:
        node, text = compact(iri), str(other)
        inner, outer = sorted((key, text.lower()), key=len)
        if node != curie and node in index.view and \
                re.search(r"(?<!\w)" + re.escape(inner) + r"(?!\w)", outer):
            found.append((text, node))
    return sorted(set(found), key=lambda x: (len(x[0]), x[0]))[:limit]


def why_no_paths(index, source: str, target: str, *, max_length: int = 6,  # noqa: ANN001
                 options: Sequence[str] = (),
                 structural_index=None) -> list[Reason]:  # noqa: ANN001
    """The reasons that hold when :meth:`PathIndex.find_paths` found no path from
    ``source`` to ``target``: each with the command to try (``options`` are the options
    to repeat in it). ``structural_index`` is an index that also follows structural
    edges, when ``index`` does not."""
    start, end = index.resolve(source), index.resolve(target)
    names = index.labels_of([start, end])
    a, b = names.get(start, source), names.get(end, target)
    options = list(options)
    reasons = []
    back = _count(index, end, start, max_length)
    if back:
        reasons.append(Reason(f"no path leads from {a} to {b}, but {back} path(s) lead the "
                              f"other way, from {b} to {a}", _command(b, a, options)))
    if start in index.view and end in index.view:
        through = k_shortest(index.view, start, end, max_length=max_length, max_paths=1)
        stop = next((pair for pair in zip(through[0][:-1], through[0][1:])
                     if pair in index.stops), None) if through else None
        if stop is not None:
            names.update(index.labels_of(stop))
            w, x = (names.get(n, n) for n in stop)
            relations = " / ".join(sorted({index.properties[p][0]
                                           for _, _, p, _ in index.rows[stop]}))
            reasons.append(Reason(
                f"the chains from {a} to {b} would pass the claim '{w} {relations} {x}', "
                f"which ends paths: it is about {x} as a whole (its symptoms or course), "
                f"not about what {x} causes", _command(w, x, options)))
    if start in index.view and end in index.view and max_length < LONGEST:
        longer = k_shortest(index.view, start, end, max_length=LONGEST, max_paths=1,
                            stops=index.stops)
        if longer:
            steps = len(longer[0]) - 1
            reasons.append(Reason(f"the shortest path from {a} to {b} has {steps} steps, more "
                                  f"than --max-length {max_length}",
                                  _command(a, b, [*options, "--max-length", str(steps)])))
    if structural_index is not None:
        s, t = structural_index.resolve(source), structural_index.resolve(target)
        if _count(structural_index, s, t, max_length):
            reasons.append(Reason(f"structural edges (part of, surrounds, has participant, "
                                  f"...) connect {a} to {b}; they are followed only with "
                                  "--include-structural",
                                  _command(a, b, [*options, "--include-structural"])))
    for label, node in _related(index, start, a):
        if _count(index, node, end, max_length):
            reasons.append(Reason(f"{label}, a related entity, has paths to {b} ({a} and "
                                  f"{label} are different entities)",
                                  _command(label, b, options)))
    for label, node in _related(index, end, b):
        if _count(index, start, node, max_length):
            reasons.append(Reason(f"{a} has paths to {label}, a related entity ({b} and "
                                  f"{label} are different entities)",
                                  _command(a, label, options)))
    return reasons


__all__ = ["LONGEST", "Reason", "why_no_paths"]
