"""Curated claims: load a claims YAML file, validate it, locate each sentence.

A claim is one edge (subject, predicate, object) with the exact sentence that
states it, a certainty from a closed vocabulary, a source and, where the sentence
bounds it ("In MS, ..."), the context (condition or population) it is stated in. A claims file
holds its sources (each with an IRI, a type, a title, optional real PMID/DOI and
its plain text, inline or in a file) and its claims; the file's ``graph`` names
the named graph it is built into.

The file is checked against a pydantic schema; every error names the file and
the line, and nothing is built from a file that has one.

    >>> claims = load_claims()
    >>> c = next(c for c in claims if c.id == "C013")
    >>> (c.subject, c.predicate, c.object, c.certainty, c.context, c.graph)
    ('vitamin B12 deficiency', 'impairs', 'myelination', 'asserted', 'vitamin B12 deficiency', 'article')
    >>> c.text[c.start:c.end] == c.sentence
    True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)

from kg.errors import InputError
from kg.limits import LIMITS, contained, read_bounded
from kg.namespaces import BASE
from kg.resources import data_path, read_text
from kg.suggest import did_you_mean

#: spellings of the certainty levels accepted besides their names
CERTAINTY_ALIASES = {"asserted": "asserted", "hypothesis": "hypothesis", "open": "open",
                     "open question": "open"}
PACKAGED = {"article": ("ontology", "claims.yaml"), "background": ("ontology", "background.yaml")}
_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


class SourceModel(BaseModel):
    """Schema of one source entry."""

    model_config = ConfigDict(extra="forbid")
    id: StrictStr = Field(pattern=_ID)
    iri: StrictStr = Field(pattern=r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$")
    type: StrictStr = Field(min_length=1)
    title: StrictStr = Field(min_length=1)
    text_file: StrictStr | None = None
    text: StrictStr | None = None
    pmid: StrictStr | None = Field(default=None, pattern=r"^[1-9][0-9]{0,8}$")
    doi: StrictStr | None = Field(default=None, pattern=r"^10\.[0-9]{4,9}/\S+$")
    about: StrictStr | None = Field(default=None, min_length=1)
    note: StrictStr | None = None

    @model_validator(mode="after")
    def _one_text(self) -> "SourceModel":
        if (self.text is None) == (self.text_file is None):
            raise ValueError("give exactly one of 'text' (inline) or 'text_file'")
        return self


class ClaimModel(BaseModel):
    """Schema of one claim entry."""

    model_config = ConfigDict(extra="forbid")
    id: StrictStr = Field(pattern=_ID)
    subject: StrictStr = Field(min_length=1)
    predicate: StrictStr = Field(min_length=1)
    object: StrictStr | StrictBool | int | float
    context: StrictStr | None = Field(default=None, min_length=1)
    certainty: Literal["asserted", "hypothesis", "open"]
    source: StrictStr = Field(min_length=1)
    sentence: StrictStr = Field(min_length=1)
    note: StrictStr | None = None

    @field_validator("certainty", mode="before")
    @classmethod
    def _certainty_alias(cls, value: Any) -> Any:
        """Old spellings (``open question``, any case) name the same level."""
        return CERTAINTY_ALIASES.get(value.strip().lower(), value) if isinstance(value, str) \
            else value


class MappingModel(BaseModel):
    """Schema of a new entity's mapping to a standard identifier, verified by the curator."""

    model_config = ConfigDict(extra="forbid")
    id: StrictStr = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.]*:[A-Za-z0-9_.-]+$")
    label: StrictStr = Field(min_length=1)  # the label the identifier has in its ontology
    match: Literal["exact", "close"] = "exact"
    checked: StrictStr = Field(min_length=10)  # where the identifier and its label were seen


class EntityModel(BaseModel):
    """Schema of a new entity (an OWL class) a claims file declares."""

    model_config = ConfigDict(extra="forbid")
    label: StrictStr = Field(min_length=1)
    parent: StrictStr = Field(min_length=1)
    definition: StrictStr = Field(min_length=1)
    id: StrictStr | None = Field(default=None, pattern=r"^[A-Z][A-Za-z0-9]*$")
    synonyms: list[StrictStr] = Field(default_factory=list)
    mapping: MappingModel | None = None


class RetiredModel(BaseModel):
    """Schema of a retired claim id: never reused, with the reason and its replacements."""

    model_config = ConfigDict(extra="forbid")
    id: StrictStr = Field(pattern=_ID)
    reason: StrictStr = Field(min_length=1)
    replaced_by: list[StrictStr] = Field(default_factory=list)


class NotEncodedModel(BaseModel):
    """Schema of a sentence the curators read and did not encode, with the reason."""

    model_config = ConfigDict(extra="forbid")
    source: StrictStr = Field(min_length=1)
    sentence: StrictStr = Field(min_length=1)
    reason: StrictStr = Field(min_length=1)


