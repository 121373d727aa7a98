"""The SPARQL query library: list, load, bind parameters safely, run, format.

Each ``queries/*.rq`` file starts with a comment header::

    # title: What is vitamin B12 required for?
    # description: ...
    # param: entity iri = b12ms:VitaminB12 ; the substance
    # returns: target targetLabel certainty sentence

Parameters are bound as RDF terms (a ``BIND`` at the start of the query, see
:func:`kg.stores.base.bind_values`), never pasted into the query text, so a value cannot
change the query.

    >>> from kg.build import build_dataset
    >>> result = run_query(build_dataset(), "find_required_for")
    >>> sorted({row["targetLabel"] for row in result.dicts()})
    ['myelination', 'nervous system functioning']
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kg.errors import InputError
from kg.limits import LIMITS, read_bounded
from kg.lookup import resolve_iri_in_store
from kg.namespaces import PREFIXES
from kg.resources import data_path
from kg.stores import Result, as_source

if TYPE_CHECKING:
    from rdflib import Literal

RESULT_FORMATS = ("table", "csv", "tsv", "json")
_HEADER = re.compile(r"^#\s*(title|description|param|returns)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(iri|literal)\s*(?:=\s*(\S+))?\s*(?:;\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    """A query parameter: a variable bound to an IRI or a literal."""

    name: str
    kind: str
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Query:
    """A SPARQL query with its header metadata."""

    name: str
    text: str
    where: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    returns: tuple[str, ...] = ()
    #: a query of the packaged library (its syntax is checked by the tests, not each run)
    packaged: bool = False


def parse_header(name: str, text: str, where: str) -> Query:
    """Read the ``# key: value`` comment header of a query."""
    meta: dict[str, list[str]] = {"title": [], "description": [], "param": [], "returns": []}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            meta[match.group(1)].append(match.group(2).strip())
        elif meta["description"] and line.startswith("#   "):
            meta["description"][-1] += " " + line[1:].strip()
    params = []
    for spec in meta["param"]:
        match = _PARAM.match(spec)
        if not match:
            raise InputError(where, f"bad param header '{spec}' (expected: NAME iri|literal "
                             "[= DEFAULT] [; description])")
        params.append(Param(*match.groups()[:3], description=match.group(4) or ""))
    return Query(name=name, text=text, where=where, title=" ".join(meta["title"]),
                 description=" ".join(meta["description"]), params=tuple(params),
                 returns=tuple(" ".join(meta["returns"]).replace("?", "").split()))


def list_queries() -> list[Query]:
    """Every query of the library, sorted by name."""
    folder = data_path("queries")
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".rq")), key=lambda e: e.name)
    return [dataclasses.replace(parse_header(e.name[:-3], e.read_text(encoding="utf-8"),
                                             f"queries/{e.name}"), packaged=True)
            for e in entries]


def load_query(name_or_file: str) -> Query:
    """A library query by name (``find_required_for``) or an ad-hoc ``.rq`` file."""
    library = {q.name: q for q in list_queries()}
    if name_or_file in library:
        return library[name_or_file]
    path = Path(name_or_file)
    if path.suffix == ".rq" or path.exists():
        text = read_bounded(path, LIMITS.max_query_bytes, "query file", "--max-query-kb")
        return parse_header(path.stem, text, name_or_file)
    from kg.suggest import did_you_mean

    hint = did_you_mean(name_or_file, library)
    raise InputError(None, f"unknown query '{name_or_file}'" + (f": {hint}" if hint else "")
                     + " (run 'b12ms-kg queries' to list them, or give a path to a .rq file)")


def _term(param: Param, value: str, store) -> str | Literal:  # noqa: ANN001
    """A parameter's value as bound: an rdflib Literal, or the IRI of the term it names as
    text (bound without rdflib, see :func:`kg.stores.base.sparql_term`)."""
    if param.kind == "literal":
        from rdflib import Literal

        return Literal(value)
    return resolve_iri_in_store(store, value, where=f"--param {param.name}")


QueryResult = Result


def _prepare(source, name_or_query: str | Query,  # noqa: ANN001, ANN202
             params: dict[str, str] | None):
    """The source, the query, its bound parameters and its kind (``SelectQuery``,
    ``AskQuery``), after every check."""
    store = as_source(source)
    query = name_or_query if isinstance(name_or_query, Query) else load_query(name_or_query)
    params = dict(params or {})
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        from kg.suggest import did_you_mean

        hint = did_you_mean(unknown[0], declared)
        raise InputError(query.where, f"unknown parameter '{unknown[0]}'"
                         + (f": {hint}" if hint else "") + f" (parameters: {names})")
    if not re.sub(r"(?m)^\s*#.*$", "", query.text).strip():
        raise InputError(query.where, "empty query")
    # one parser for every back end: errors carry line and column (a packaged query is
    # known to parse; rdflib's parser would add a tenth of a second to each run)
    kind = library_kind(query.text) if query.packaged else _check_syntax(query)
    bindings = {}
    for param in query.params:
        value = params.get(param.name, param.default)
        if value is not None:
            bindings[param.name] = _term(param, value, store)
    return store, query, bindings, kind


