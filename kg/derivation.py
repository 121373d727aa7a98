"""What the toolkit derives, kept apart from what its sources state.

A claim is *stated*: a source says it, with a certainty (asserted, hypothesis, open)
and, where the sentence bounds it, a context ("In MS, ..."). Everything the toolkit
concludes from claims (an OWL 2 RL entailment, a chain of claims along a path, a
what-if or a comparison) is *derived*: it has a rule and premises, never a certainty
of its own. The weakest certainty of its premises is kept apart, under that name.

A derivation that joins premises stated in different contexts (a claim stated only
in multiple sclerosis with one stated only in vitamin B12 deficiency) is a
*cross-context hypothesis*: no source states the join; the graph generates it.

A premise's contexts are ``None`` when some source states it in general (it holds
in every context), otherwise the set of contexts it is stated in.

    >>> status([None, frozenset({"MS"})])
    'derived'
    >>> status([frozenset({"MS"}), frozenset({"B12D"})])
    'cross-context hypothesis'
    >>> status([frozenset({"MS", "B12D"}), frozenset({"B12D"})])
    'derived'
    >>> edge_contexts([{"context": "MS"}, {"context": None}]) is None
    True
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.namespaces import B12MS

STATED = "stated"
DERIVED = "derived"
CROSS_CONTEXT = "cross-context hypothesis"
#: the TBox individuals of the derivation statuses
STATUS_IRI = {DERIVED: B12MS.Derived, CROSS_CONTEXT: B12MS.CrossContextHypothesis}
STATUS_NAME = {iri: name for name, iri in STATUS_IRI.items()}
#: what each status means, in words a reader of a report needs
MEANING = {
    STATED: "a source states it",
    DERIVED: "derived by the toolkit from claims stated in general or in one context; "
             "no source states it",
    CROSS_CONTEXT: "a hypothesis the graph generates: it joins claims stated in different "
                   "contexts; no source states it",
}

Contexts = frozenset | None


def edge_contexts(evidence: Iterable[dict]) -> Contexts:
    """The contexts one edge is stated in: ``None`` if any claim states it in general
    (or none does), else the set of the claims' contexts."""
    found = set()
    for row in evidence:
        if not row.get("context"):
            return None
        found.add(row["context"])
    return frozenset(found) or None


def shared_contexts(premises: Iterable[Contexts]) -> frozenset | None:
    """The contexts every context-bound premise is stated in (``None``: no premise is
    bound to a context; an empty set: they share none)."""
    bounded = [set(p) for p in premises if p]
    if not bounded:
        return None
    return frozenset(set.intersection(*bounded))


def status(premises: Iterable[Contexts], *, derived: Iterable[str] = ()) -> str:
    """``derived``, or ``cross-context hypothesis`` when the context-bound premises share
    no context (or a premise is itself a cross-context hypothesis, in ``derived``)."""
    if CROSS_CONTEXT in set(derived):
        return CROSS_CONTEXT
    shared = shared_contexts(premises)
    return CROSS_CONTEXT if shared is not None and not shared else DERIVED


def edge_status(edge: dict) -> str:
    """The status of one edge of the mechanism graph (an edge without one is stated)."""
    return edge.get("status", STATED)


def combined_status(statuses: Iterable[str]) -> str:
    """The status of a step several edges join: ``stated`` if a source states one of them,
    else ``cross-context hypothesis`` if one is, else ``derived``.

    >>> combined_status([DERIVED, CROSS_CONTEXT]), combined_status([CROSS_CONTEXT, STATED])
    ('cross-context hypothesis', 'stated')
    """
    statuses = set(statuses)
    if STATED in statuses:
        return STATED
    return CROSS_CONTEXT if CROSS_CONTEXT in statuses else DERIVED


def all_contexts(premises: Iterable[Contexts]) -> list[str]:
    """Every context any premise is bound to, sorted."""
    return sorted({c for p in premises if p for c in p})


__all__ = ["CROSS_CONTEXT", "DERIVED", "MEANING", "STATED", "STATUS_IRI", "STATUS_NAME",
           "all_contexts", "combined_status", "edge_contexts", "edge_status", "shared_contexts",
           "status"]