class ClaimsFileModel(BaseModel):
    """Schema of a claims file."""

    model_config = ConfigDict(extra="forbid")
    graph: StrictStr | None = Field(default=None, pattern=r"^[a-z][a-z0-9_-]*$")
    sources: list[SourceModel] = Field(min_length=1)
    entities: list[EntityModel] = Field(default_factory=list)
    claims: list[ClaimModel] = Field(min_length=1)
    retired: list[RetiredModel] = Field(default_factory=list)
    not_encoded: list[NotEncodedModel] = Field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """A document claims are taken from, with its plain text."""

    id: str
    iri: str
    type: str
    title: str
    text: str
    pmid: str | None = None
    doi: str | None = None
    note: str | None = None
    about: str | None = None  # the term a reference entry describes (label, CURIE or IRI)
    line: int | None = field(default=None, compare=False)  # of its 'type' in the claims file

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Claim:
    """One curated edge with its provenance; ``start``/``end`` index the source text."""

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
    graph: str = "article"
    where: str = "ontology/claims.yaml"
    context: str | None = None  # the condition or population the claim is stated in

    @property
    def text(self) -> str:
        return self.source.text


@dataclass(frozen=True)
class Entity:
    """A new entity a claims file declares: an OWL class under a class of the ontology,
    named ``b12ms:`` + ``id`` (by default the label in CamelCase)."""

    label: str
    parent: str
    definition: str
    iri: str
    synonyms: tuple[str, ...] = ()
    mapping: dict | None = None  # {"id", "label", "match", "checked"}
    line: int | None = None
    graph: str = "article"
    where: str = "ontology/claims.yaml"


def local_name(label: str) -> str:
    """The local name of a term labelled ``label``: its words in CamelCase.

    >>> local_name("methylmalonic acid"), local_name("vitamin B12 level")
    ('MethylmalonicAcid', 'VitaminB12Level')
    """
    words = re.findall(r"[A-Za-z0-9]+", label)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return name if name[:1].isalpha() else "Term" + name


@dataclass(frozen=True)
class NotEncoded:
    """A sentence of a source that the curators read and left out of the graph, and why."""

    source: Source
    sentence: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class ClaimsFile:
    """What a claims file holds: its claims, the new entities it declares and the
    sentences of its sources it read and left out (with the reasons)."""

    claims: list[Claim]
    entities: list[Entity]
    not_encoded: list[NotEncoded] = field(default_factory=list)


class _LineLoader(yaml.SafeLoader):
    """Safe YAML loader that records where each mapping and each of its keys start, and
    refuses aliases (``*name``): curated data does not need them, and a few nested ones
    expand a 1 KB file into gigabytes (the "billion laughs")."""

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem="YAML aliases (*name) are not allowed in a "
                                       "claims file; write the value out", problem_mark=event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 - PyYAML signature
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__keys__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value
                               if isinstance(k, yaml.ScalarNode)}
        return mapping


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("__line__", "__keys__")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _line_of(document: Any, loc: tuple) -> int | None:
    """The line of the deepest part of ``document`` that ``loc`` reaches."""
    node, line = document, getattr(document, "get", lambda *_: None)("__line__")
    for key in loc:
        if isinstance(node, dict):
            line = node.get("__keys__", {}).get(key, node.get("__line__", line))
            if key not in node:
                return node.get("__line__", line)
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
            line = node.get("__line__", line) if isinstance(node, dict) else line
        else:
            break
    return line


def _describe(loc: tuple) -> str:
    """``('claims', 3, 'certainty')`` -> ``claims[3].certainty`` (``file`` for the top)."""
    text = ""
    for key in loc:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text or "file"


def _fields_at(loc: tuple) -> list[str]:
    """The fields the schema allows at ``loc`` (``('claims', 3)`` -> a claim's fields)."""
    model: type[BaseModel] = ClaimsFileModel
    entries = {"sources": SourceModel, "claims": ClaimModel, "retired": RetiredModel,
               "entities": EntityModel, "mapping": MappingModel}
    for key in loc:
        if isinstance(key, str) and key in entries:
            model = entries[key]
    return list(model.model_fields)


