"""Which sentences of a source the claims read: every sentence is encoded by claims, or
listed under ``not_encoded`` with the curators' reason, or not read yet.

A curator (or a reviewer) can then see that nothing the source says was skipped
silently, and where a claims file stops short of its source.

    >>> from kg.claims import load_not_encoded
    >>> rows = sentence_coverage(*load_not_encoded())
    >>> [r.status for r in rows if r.sentence.startswith("Overall")]
    ['not encoded']
    >>> sorted({r.status for r in rows})
    ['encoded', 'not encoded']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.claims import Claim, NotEncoded, Source

#: the end of a sentence: . ! or ? (with closing quotes or brackets), then white space
#: (group 1) before a capital letter, a digit or an opening quote or bracket
_BOUNDARY = re.compile(r"""[.!?]["')\]]*(\s+)(?=["'(\[]?[A-Z0-9])""")


@dataclass(frozen=True)
class SentenceCoverage:
    """One sentence of a source: the claims that encode it, or why none does."""

    source: str
    start: int
    end: int
    sentence: str
    claims: tuple[str, ...]
    reason: str | None

    @property
    def status(self) -> str:
        if self.claims:
            return "encoded"
        return "not encoded" if self.reason else "not read"


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each sentence: each line is a heading or a paragraph, and a
    paragraph is split after ``.``, ``!`` or ``?`` before a capital letter.

    >>> text = "Title\\n\\nOne. Two (MS).\\n"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Title', 'One.', 'Two (MS).']
    """
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start = offset + len(body) - len(body.lstrip())
        stripped = body.strip()
        if stripped:
            position = 0
            for match in _BOUNDARY.finditer(stripped):
                yield start + position, start + match.start(1)
                position = match.end(1)
            yield start + position, start + len(stripped)
        offset += len(line)


def sentence_coverage(claims: Iterable[Claim],
                      not_encoded: Iterable[NotEncoded]) -> list[SentenceCoverage]:
    """Every sentence of every source that the claims cite or ``not_encoded`` lists, with
    the claims whose sentence overlaps it or the reason it was left out; in source order."""
    claims, not_encoded = list(claims), list(not_encoded)
    sources: dict[str, Source] = {c.source.id: c.source for c in claims}
    sources.update({n.source.id: n.source for n in not_encoded})
    rows = []
    for source_id in sorted(sources):
        text = sources[source_id].text
        for start, end in split_sentences(text):
            ids = tuple(sorted(c.id for c in claims if c.source.id == source_id
                               and c.start < end and start < c.end))
            reasons = [n.reason for n in not_encoded if n.source.id == source_id
                       and n.start < end and start < n.end]
            rows.append(SentenceCoverage(source_id, start, end, text[start:end], ids,
                                         reasons[0] if reasons and not ids else None))
    return rows


__all__ = ["SentenceCoverage", "sentence_coverage", "split_sentences"]
