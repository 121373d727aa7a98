"""Curated claims: load ``ontology/claims.yaml``, validate it, locate each sentence.

A claim is one edge (subject, predicate, object) with the exact sentence that
states it, a certainty from a closed vocabulary and a source.

    >>> claims = load_claims()
    >>> c = next(c for c in claims if c.id == "C013")
    >>> (c.subject, c.predicate, c.object, c.certainty)
    ('vitamin B12 deficiency', 'impairs', 'myelination', 'asserted')
    >>> c.text[c.start:c.end] == c.sentence
    True
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError
from kg.namespaces import CERTAINTY
from kg.resources import data_path, read_text

CLAIM_FIELDS = {"id", "subject", "predicate", "object", "certainty", "source", "sentence", "note"}
REQUIRED_CLAIM_FIELDS = CLAIM_FIELDS - {"note"}
SOURCE_FIELDS = {"id", "iri", "type", "title", "text", "note"}
REQUIRED_SOURCE_FIELDS = SOURCE_FIELDS - {"note"}


@dataclass(frozen=True)
class Source:
    """A document claims are taken from, with its plain text."""

    id: str
    iri: str
    type: str
    title: str
    text: str
    note: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Claim:
    """One curated edge with its provenance; ``start``/``end`` index ``text``."""

    id: str
    subject: str
    predicate: str
    object: Any
    certainty: str
    source: Source
    sentence: str
    start: int
    end: int
    note: str | None
    line: int

    @property
    def text(self) -> str:
        return self.source.text


class _LineLoader(yaml.SafeLoader):
    """Safe YAML loader that records each mapping's line number as ``__line__``."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 - PyYAML signature
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _read_yaml(path: str, text: str) -> dict:
    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        raise InputError(path, f"invalid YAML: {exc.problem}", line) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"invalid YAML: {exc}") from None
    if not isinstance(document, dict):
        raise InputError(path, "expected a mapping with 'sources' and 'claims'", 1)
    return document


def _check_fields(path: str, entry: Any, what: str, allowed: set, required: set,
                  line: int) -> None:
    if not isinstance(entry, dict):
        raise InputError(path, f"each {what} must be a mapping", line)
    line = entry.get("__line__", line)
    unknown = sorted(set(entry) - allowed - {"__line__"})
    if unknown:
        raise InputError(path, f"{what} has unknown field(s): {', '.join(unknown)}", line)
    missing = sorted(required - set(entry))
    if missing:
        raise InputError(path, f"{what} is missing field(s): {', '.join(missing)}", line)
    for key in required - {"object"}:
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise InputError(path, f"{what} field '{key}' must be a non-empty string", line)


def _load_source(path: str, entry: dict, base: Path | None) -> Source:
    line = entry["__line__"]
    try:
        if base is None:
            text = read_text("ontology", entry["text"])
        else:
            text = (base / entry["text"]).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InputError(path, f"source '{entry['id']}': cannot read text "
                         f"'{entry['text']}': {reason}", line) from None
    return Source(id=entry["id"], iri=entry["iri"], type=entry["type"], title=entry["title"],
                  text=text, note=entry.get("note"))


def locate(sentence: str, text: str) -> tuple[int, int] | None:
    """Return (start, end) of the single occurrence of ``sentence`` in ``text``.

    >>> locate("b c", "a b c d")
    (2, 5)
    >>> locate("x", "x x") is None
    True
    """
    start = text.find(sentence)
    if start < 0 or text.find(sentence, start + 1) >= 0:
        return None
    return start, start + len(sentence)


def parse_claims(path: str, text: str, base: Path | None = None) -> list[Claim]:
    """Validate a claims YAML document and return its claims, located in their sources.

    ``base`` is the folder that source ``text`` paths are relative to (None: the
    packaged ``ontology/`` folder).
    """
    document = _read_yaml(path, text)
    sources: dict[str, Source] = {}
    for entry in document.get("sources") or []:
        _check_fields(path, entry, "source", SOURCE_FIELDS, REQUIRED_SOURCE_FIELDS,
                      document["__line__"])
        if entry["id"] in sources:
            raise InputError(path, f"duplicate source id '{entry['id']}'", entry["__line__"])
        sources[entry["id"]] = _load_source(path, entry, base)
    if not sources:
        raise InputError(path, "no sources: a claims file needs at least one source", 1)
    entries = document.get("claims")
    if not isinstance(entries, list) or not entries:
        raise InputError(path, "no claims: 'claims' must be a non-empty list", 1)
    claims: list[Claim] = []
    seen: set[str] = set()
    for entry in entries:
        _check_fields(path, entry, "claim", CLAIM_FIELDS, REQUIRED_CLAIM_FIELDS,
                      document["__line__"])
        line = entry["__line__"]
        if entry["id"] in seen:
            raise InputError(path, f"duplicate claim id '{entry['id']}'", line)
        seen.add(entry["id"])
        if entry["certainty"] not in CERTAINTY:
            allowed = ", ".join(CERTAINTY)
            raise InputError(path, f"claim {entry['id']}: certainty '{entry['certainty']}' is "
                             f"not one of: {allowed}", line)
        source = sources.get(entry["source"])
        if source is None:
            raise InputError(path, f"claim {entry['id']}: unknown source '{entry['source']}'", line)
        span = locate(entry["sentence"], source.text)
        if span is None:
            count = source.text.count(entry["sentence"])
            problem = "is not in" if count == 0 else f"occurs {count} times in"
            raise InputError(path, f"claim {entry['id']}: sentence {problem} the text of "
                             f"source '{source.id}'", line)
        claims.append(Claim(id=entry["id"], subject=entry["subject"],
                            predicate=entry["predicate"], object=entry["object"],
                            certainty=entry["certainty"], source=source,
                            sentence=entry["sentence"], start=span[0], end=span[1],
                            note=entry.get("note"), line=line))
    return claims


def load_claims(path: str | Path | None = None) -> list[Claim]:
    """Load the packaged claims (default) or a claims YAML file."""
    if path is None:
        resource = data_path("ontology", "claims.yaml")
        return parse_claims("ontology/claims.yaml", resource.read_text(encoding="utf-8"))
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot read") from None
    return parse_claims(str(path), text, base=path.parent)