def _read_document(where: str, text: str) -> tuple[dict, ClaimsFileModel]:
    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(where, f"invalid YAML: {exc.problem}",
                         mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise InputError(where, f"invalid YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise InputError(where, "invalid YAML: nested too deeply") from None
    if not isinstance(document, dict):
        raise InputError(where, "expected a mapping with 'sources' and 'claims'", 1)
    try:
        model = ClaimsFileModel.model_validate(_strip(document))
    except ValidationError as exc:
        errors = exc.errors()
        # a misspelt field is both missing and unknown: report the unknown one, which names
        # what was typed (and the field meant)
        missing = {e["loc"][:-1] for e in errors if e["type"] == "missing"}
        error = next((e for e in errors if e["type"] == "extra_forbidden"
                      and e["loc"][:-1] in missing), errors[0])
        loc = tuple(part for part in error["loc"] if not (isinstance(part, str)
                                                          and part.startswith(("str", "int"))))
        message, described = error["msg"].removeprefix("Value error, "), loc
        if error["type"] in ("missing", "extra_forbidden"):
            kind = "missing" if error["type"] == "missing" else "unknown"
            message, described = f"{kind} field '{loc[-1]}'", loc[:-1]
            if kind == "unknown":
                fields = _fields_at(described)
                hint = did_you_mean(str(loc[-1]), fields)
                message += f": {hint}" if hint else ""
                message += f" (fields: {', '.join(fields)})"
        raise InputError(where, f"{_describe(described)}: {message}",
                         _line_of(document, loc)) from None
    return document, model


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


def _source_text(where: str, model: SourceModel, line: int, base: Path | None) -> str:
    """A source's text: inline, packaged, or a file inside the claims file's folder (or a
    folder named with ``--sources-folder``), at most ``LIMITS.max_source_bytes``."""
    if model.text is not None:
        if len(model.text.encode("utf-8")) > LIMITS.max_source_bytes:
            raise InputError(where, f"source '{model.id}': text is larger than the limit of "
                             f"{LIMITS.max_source_bytes} bytes; raise it with 'b12ms-kg "
                             "--max-source-mb N COMMAND ...'", line)
        return model.text
    if base is None:
        return read_text("ontology", model.text_file)
    path = Path(model.text_file)
    allowed = [base, *LIMITS.sources_folders]
    if path.is_absolute() and not LIMITS.sources_folders:
        raise InputError(where, f"source '{model.id}': text_file '{model.text_file}' is an "
                         "absolute path; give a path relative to the claims file's folder "
                         "(or allow a folder with --sources-folder)", line)
    target = path if path.is_absolute() else base / path
    if not contained(target, allowed):
        raise InputError(where, f"source '{model.id}': text_file '{model.text_file}' leads "
                         "outside the claims file's folder"
                         + (" and the --sources-folder folders" if LIMITS.sources_folders
                            else "; allow another folder with --sources-folder"), line)
    try:
        return read_bounded(target, LIMITS.max_source_bytes, "source text", "--max-source-mb")
    except InputError as exc:
        raise InputError(where, f"source '{model.id}': text_file '{model.text_file}': "
                         f"{exc.message}", line) from None


def parse_claims(where: str, text: str, base: Path | None = None,
                 default_graph: str = "article") -> list[Claim]:
    """Validate a claims YAML document and return its claims, located in their sources.

    ``base`` is the folder that ``text_file`` paths are relative to (None: the
    packaged ``ontology/`` folder).
    """
    return parse_claims_file(where, text, base, default_graph).claims


def _entities(where: str, document: dict, model: ClaimsFileModel, graph: str) -> list[Entity]:
    entities, seen = [], {}
    for number, entry in enumerate(model.entities):
        line = document["entities"][number]["__line__"]
        iri = BASE + (entry.id or local_name(entry.label))
        if iri in seen:
            raise InputError(where, f"entity '{entry.label}': its IRI <{iri}> is that of the "
                             f"entity on line {seen[iri]}; give one of them another 'id'", line)
        seen[iri] = line
        entities.append(Entity(label=entry.label, parent=entry.parent,
                               definition=entry.definition, iri=iri,
                               synonyms=tuple(entry.synonyms),
                               mapping=entry.mapping.model_dump() if entry.mapping else None,
                               line=line, graph=graph, where=where))
    return entities


def parse_claims_file(where: str, text: str, base: Path | None = None,
                      default_graph: str = "article") -> ClaimsFile:
    """Like :func:`parse_claims`, with the new entities the file declares (its
    ``entities:`` section)."""
    document, model = _read_document(where, text)
    graph = model.graph or default_graph
    entities = _entities(where, document, model, graph)
    sources: dict[str, Source] = {}
    for number, entry in enumerate(model.sources):
        line = document["sources"][number]["__line__"]
        if entry.id in sources:
            raise InputError(where, f"duplicate source id '{entry.id}'", line)
        text_line = document["sources"][number]["__keys__"].get("text_file", line)
        sources[entry.id] = Source(id=entry.id, iri=entry.iri, type=entry.type, title=entry.title,
                                   text=_source_text(where, entry, text_line, base),
                                   pmid=entry.pmid,
                                   doi=entry.doi, note=entry.note, about=entry.about,
                                   line=document["sources"][number]["__keys__"].get("type", line))
    claims: list[Claim] = []
    seen: set[str] = set()
    retired = {r.id: document["retired"][n]["__line__"] for n, r in enumerate(model.retired)}
    for number, entry in enumerate(model.claims):
        line = document["claims"][number]["__line__"]
        if entry.id in seen:
            raise InputError(where, f"duplicate claim id '{entry.id}'", line)
        if entry.id in retired:
            raise InputError(where, f"claim id '{entry.id}' is retired (line {retired[entry.id]}); "
                             "give the claim a new id", line)
        seen.add(entry.id)
        source, span = _located(where, f"claim {entry.id}", sources, entry.source,
                                entry.sentence, line)
        claims.append(Claim(id=entry.id, subject=entry.subject, predicate=entry.predicate,
                            object=entry.object, certainty=entry.certainty, source=source,
                            sentence=entry.sentence, start=span[0], end=span[1],
                            note=entry.note, line=line, graph=graph, where=where,
                            context=entry.context))
    for number, entry in enumerate(model.retired):
        missing = [r for r in entry.replaced_by if r not in seen]
        if missing:
            raise InputError(where, f"retired claim {entry.id}: replaced_by names no claim of "
                             f"this file: {', '.join(missing)}",
                             document["retired"][number]["__line__"])
    return ClaimsFile(claims, entities, _not_encoded(where, document, model, sources, claims))


def _located(where: str, what: str, sources: dict[str, Source], source_id: str,
             sentence: str, line: int) -> tuple[Source, tuple[int, int]]:
    """The source named ``source_id`` and the one place of ``sentence`` in its text."""
    source = sources.get(source_id)
    if source is None:
        raise InputError(where, f"{what}: unknown source '{source_id}'", line)
    span = locate(sentence, source.text)
    if span is None:
        count = source.text.count(sentence)
        problem = "is not in" if count == 0 else f"occurs {count} times in"
        raise InputError(where, f"{what}: sentence {problem} the text of source "
                         f"'{source.id}'", line)
    return source, span


def _not_encoded(where: str, document: dict, model: ClaimsFileModel,
                 sources: dict[str, Source], claims: list[Claim]) -> list[NotEncoded]:
    """Locate each ``not_encoded`` sentence; one that a claim encodes is a contradiction."""
    encoded = {(c.source.id, c.sentence) for c in claims}
    found = []
    for number, entry in enumerate(model.not_encoded):
        line = document["not_encoded"][number]["__line__"]
        source, span = _located(where, "not_encoded", sources, entry.source, entry.sentence,
                                line)
        if (source.id, entry.sentence) in encoded:
            raise InputError(where, "not_encoded: a claim of this file encodes this sentence; "
                             "remove one of the two", line)
        found.append(NotEncoded(source, entry.sentence, span[0], span[1], entry.reason))
    return found


def load_retired(path: str | Path | None = None, *, packaged: str = "article") -> list[dict]:
    """The retired claim ids of a claims file: ``[{"id", "reason", "replaced_by"}]``.

    >>> [r["id"] for r in load_retired()][:2]
    ['C029', 'C030']
    """
    if path is None:
        parts = PACKAGED[packaged]
        where, text = "/".join(parts), data_path(*parts).read_text(encoding="utf-8")
    else:
        where = str(path)
        text = read_bounded(Path(path), LIMITS.max_claims_bytes, "claims file", "--max-claims-mb")
    _, model = _read_document(where, text)
    return [r.model_dump() for r in model.retired]


def load_claims(path: str | Path | None = None, *, packaged: str = "article") -> list[Claim]:
    """Load a packaged claims file (``article`` or ``background``) or a claims YAML file."""
    return load_claims_file(path, packaged=packaged).claims


def load_not_encoded(path: str | Path | None = None, *,
                     packaged: str = "article") -> tuple[list[Claim], list[NotEncoded]]:
    """The claims of a claims file (as :func:`load_claims`) and the sentences it lists as
    read but not encoded, each with its reason.

    >>> claims, skipped = load_not_encoded()
    >>> any(s.sentence.startswith("Overall, this discovery offers hope") for s in skipped)
    True
    """
    loaded = load_claims_file(path, packaged=packaged)
    return loaded.claims, loaded.not_encoded


def load_claims_file(path: str | Path | None = None, *, packaged: str = "article") -> ClaimsFile:
    """A claims YAML file's claims, new entities and sentences not encoded (its graph
    named after the file unless it names one), or those of a packaged claims file."""
    if path is None:
        parts = PACKAGED[packaged]
        text = data_path(*parts).read_text(encoding="utf-8")
        return parse_claims_file("/".join(parts), text, default_graph=packaged)
    path = Path(path)
    text = read_bounded(path, LIMITS.max_claims_bytes, "claims file", "--max-claims-mb")
    stem = re.sub(r"[^a-z0-9_-]+", "-", path.stem.lower()).strip("-") or "claims"
    return parse_claims_file(str(path), text, base=path.parent, default_graph=stem)
