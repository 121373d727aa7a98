""""Did you mean ...?": the close matches of a mistyped name among the known ones.

One rule for every place a name is typed (entities, queries, predicates, layers,
formats, claims-file fields, source types): :mod:`difflib`'s ratio on the lower-cased
names, plus the known names that contain what was typed as whole words (so
"B12 deficiency" finds "vitamin B12 deficiency").

    >>> close_matches("multiple sclerois", ["multiple sclerosis", "fatigue"])
    ['multiple sclerosis']
    >>> did_you_mean("B12 deficiency", ["vitamin B12 deficiency", "vitamin B12"])
    "did you mean 'vitamin B12 deficiency'?"
    >>> did_you_mean("xyz", ["fatigue"])
    ''
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


def close_matches(text: str, choices: Iterable[str], n: int = 3,
                  cutoff: float = 0.6) -> list[str]:
    """The known names closest to ``text`` (case-insensitive), best first, at most ``n``.

    >>> close_matches("certanity", ["certainty", "context", "sentence"])
    ['certainty']
    >>> close_matches("desease", ["disease or disorder", "symptom"])
    ['disease or disorder']
    """
    key = text.strip().lower()
    if not key:
        return []
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(choice.strip().lower(), choice)
    found = difflib.get_close_matches(key, list(by_key), n=n, cutoff=cutoff)
    # only those about as close as the best: a clear typo gets one answer
    ratios = {k: difflib.SequenceMatcher(None, key, k).ratio() for k in found}
    found = [k for k in found if ratios[k] >= ratios[found[0]] - 0.1]
    # whole-word containment: a shortened name ("B12 deficiency") is a likely mistake
    words = re.compile(r"(?<!\w)" + re.escape(key) + r"(?!\w)")
    contained = sorted((k for k in by_key if k != key and words.search(k)), key=len)
    # a typo in one word of a longer name ("desease" for "disease or disorder"), when
    # nothing closer was found
    typed = key.split()
    in_words = [] if contained or found else sorted((k for k in by_key if len(k.split()) > len(typed) and any(
        difflib.SequenceMatcher(None, " ".join(ws), key).ratio() >= 0.8
        for ws in _runs(k.split(), len(typed)))), key=len)
    ranked = list(dict.fromkeys([*contained[:n], *found, *in_words]))
    return [by_key[k] for k in ranked[:n]]


def _runs(words: list[str], size: int) -> Iterable[list[str]]:
    """The runs of ``size`` consecutive words."""
    return (words[i:i + size] for i in range(len(words) - size + 1))


def did_you_mean(text: str, choices: Iterable[str], n: int = 3) -> str:
    """``"did you mean 'a'?"`` (or ``'a' or 'b'``), or ``""`` when nothing is close."""
    found = close_matches(text, choices, n=n)
    if not found:
        return ""
    return "did you mean " + " or ".join(f"'{name}'" for name in found) + "?"


def unknown(what: str, text: str, choices: Iterable[str], listing: str | None = None,
            *, show_all: bool = False) -> str:
    """The one-line message for an unknown name: the suggestion, then where names are
    listed (a command, or all of them when ``show_all``).

    >>> unknown("layer", "artcle", ["article", "background"], show_all=True)
    "unknown layer 'artcle': did you mean 'article'? (known: article, background)"
    >>> unknown("query", "list_symtoms", ["list_symptoms"], "b12ms-kg queries").split(" (")[0]
    "unknown query 'list_symtoms': did you mean 'list_symptoms'?"
    """
    choices = list(choices)
    message = f"unknown {what} '{text}'"
    hint = did_you_mean(text, choices)
    if hint:
        message += f": {hint}"
    if show_all:
        message += f" (known: {', '.join(choices)})"
    elif listing:
        message += f" (run '{listing}' to list them)"
    return message


def unknown_layer(name: str, holds: Iterable[str], what: str = "this graph holds") -> str:
    """The message for an unknown layer, with the close names and every layer held.

    >>> unknown_layer("artcle", ["article", "background"])
    "unknown layer 'artcle': did you mean 'article'? (this graph holds: article, background)"
    """
    holds = list(holds)
    hint = did_you_mean(name, holds)
    return (f"unknown layer '{name}'" + (f": {hint}" if hint else "")
            + f" ({what}: {', '.join(holds) or 'no layers'})")


__all__ = ["close_matches", "did_you_mean", "unknown", "unknown_layer"]
