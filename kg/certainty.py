"""Certainty arithmetic: the order of the certainty levels a source states a claim with.

A chain is as certain as its weakest premise; an edge stated by several sources is as
certain as the firmest of them.

    >>> weakest(["asserted", "open"]), strongest(["open", "hypothesis"])
    ('open', 'hypothesis')
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.namespaces import CERTAINTY, CERTAINTY_ORDER

#: certainty individual (IRI) -> its name in the claims files
CERTAINTY_NAME = {iri: name for name, iri in CERTAINTY.items()}


def _rank(certainty: str | None) -> int:
    return CERTAINTY_ORDER.index(certainty) if certainty in CERTAINTY_ORDER else -1


def weakest(certainties: Iterable[str | None]) -> str | None:
    """The weakest certainty (``open`` < ``hypothesis`` < ``asserted``).

    >>> weakest(["asserted", "hypothesis", "asserted"])
    'hypothesis'
    """
    values = list(certainties)
    return min(values, key=_rank) if values else None


def strongest(certainties: Iterable[str | None]) -> str | None:
    """The strongest certainty; an edge stated by several sources is as certain as the firmest.

    >>> strongest(["open", "asserted"])
    'asserted'
    """
    values = list(certainties)
    return max(values, key=_rank) if values else None


__all__ = ["CERTAINTY_NAME", "strongest", "weakest"]
