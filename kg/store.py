"""One small interface over three graph stores: rdflib in memory, embedded Oxigraph,
and any SPARQL 1.1 endpoint.

Every store answers SPARQL SELECT/ASK with parameters bound as RDF terms, loads
RDF files into named graphs and can hand its quads to rdflib. Named graphs (the
layers) are kept in every back end, and the default graph is the union of them.

    >>> from kg.build import build_dataset
    >>> store = RdflibStore(build_dataset())
    >>> result = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }", {})
    >>> int(result.rows[0][0]) > 100
    True
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, URIRef
from rdflib.term import Node

from kg.errors import InputError, KGError
from kg.terms import TermCache, literal, to_oxigraph, to_rdflib

#: RDF file formats that can be loaded, by file extension.
LOAD_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
                ".owl": "xml", ".rdf": "xml", ".xml": "xml", ".jsonld": "json-ld"}
_OX_FORMATS = {"turtle": "text/turtle", "nt": "application/n-triples",
               "nquads": "application/n-quads", "trig": "application/trig",
               "xml": "application/rdf+xml", "json-ld": "application/ld+json"}


@dataclass
class Result:
    """Rows of a SELECT (rdflib terms, variables in query order) or an ASK answer."""

    variables: list[str]
    rows: list[tuple] | Iterator[tuple] = field(default_factory=list)
    boolean: bool | None = None

    def dicts(self) -> Iterator[dict[str, str | None]]:
        """Rows as dicts of plain strings (IRIs compacted to CURIEs)."""
        from kg.lookup import compact

        for row in self.rows:
            yield {v: None if t is None else (compact(t) if isinstance(t, URIRef) else str(t))
                   for v, t in zip(self.variables, row)}


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
#: a SELECT clause (group "clause") up to the brace that opens its WHERE pattern
_SELECT = re.compile(r"\bSELECT\b(?P<clause>[^{]*?)(?:\bWHERE\s*)?\{", re.IGNORECASE)
_EXPRESSION = re.compile(r"\((?:[^()]|\([^()]*\))*\)")  # (expr AS ?x), one level nested


def _values_block(names: list[str], bindings: dict[str, Node]) -> str:
    return (" VALUES (" + " ".join("?" + n for n in names) + ") { ("
            + " ".join(bindings[n].n3() for n in names) + ") }")


def _projects(clause: str, name: str) -> bool:
    """True if a SELECT clause passes variable ``name`` through (``*`` or listed as is)."""
    plain = _EXPRESSION.sub(" ", clause)
    return plain.strip().upper().removeprefix("DISTINCT").removeprefix("REDUCED").strip() == "*" \
        or re.search(r"\?" + re.escape(name) + r"\b", plain) is not None


def bind_values(text: str, bindings: dict[str, Node]) -> str:
    """Pre-bind variables with a VALUES block at the start of the WHERE clause.

    The terms are serialised by rdflib (IRIs already checked, literals escaped), so a
    value can never change the query. A subquery that projects a bound variable gets the
    same VALUES block: the outer join would keep only those rows anyway, and stores
    (Oxigraph among them) then evaluate the subquery for the bound value only.

    >>> print(bind_values("SELECT ?x WHERE { ?x a ?t }", {"t": URIRef("http://x/T")}))
    SELECT ?x WHERE { VALUES (?t) { (<http://x/T>) } ?x a ?t }
    >>> print(bind_values("SELECT ?x { { SELECT ?x ?t { ?x a ?t } } }", {"t": URIRef("http://x/T")}))
    SELECT ?x { VALUES (?t) { (<http://x/T>) } { SELECT ?x ?t { VALUES (?t) { (<http://x/T>) } ?x a ?t } } }
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


def guess_format(path: Path) -> str:
    """The RDF format of a file from its extension."""
    fmt = LOAD_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), f"unknown RDF file type '{path.suffix}' (known: "
                         f"{', '.join(sorted(LOAD_FORMATS))})")
    return fmt


class RdflibStore:
    """rdflib's in-memory Dataset (for the article graph and tests)."""

    name = "rdflib"

    def __init__(self, ds: Dataset | None = None):
        from kg.build import new_dataset

        self.ds = ds if ds is not None else new_dataset()

    def select(self, text: str, bindings: dict[str, Node], prefixes: dict | None = None, *,
               stream: bool = False) -> Result:
        from rdflib.plugins.sparql import prepareQuery

        # VALUES, as in the other back ends: rdflib's initBindings would also bind a
        # subquery's own variable of the same name, which SPARQL scoping does not
        prepared = prepareQuery(bind_values(text, bindings), initNs=prefixes or {})
        result = self.ds.query(prepared)
        if result.type == "ASK":
            return Result([], boolean=bool(result.askAnswer))
        if result.type != "SELECT":
            raise InputError(None, f"{result.type} queries are not supported here")
        rows = (tuple(row) for row in result)
        return Result([str(v) for v in result.vars], rows if stream else list(rows))

    def load(self, path: Path, graph: str | None = None, *, bulk: bool = False,
             lenient: bool = False) -> int:
        """Parse a file into the dataset (``bulk`` and ``lenient`` change nothing here)."""
        fmt = guess_format(path)
        before = len(self.ds)
        if fmt in ("nquads", "trig"):
            self.ds.parse(path, format=fmt)
        else:
            self.ds.graph(URIRef(graph) if graph else self.ds.default_graph.identifier).parse(
                path, format=fmt)
        return len(self.ds) - before

    def dataset(self) -> Dataset:
        return self.ds


def _open_read_only(path: str, attempts: int = 5):  # noqa: ANN202
    """Open a store read-only; retry while a writer rotates its files.

    RocksDB can report a MANIFEST "may be corrupted" when a writer in another process
    replaces it during the open; a second try sees the new one.
    """
    import pyoxigraph as ox

    for attempt in range(attempts):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError, ValueError) as exc:
            if attempt == attempts - 1 or "corrupt" not in str(exc).lower():
                raise OSError(str(exc)) from None
            time.sleep(0.1 * 2 ** attempt)


class OxigraphStore:
    """Embedded Oxigraph (pyoxigraph): in memory, or persistent in a folder."""

    name = "oxigraph"

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        import pyoxigraph as ox

        self.persistent = path is not None and not read_only
        try:
            if path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = _open_read_only(str(path))
            else:
                self.store = ox.Store(str(path))
        except OSError as exc:
            raise InputError(str(path), f"cannot open the Oxigraph store: {exc}") from None

    def select(self, text: str, bindings: dict[str, Node], prefixes: dict | None = None, *,
               stream: bool = False) -> Result:
        import pyoxigraph as ox

        try:
            result = self.store.query(bind_values(text, bindings), prefixes=prefixes or None,
                                      use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise InputError(None, f"SPARQL syntax error: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return Result([], boolean=bool(result))
        if not isinstance(result, ox.QuerySolutions):
            raise InputError(None, "CONSTRUCT and DESCRIBE queries are not supported here; use "
                             "SELECT or ASK (or 'b12ms-kg export' for graphs)")
        variables = [v.value for v in result.variables]
        convert = TermCache()
        # a solution iterates its values in the order of the variables (None if unbound)
        rows = (tuple(map(convert, solution)) for solution in result)
        return Result(variables, rows if stream else list(rows))

    def load(self, path: Path, graph: str | None = None, *, bulk: bool = False,
             lenient: bool = False) -> int:
        """Load a file in one transaction: a parse error leaves the store as it was.

        ``bulk`` uses Oxigraph's faster bulk loader, which is not transactional;
        ``lenient`` skips Oxigraph's validation of IRIs and literals (faster, for trusted
        files only).
        """
        import pyoxigraph as ox

        fmt = guess_format(path)
        before = len(self.store)
        kwargs = {}
        if graph and fmt not in ("nquads", "trig"):
            kwargs["to_graph"] = ox.NamedNode(graph)
        loader = self.store.bulk_load if bulk else self.store.load
        try:
            loader(path=str(path), format=ox.RdfFormat.from_media_type(_OX_FORMATS[fmt]),
                   lenient=lenient, **kwargs)
        except SyntaxError as exc:
            raise InputError(str(path), f"cannot parse: {exc}") from None
        self._flush()
        return len(self.store) - before

    def _flush(self) -> None:
        """Write buffered data to disk so read-only openers (other processes) see it."""
        if self.persistent:
            self.store.flush()

    def update(self, text: str) -> None:
        """Apply a SPARQL Update (in one transaction)."""
        try:
            self.store.update(text, prefixes=None)
        except SyntaxError as exc:
            raise InputError(None, f"SPARQL syntax error: {exc}") from None
        self._flush()

    def load_dataset(self, ds: Dataset) -> int:
        """Copy an rdflib Dataset (named graphs kept) into the store."""
        import pyoxigraph as ox

        quads = []
        for graph in ds.graphs():
            name = ox.NamedNode(str(graph.identifier))
            for s, p, o in graph:
                quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name))
        self.store.extend(quads)  # one transaction
        self._flush()
        return len(quads)

    def dataset(self) -> Dataset:
        from kg.build import new_dataset

        ds = new_dataset()
        for quad in self.store.quads_for_pattern(None, None, None, None):
            graph = quad.graph_name
            target = ds.graph(URIRef(graph.value)) if hasattr(graph, "value") else ds.default_graph
            target.add((to_rdflib(quad.subject), to_rdflib(quad.predicate),
                        to_rdflib(quad.object)))
        return ds


class EndpointStore:
    """A remote SPARQL 1.1 endpoint: queries over the SPARQL protocol, loads with SPARQL
    Update, with a timeout, retries of idempotent reads on transient errors, and an optional
    Authorization header taken from an environment variable (never logged)."""

    name = "endpoint"
    RETRY_STATUS = (429, 502, 503, 504)

    def __init__(self, url: str, *, update_url: str | None = None, timeout: float = 60.0,
                 retries: int = 3, auth_env: str = "B12MS_KG_AUTH", union_default_graph: bool = True):
        import requests

        if not url.startswith(("http://", "https://")):
            raise InputError(None, f"endpoint '{url}' is not an http(s) URL")
        self.url, self.timeout, self.retries = url, timeout, retries
        self.update_url = update_url or (url[:-len("/query")] + "/update"
                                         if url.endswith("/query") else url)
        self.union = union_default_graph
        self.session = requests.Session()
        token = os.environ.get(auth_env)
        if token:
            self.session.headers["Authorization"] = token

    def _post(self, url: str, data: bytes, content_type: str, accept: str | None,
              idempotent: bool):
        import requests

        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        attempts = self.retries + 1 if idempotent else 1
        for attempt in range(attempts):
            try:
                response = self.session.post(url, data=data, headers=headers, timeout=self.timeout)
            except requests.ConnectionError:
                if attempt + 1 == attempts:
                    raise KGError(f"cannot reach the SPARQL endpoint {url} "
                                  f"(tried {attempts} time(s))") from None
            except requests.Timeout:
                raise KGError(f"the SPARQL endpoint {url} did not answer within "
                              f"{self.timeout:g} s") from None
            else:
                if response.status_code in self.RETRY_STATUS and attempt + 1 < attempts:
                    pass
                elif response.status_code >= 400:
                    detail = response.text.strip().splitlines()[0][:200] if response.text else ""
                    message = f"the SPARQL endpoint answered HTTP {response.status_code}" + (
                        f": {detail}" if detail else "")
                    if response.status_code == 400:
                        raise InputError(None, message)
                    raise KGError(message)
                else:
                    return response
            time.sleep(min(0.2 * 2 ** attempt, 2.0))
        raise KGError(f"the SPARQL endpoint {url} kept failing")

    def select(self, text: str, bindings: dict[str, Node], prefixes: dict | None = None, *,
               stream: bool = False) -> Result:
        if prefixes:
            text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + text
        text = bind_values(text, bindings)
        response = self._post(self.url, text.encode("utf-8"), "application/sparql-query",
                              "application/sparql-results+json", idempotent=True)
        document = response.json()
        if "boolean" in document:
            return Result([], boolean=bool(document["boolean"]))
        variables = document["head"]["vars"]
        rows = [tuple(_json_term(b.get(v)) for v in variables)
                for b in document["results"]["bindings"]]
        return Result(variables, rows)

    def update(self, text: str) -> None:
        self._post(self.update_url, text.encode("utf-8"), "application/sparql-update", None,
                   idempotent=False)

    def load(self, path: Path, graph: str | None = None, *, bulk: bool = False,
             lenient: bool = False, batch: int = 20000) -> int:
        """Parse the file (with Oxigraph's parser; a parse error sends nothing), then send
        its quads as INSERT DATA requests of about ``batch`` quads each; return how many
        were sent. ``lenient`` skips the parser's validation of IRIs and literals."""
        import pyoxigraph as ox

        fmt = guess_format(path)
        target = ox.NamedNode(graph) if graph and fmt not in ("nquads", "trig") else None
        try:
            quads = [(str(q.subject), str(q.predicate), str(q.object),
                      _graph_text(target if target is not None else q.graph_name),
                      _blank_labels(q))
                     for q in ox.parse(path=str(path), format=ox.RdfFormat.from_media_type(
                         _OX_FORMATS[fmt]), lenient=lenient)]
        except SyntaxError as exc:
            raise InputError(str(path), f"cannot parse: {exc}") from None
        return self._send(quads, batch)

    def load_dataset(self, ds: Dataset, batch: int = 20000) -> int:
        """Send every named graph of an rdflib Dataset as INSERT DATA requests."""
        quads = [(s.n3(), p.n3(), o.n3(), f"<{graph.identifier}>",
                  tuple(t for t in (s, o) if isinstance(t, BNode)))
                 for graph in ds.graphs() for s, p, o in graph]
        return self._send(quads, batch)

    def _send(self, quads: list[tuple], batch: int) -> int:
        """Send quads (N-Triples terms, graph or None, blank nodes) in INSERT DATA batches;
        every quad that shares a blank node with another goes in the same request (each
        request is its own blank node scope). If a request fails, say how much had been
        sent (a remote load cannot be rolled back from here)."""
        sent, pending = 0, []
        for unit in _blank_node_units(quads):
            pending += unit
            if len(pending) >= batch:
                sent = self._insert(pending, sent, len(quads))
                pending = []
        if pending:
            sent = self._insert(pending, sent, len(quads))
        return sent

    def _insert(self, quads: list[tuple], sent: int, total: int) -> int:
        by_graph: dict[str | None, list[str]] = {}
        for s, p, o, g, _ in quads:
            by_graph.setdefault(g, []).append(f"{s} {p} {o} .")
        body = "\n".join("\n".join(lines) if g is None else f"GRAPH {g} {{\n" + "\n".join(lines)
                         + "\n}" for g, lines in by_graph.items())
        try:
            self.update(f"INSERT DATA {{\n{body}\n}}")
        except KGError as exc:
            raise KGError(f"load interrupted after {sent} of {total} triples: "
                          f"{str(exc).splitlines()[0]}") from None
        return sent + len(quads)

    def dataset(self) -> Dataset:
        from kg.build import new_dataset

        ds = new_dataset()
        result = self.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {})
        for g, s, p, o in result.rows:
            ds.graph(g).add((s, p, o))
        return ds


def _graph_text(graph) -> str | None:  # noqa: ANN001 - pyoxigraph graph name
    """A named graph as SPARQL text, or None for the default graph."""
    import pyoxigraph as ox

    return None if isinstance(graph, ox.DefaultGraph) else str(graph)


def _blank_labels(quad) -> tuple[str, ...]:  # noqa: ANN001 - pyoxigraph quad
    import pyoxigraph as ox

    return tuple(str(t) for t in (quad.subject, quad.object, quad.graph_name)
                 if isinstance(t, ox.BlankNode))


def _blank_node_units(quads: list[tuple]) -> Iterator[list[tuple]]:
    """The quads as units that must be sent together: one quad without blank nodes, or
    all the quads linked through shared blank nodes (union-find over their labels).

    >>> quads = [("<a>", "<p>", "_:x", None, ("_:x",)), ("<a>", "<p>", "<b>", None, ()),
    ...          ("_:x", "<q>", "_:y", None, ("_:x", "_:y")), ("_:y", "<r>", "1", None, ("_:y",))]
    >>> [len(unit) for unit in _blank_node_units(quads)]
    [1, 3]
    """
    parent: dict = {}

    def root(label):  # noqa: ANN001, ANN202
        while parent[label] != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    linked = []
    for quad in quads:
        labels = quad[4]
        if not labels:
            yield [quad]
            continue
        first = root(parent.setdefault(labels[0], labels[0]))
        for label in labels[1:]:
            parent[root(parent.setdefault(label, label))] = first
        linked.append(quad)
    units: dict = {}
    for quad in linked:
        units.setdefault(root(quad[4][0]), []).append(quad)
    yield from units.values()


def _json_term(binding: dict | None) -> Node | None:
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    return literal(value, binding.get("xml:lang"), binding.get("datatype"))


def open_store(*, store: str | Path | None = None, endpoint: str | None = None,
               read_only: bool = True, timeout: float = 60.0):
    """The store the CLI options name (``--store PATH`` or ``--endpoint URL``)."""
    if store and endpoint:
        raise InputError(None, "give --store or --endpoint, not both")
    if endpoint:
        return EndpointStore(endpoint, timeout=timeout)
    if store:
        path = Path(store)
        if read_only and not path.exists():
            raise InputError(str(path), "no Oxigraph store here (create one with "
                             "'b12ms-kg load FILE --store PATH')")
        return OxigraphStore(path, read_only=read_only)
    return None


def as_store(source):  # noqa: ANN001, ANN201
    """A store for ``source``: a store as it is, an rdflib Dataset wrapped."""
    return source if hasattr(source, "select") else RdflibStore(source)


__all__ = ["EndpointStore", "OxigraphStore", "RdflibStore", "Result", "as_store", "open_store"]
