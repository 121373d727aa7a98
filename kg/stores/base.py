"""What every store shares: query results, parameter binding, file formats, the store
interface, and the empty dataset every back end starts from.

A *store* answers SPARQL SELECT/ASK with parameters bound as RDF terms, over the whole
dataset or over a chosen set of named graphs (``graphs``: the default graph is then their
union), loads RDF files (replacing the named graphs a file holds, or appending), lists
its named graphs and hands its quads to rdflib. Named graphs are the layers.

    >>> from rdflib import URIRef
    >>> print(bind_values("SELECT ?x WHERE { ?x a ?t }", {"t": URIRef("http://x/T")}))
    SELECT ?x WHERE { BIND(<http://x/T> AS ?t) ?x a ?t }
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol, runtime_checkable

from kg.errors import InputError
from kg.identifiers import is_valid_iri
from kg.namespaces import TURTLE_PREFIXES

if TYPE_CHECKING:
    from rdflib import Dataset, Graph, URIRef
    from rdflib.term import Node

#: RDF file formats that can be loaded, by file extension.
LOAD_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
                ".owl": "xml", ".rdf": "xml", ".xml": "xml", ".jsonld": "json-ld"}
#: formats whose files name their own graphs
DATASET_FORMATS = ("nquads", "trig")
OX_MEDIA_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples",
                  "nquads": "application/n-quads", "trig": "application/trig",
                  "xml": "application/rdf+xml", "json-ld": "application/ld+json"}
#: SPARQL results formats an engine can write itself (``write_select``), by media type
RESULT_MEDIA_TYPES = {"csv": "text/csv", "tsv": "text/tab-separated-values",
                      "json": "application/sparql-results+json"}


def new_dataset() -> Dataset:
    """An empty Dataset whose default graph is the union of its named graphs."""
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    for prefix, ns in TURTLE_PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds


@dataclass
class Result:
    """Rows of a SELECT (rdflib terms, variables in query order) or an ASK answer."""

    variables: list[str]
    rows: list[tuple] | Iterator[tuple] = field(default_factory=list)
    boolean: bool | None = None

    def dicts(self) -> Iterator[dict[str, str | None]]:
        """Rows as dicts of plain strings (IRIs compacted to CURIEs)."""
        from rdflib import URIRef

        from kg.lookup import compact

        for row in self.rows:
            yield {v: None if t is None else (compact(t) if isinstance(t, URIRef) else str(t))
                   for v, t in zip(self.variables, row)}


def boolean_text(value: bool, fmt: str) -> str:
    """An ASK answer as written in every results format (SPARQL CSV/TSV define none:
    ``true`` or ``false`` on a line).

    >>> boolean_text(True, "json")
    '{"head":{},"boolean":true}\\n'
    """
    if fmt == "json":
        return '{"head":{},"boolean":' + ("true" if value else "false") + "}\n"
    return ("true" if value else "false") + "\n"


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
#: a SELECT clause (group "clause") up to the brace that opens its WHERE pattern
_SELECT = re.compile(r"\bSELECT\b(?P<clause>[^{]*?)(?:\bWHERE\s*)?\{", re.IGNORECASE)
_EXPRESSION = re.compile(r"\((?:[^()]|\([^()]*\))*\)")  # (expr AS ?x), one level nested


def _values_block(names: list[str], bindings: dict[str, Node | str]) -> str:
    """``BIND(term AS ?name)`` for each name: the binding form every engine tested
    (rdflib, Oxigraph, Virtuoso 7) evaluates alike; Virtuoso mis-evaluates a VALUES block
    joined with a property path that starts at the bound variable."""
    return "".join(f" BIND({sparql_term(bindings[n])} AS ?{n})" for n in names)


def sparql_term(term: Node | str) -> str:
    """A bound term as SPARQL writes it: an rdflib term serialised by rdflib, a plain
    ``str`` (not a subclass: an rdflib Literal is one) as an IRI, checked first, so that
    binding an IRI needs no rdflib.

    >>> sparql_term("http://x/T")
    '<http://x/T>'
    >>> sparql_term("http://x/a> } DROP ALL #")
    Traceback (most recent call last):
    kg.errors.InputError: not an IRI: 'http://x/a> } DROP ALL #'
    """
    if type(term) is str:
        if not is_valid_iri(term):
            raise InputError(None, f"not an IRI: {term!r}")
        return f"<{term}>"
    return term.n3()


def _projects(clause: str, name: str) -> bool:
    """True if a SELECT clause passes variable ``name`` through (``*`` or listed as is)."""
    plain = _EXPRESSION.sub(" ", clause)
    return plain.strip().upper().removeprefix("DISTINCT").removeprefix("REDUCED").strip() == "*" \
        or re.search(r"\?" + re.escape(name) + r"\b", plain) is not None


def bind_values(text: str, bindings: dict[str, Node | str]) -> str:
    """Pre-bind variables with ``BIND`` at the start of the WHERE clause.

    The terms are serialised by rdflib (IRIs already checked, literals escaped), or are
    IRIs given as text and checked (:func:`sparql_term`), so a value can never change the
    query. A subquery that projects a bound variable gets the
    same bindings: the outer join would keep only those rows anyway, and stores
    (Oxigraph among them) then evaluate the subquery for the bound value only.

    >>> from rdflib import URIRef
    >>> print(bind_values("SELECT ?x WHERE { ?x a ?t }", {"t": URIRef("http://x/T")}))
    SELECT ?x WHERE { BIND(<http://x/T> AS ?t) ?x a ?t }
    >>> print(bind_values("SELECT ?x { { SELECT ?x ?t { ?x a ?t } } }", {"t": URIRef("http://x/T")}))
    SELECT ?x { BIND(<http://x/T> AS ?t) { SELECT ?x ?t { BIND(<http://x/T> AS ?t) ?x a ?t } } }
    """
    if not bindings:
        return text
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    names = sorted(bindings)
    selects = list(_SELECT.finditer(body))
    if not selects:  # ASK (or a query form without SELECT): the first group pattern
        match = _WHERE.search(body) or re.search(r"\{", body)
        if match is None:
            raise InputError(None, "cannot bind parameters: the query has no WHERE clause")
        return body[:match.end()] + _values_block(names, bindings) + body[match.end():]
    inserts = [(selects[0].end(), names)]
    for sub in selects[1:]:
        projected = [n for n in names if _projects(sub.group("clause"), n)]
        if projected:
            inserts.append((sub.end(), projected))
    for position, chosen in reversed(inserts):
        body = body[:position] + _values_block(chosen, bindings) + body[position:]
    return body


@runtime_checkable
class Store(Protocol):
    """The interface every back end implements; callers never test which one they have.

    Bindings are rdflib terms or IRIs as text (:func:`sparql_term`); ``graphs`` are IRIs
    of named graphs, as rdflib terms or text (a :class:`~kg.stores.GraphSource` passes
    text, so that a query on Oxigraph needs no rdflib)."""

    name: str

    def select(self, text: str, bindings: dict[str, Node], prefixes: dict | None = None, *,
               stream: bool = False, graphs: Iterable[URIRef] | None = None) -> Result:
        """Run a SELECT or ASK query; with ``graphs``, over those named graphs only."""

    def write_select(self, text: str, bindings: dict[str, Node], prefixes: dict | None,
                     fmt: str, output: BinaryIO, *,
                     graphs: Iterable[URIRef] | None = None) -> bool:
        """Write a SELECT's results as SPARQL ``fmt`` (csv, tsv, json) serialised by the
        engine itself, straight to ``output``, row by row; False (nothing run, nothing
        written) if this store cannot, and the caller renders :meth:`select`'s rows."""

    def ask(self, text: str, bindings: dict[str, Node] | None = None, *,
            graphs: Iterable[URIRef] | None = None) -> bool:
        """Run an ASK query."""

    def construct(self, text: str, *, graphs: Iterable[URIRef] | None = None) -> Graph:
        """Run a CONSTRUCT query; the triples as an rdflib Graph."""

    def load(self, path: Path, graph: str | None = None, *, bulk: bool = False,
             lenient: bool = False, append: bool = False) -> int:
        """Load an RDF file; unless ``append``, first empty the graphs the file fills."""

    def update(self, text: str) -> None:
        """Apply a SPARQL Update."""

    def named_graphs(self) -> list[URIRef]:
        """The IRIs of the named graphs that hold data, sorted."""

    def dataset(self, graphs: Iterable[URIRef] | None = None) -> Dataset:
        """The quads (of ``graphs`` only, if given) as an rdflib Dataset."""

    def load_dataset(self, ds: Dataset) -> int:
        """Copy an rdflib Dataset's named graphs into the store."""


class AskMixin:
    """``ask`` for every store, through its ``select`` (which answers ASK queries too)."""

    def ask(self, text: str, bindings: dict[str, Node] | None = None, *,
            graphs: Iterable[URIRef] | None = None) -> bool:
        result = self.select(text, bindings or {}, graphs=graphs)
        if result.boolean is None:
            raise InputError(None, "not an ASK query")
        return result.boolean


def named_graph_iris(store) -> list[str]:  # noqa: ANN001
    """A store's :meth:`~Store.named_graphs` as text (without rdflib terms, where the
    store can: ``named_graph_iris``)."""
    as_text = getattr(store, "named_graph_iris", None)
    return as_text() if as_text is not None else [str(g) for g in store.named_graphs()]


def guess_format(path: Path) -> str:
    """The RDF format of a file from its extension."""
    fmt = LOAD_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), f"unknown RDF file type '{path.suffix}' (known: "
                         f"{', '.join(sorted(LOAD_FORMATS))})")
    return fmt