@contextlib.contextmanager
def _errors_of(query: Query) -> Iterator[None]:
    """A store's error, said of the query file (an Update run as a query, said so)."""
    try:
        yield
    except InputError as exc:
        if _is_update(query.text):
            raise InputError(query.where, "this is a SPARQL Update; only queries (SELECT, ASK, "
                             "CONSTRUCT, DESCRIBE) may be run (to change a store, add "
                             "--allow-update with --store or --endpoint)") from None
        raise InputError(query.where, exc.message) from None


def run_query(source, name_or_query: str | Query,  # noqa: ANN001
              params: dict[str, str] | None = None, *, stream: bool = False) -> QueryResult:
    """Run a library query (or ad-hoc file) with parameters bound as RDF terms.

    ``source`` is a graph source (:class:`kg.stores.GraphSource`: a store and its layers),
    a store (rdflib, Oxigraph or a SPARQL endpoint) or an rdflib Dataset; the query sees
    the ontology and the source's layers only. With ``stream``, ``rows`` is an iterator
    that the store fills as it is read (rdflib and Oxigraph), for results too large to hold.
    """
    store, query, bindings, _ = _prepare(source, name_or_query, params)
    with _errors_of(query):
        return store.select(query.text, bindings, PREFIXES, stream=stream)


def write_query(source, name_or_query: str | Query,  # noqa: ANN001
                params: dict[str, str] | None, fmt: str, output: BinaryIO) -> None:
    """Run a query and write its results to the binary stream ``output`` in ``fmt``.

    SPARQL CSV, TSV and JSON results of a SELECT are written by the engine itself where
    the store has a writer (embedded Oxigraph; an Oxigraph endpoint's answer passed
    through), as the engine produces them, without rdflib terms; otherwise (rdflib, other
    servers, ASK, the table) the rows are rendered by :func:`iter_result`, streamed.
    Both ways give the same bytes.

    >>> import io
    >>> from kg.build import build_dataset
    >>> out = io.BytesIO()
    >>> write_query(build_dataset(), "find_required_for", {}, "csv", out)
    >>> out.getvalue().decode().splitlines()[0]
    'target,targetLabel,claim,certainty,sentence'
    """
    if fmt not in RESULT_FORMATS:
        raise InputError(None, f"unknown format '{fmt}' (choose from {', '.join(RESULT_FORMATS)})")
    store, query, bindings, kind = _prepare(source, name_or_query, params)
    with _errors_of(query):
        if fmt != "table" and kind == "SelectQuery" and store.write_select(
                query.text, bindings, PREFIXES, fmt, output):
            return
        from kg.results import iter_result

        result = store.select(query.text, bindings, PREFIXES, stream=fmt != "table")
        for chunk in iter_result(result, fmt):
            output.write(chunk.encode("utf-8"))


def _check_syntax(query: Query) -> str:
    """Parse ``query`` with rdflib; raise InputError (file, line, column) if it is not a
    SELECT or ASK query, else return its kind (``SelectQuery`` or ``AskQuery``). A text
    is parsed once per process (rdflib's parser is slow, and a program asks the same
    library queries many times)."""
    return _check_text(query.text, query.where)


@functools.lru_cache(maxsize=256)
def _check_text(text: str, where: str) -> str:
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(text, initNs=PREFIXES)
    except ParseException as exc:
        if _is_update(text):
            raise InputError(where, "this is a SPARQL Update; only queries (SELECT, ASK, "
                             "CONSTRUCT, DESCRIBE) may be run (to change a store, add "
                             "--allow-update with --store or --endpoint)") from None
        raise InputError(where, f"SPARQL syntax error at column {exc.col}: {exc.msg}",
                         exc.lineno) from None
    except Exception as exc:  # rdflib raises plain exceptions for e.g. unknown prefixes
        raise InputError(where, f"invalid SPARQL: {exc}") from None
    kind = prepared.algebra.name
    if kind not in ("SelectQuery", "AskQuery"):
        raise InputError(where, f"{kind.removesuffix('Query').upper()} queries are not "
                         "supported here; use SELECT or ASK (or 'b12ms-kg export' for graphs)")
    return kind


_KIND = re.compile(r"(?:\s|#[^\n]*\n|(?:PREFIX\s*[\w.-]*:|BASE)\s*<[^>]*>)*(SELECT|ASK)\b",
                   re.IGNORECASE)


def library_kind(text: str) -> str:
    """The kind of a packaged query (``SelectQuery`` or ``AskQuery``), from the keyword
    after its prologue, as rdflib names it (tests/test_queries.py checks they agree).

    >>> library_kind("# a\\nPREFIX x: <http://x/>\\nask { ?s ?p ?o }")
    'AskQuery'
    """
    match = _KIND.match(text)
    if match is None:
        raise InputError(None, "a packaged query must be a SELECT or an ASK")
    return match.group(1).capitalize() + "Query"


def is_update(text: str) -> bool:
    """True if ``text`` parses as a SPARQL Update (and not as a query).

    >>> is_update("DROP ALL"), is_update("SELECT * WHERE { ?s ?p ?o }")
    (True, False)
    """
    return _is_update(text)


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001 - any failure means "not an update"
        return False
    return True


#: rendering rdflib rows (kg.results, which imports rdflib), here as before
_RENDERING = frozenset({"format_result", "iter_result", "tsv_term", "XSD_STRING"})


def __getattr__(name: str):  # noqa: ANN202
    if name in _RENDERING:
        return getattr(import_module("kg.results"), name)
    raise AttributeError(f"module 'kg.query' has no attribute {name!r}")
