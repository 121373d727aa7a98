"""A remote SPARQL 1.1 endpoint as a store: queries over the SPARQL protocol (the
dataset chosen with its default-graph-uri / named-graph-uri parameters), loads with
SPARQL Update.

    >>> EndpointStore("http://127.0.0.1:7878/query").update_url
    'http://127.0.0.1:7878/update'
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import InputError, ServerError
from kg.stores.base import (
    DATASET_FORMATS,
    OX_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    AskMixin,
    Result,
    bind_values,
    guess_format,
    new_dataset,
)
from kg.terms import literal


class EndpointStore(AskMixin):
    """A remote SPARQL 1.1 endpoint: queries and updates as form-encoded POSTs (the
    protocol form every server answers; Virtuoso never answers a POST of
    ``application/sparql-query``), with a timeout, retries of idempotent reads on transient
    errors, and credentials from the environment (never printed or logged):
    ``B12MS_KG_USER`` and ``B12MS_KG_PASSWORD`` (HTTP Basic, or Digest with
    ``B12MS_KG_AUTH_SCHEME=digest``), or a whole ``Authorization`` header in
    ``B12MS_KG_AUTH``. A failure of the server (unreachable, a timeout, HTTP 401/403 or
    5xx) is a :class:`kg.errors.ServerError` (exit code 3); HTTP 400 (the server rejects
    the query) is an :class:`kg.errors.InputError` (exit code 2)."""

    name = "endpoint"
    RETRY_STATUS = (429, 502, 503, 504)

    def __init__(self, url: str, *, update_url: str | None = None, timeout: float = 60.0,
                 retries: int = 3, auth_env: str = "B12MS_KG_AUTH",
                 union_default_graph: bool = True, graph_store_url: str | None = None):
        import requests

        if not url.startswith(("http://", "https://")):
            raise InputError(None, f"endpoint '{url}' is not an http(s) URL")
        self.url, self.timeout, self.retries = url, timeout, retries
        update_url = update_url or os.environ.get("B12MS_KG_UPDATE_URL")
        #: the Graph Store HTTP Protocol URL, where the server offers one (loads then PUT
        #: each graph as one document instead of sending INSERT requests)
        self.graph_store_url = graph_store_url or os.environ.get("B12MS_KG_GRAPH_STORE_URL")
        self.update_url = update_url or (url[:-len("/query")] + "/update"
                                         if url.endswith("/query") else url)
        self.union = union_default_graph
        self._named: list[URIRef] | None = None
        #: the server's ``Server`` header, from its last answer (None before any)
        self.server: str | None = None
        self.session = requests.Session()
        token = os.environ.get(auth_env)
        if token:
            self.session.headers["Authorization"] = token
        user, password = os.environ.get("B12MS_KG_USER"), os.environ.get("B12MS_KG_PASSWORD")
        if user and password is not None:
            scheme = os.environ.get("B12MS_KG_AUTH_SCHEME", "basic").lower()
            if scheme not in ("basic", "digest"):
                raise InputError(None, f"B12MS_KG_AUTH_SCHEME must be basic or digest, not "
                                 f"'{scheme}'")
            self.session.auth = (requests.auth.HTTPDigestAuth(user, password)
                                 if scheme == "digest" else (user, password))

    def _post(self, url: str, form: list[tuple[str, str]], accept: str | None,
              idempotent: bool, stream: bool = False):
        headers = {"Accept": accept} if accept else {}
        return self._request("POST", url, form, headers, idempotent, stream=stream)

    def _request(self, method: str, url: str, data, headers: dict[str, str],  # noqa: ANN001
                 idempotent: bool, params: dict[str, str] | None = None,
                 stream: bool = False):
        import requests

        attempts = self.retries + 1 if idempotent else 1
        for attempt in range(attempts):
            try:
                response = self.session.request(method, url, data=data, headers=headers,
                                                params=params, timeout=self.timeout,
                                                stream=stream)
            except requests.ConnectTimeout:
                raise ServerError(f"the SPARQL endpoint {url} did not accept a connection "
                                  f"within {self.timeout:g} s") from None
            except requests.ReadTimeout:
                raise ServerError(f"the SPARQL endpoint {url} accepted the request but sent "
                                  f"no answer within {self.timeout:g} s (--timeout)") from None
            except requests.ConnectionError:
                if attempt + 1 == attempts:
                    raise ServerError(f"cannot reach the SPARQL endpoint {url} "
                                      f"(tried {attempts} time(s))") from None
            else:
                if response.status_code in self.RETRY_STATUS and attempt + 1 < attempts:
                    pass
                elif response.status_code >= 400:
                    detail = response.text.strip().splitlines()[0][:200] if response.text else ""
                    message = f"the SPARQL endpoint answered HTTP {response.status_code}" + (
                        f": {detail}" if detail else "")
                    if response.status_code in (401, 403):
                        raise ServerError(message.split(":")[0] + " (check B12MS_KG_USER, "
                                          "B12MS_KG_PASSWORD and B12MS_KG_AUTH_SCHEME)")
                    if response.status_code == 400:
                        raise InputError(None, message)
                    raise ServerError(message)
                else:
                    self.server = response.headers.get("Server", "")
                    return response
            time.sleep(min(0.2 * 2 ** attempt, 2.0))
        raise ServerError(f"the SPARQL endpoint {url} kept failing")

    @staticmethod
    def _dataset(graphs: Iterable[URIRef] | None) -> list[tuple[str, str]]:
        """The SPARQL protocol's dataset parameters: the default graph is the union of
        these graphs, which are also the named graphs."""
        return [] if graphs is None else [
            (key, str(g)) for g in graphs for key in ("default-graph-uri", "named-graph-uri")]

    def _query_form(self, text: str, bindings: dict[str, Node], prefixes: dict | None,
                    graphs: Iterable[URIRef] | None) -> list[tuple[str, str]]:
        """The form of a query request: the query with its prefixes and bound values, and
        the dataset's graphs."""
        if prefixes:
            text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + text
        return [("query", bind_values(text, bindings)), *self._dataset(graphs)]

    def select(self, text: str, bindings: dict[str, Node], prefixes: dict | None = None, *,
               stream: bool = False, graphs: Iterable[URIRef] | None = None) -> Result:
        response = self._post(self.url, self._query_form(text, bindings, prefixes, graphs),
                              "application/sparql-results+json", idempotent=True)
        document = response.json()
        if "boolean" in document:
            return Result([], boolean=bool(document["boolean"]))
        variables = document["head"]["vars"]
        rows = [tuple(_json_term(b.get(v)) for v in variables)
                for b in document["results"]["bindings"]]
        return Result(variables, rows)

    def write_select(self, text: str, bindings: dict[str, Node], prefixes: dict | None,
                     fmt: str, output: BinaryIO, *,
                     graphs: Iterable[URIRef] | None = None) -> bool:
        """Pass the server's own CSV/TSV/JSON results through to ``output`` as they arrive,
        when the server is one whose results writer is the embedded store's (Oxigraph, as
        its ``Server`` header says after a first request); other servers (Virtuoso writes
        booleans as 1/0 and quotes CSV differently): False, the caller renders
        :meth:`select`'s rows. For SELECT queries (a server may refuse CSV for ASK)."""
        import requests

        if fmt not in RESULT_MEDIA_TYPES or not (self.server or "").startswith("Oxigraph/"):
            return False
        media = RESULT_MEDIA_TYPES[fmt]
        response = self._post(self.url, self._query_form(text, bindings, prefixes, graphs),
                              media, idempotent=True, stream=True)
        with response:
            if not response.headers.get("Content-Type", "").startswith(media):
                raise ServerError(f"the SPARQL endpoint answered "
                                  f"{response.headers.get('Content-Type')!r}, not {media}")
            try:
                for chunk in response.iter_content(1 << 16):
                    output.write(chunk)
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                    requests.Timeout) as exc:
                raise ServerError(f"the SPARQL endpoint {self.url} broke off its answer: "
                                  f"{str(exc).splitlines()[0][:200]}") from None
        if fmt == "json":
            output.write(b"\n")
        return True

    def construct(self, text: str, *, graphs: Iterable[URIRef] | None = None) -> Graph:
        response = self._post(self.url, [("query", text), *self._dataset(graphs)],
                              "application/n-triples", idempotent=True)
        return Graph().parse(data=response.text, format="nt")

    def update(self, text: str) -> None:
        self._named = None
        self._post(self.update_url, [("update", text)], None, idempotent=False)

    def load(self, path: Path, graph: str | None = None, *, bulk: bool = False,
             lenient: bool = False, append: bool = False, batch: int = 20000) -> int:
        """Parse the file (with Oxigraph's parser; a parse error sends nothing), empty the
        graphs it fills unless ``append`` (DROP SILENT GRAPH, or CLEAR DEFAULT), then send
        its quads as INSERT DATA requests of about ``batch`` quads each; return how many
        were sent. ``lenient`` skips the parser's validation of IRIs and literals."""
        import pyoxigraph as ox

        fmt = guess_format(path)
        target = ox.NamedNode(graph) if graph and fmt not in DATASET_FORMATS else None
        try:
            quads = [(str(q.subject), str(q.predicate), str(q.object),
                      _graph_text(target if target is not None else q.graph_name),
                      _blank_labels(q))
                     for q in ox.parse(path=str(path), format=ox.RdfFormat.from_media_type(
                         OX_MEDIA_TYPES[fmt]), lenient=lenient)]
        except SyntaxError as exc:
            raise InputError(str(path), f"cannot parse: {exc}") from None
        if self.graph_store_url and not _blank_nodes_span_graphs(quads):
            return self._put_graphs(quads, append)
        if not append:
            filled = sorted({q[3] for q in quads if q[3] is not None})
            drops = [f"DROP SILENT GRAPH {g}" for g in filled]
            if any(q[3] is None for q in quads):
                drops.append("CLEAR SILENT DEFAULT")
            if drops:
                self.update(" ;\n".join(drops))
        return self._send(quads, batch)

    def _put_graphs(self, quads: list[tuple], append: bool) -> int:
        """Send each graph as one N-Triples document with the Graph Store HTTP Protocol:
        PUT replaces the graph (so loading twice changes nothing), POST (``append``) adds
        to it. Each document is its own blank node scope, as a file is."""
        by_graph: dict[str | None, list[str]] = {}
        for s, p, o, g, _ in quads:
            by_graph.setdefault(g, []).append(f"{s} {p} {o} .\n")
        sent = 0
        for graph in sorted(by_graph, key=lambda g: (g is not None, g or "")):
            lines = by_graph[graph]
            params = {"default": ""} if graph is None else {"graph": graph[1:-1]}
            try:
                self._request("POST" if append else "PUT", self.graph_store_url,
                              "".join(lines).encode("utf-8"),
                              {"Content-Type": "application/n-triples"}, idempotent=not append,
                              params=params)
            except ServerError as exc:
                raise ServerError(f"load interrupted after {sent} of {len(quads)} triples: "
                                  f"{str(exc).splitlines()[0]}") from None
            sent += len(lines)
        self._named = None
        return sent

    def load_dataset(self, ds: Dataset, batch: int = 20000) -> int:
        """Send every named graph of an rdflib Dataset as INSERT DATA requests."""
        quads = [(s.n3(), p.n3(), o.n3(), f"<{graph.identifier}>",
                  tuple(t for t in (s, o) if isinstance(t, BNode)))
                 for graph in ds.graphs() for s, p, o in graph]
        return self._send(quads, batch)

    def _send(self, quads: list[tuple], batch: int) -> int:
        """Send quads (N-Triples terms, graph or None, blank nodes) in INSERT batches of
        about ``batch`` quads; every quad that shares a blank node with another goes in the
        same request (each request is its own blank node scope). A request the server
        finds too large (HTTP 400, as Virtuoso answers for long templates) is split in two
        and sent again. If a request fails, say how much had been sent (a remote load
        cannot be rolled back from here)."""
        sent, pending, size = 0, [], 0
        for unit in _blank_node_units(quads):
            pending.append(unit)
            size += len(unit)
            if size >= batch:
                sent = self._insert(pending, sent, len(quads))
                pending, size = [], 0
        if pending:
            sent = self._insert(pending, sent, len(quads))
        return sent

    def _insert(self, units: list[list[tuple]], sent: int, total: int) -> int:
        quads = [quad for unit in units for quad in unit]
        by_graph: dict[str | None, list[str]] = {}
        for s, p, o, g, _ in quads:
            by_graph.setdefault(g, []).append(f"{s} {p} {o} .")
        body = "\n".join("\n".join(lines) if g is None else f"GRAPH {g} {{\n" + "\n".join(lines)
                         + "\n}" for g, lines in by_graph.items())
        try:
            # a template, not INSERT DATA: servers such as Virtuoso refuse blank nodes in
            # INSERT DATA; in a template they are new nodes, one per request, as wanted
            self.update(f"INSERT {{\n{body}\n}} WHERE {{}}")
        except InputError:
            if len(units) < 2:
                raise
            half = len(units) // 2
            sent = self._insert(units[:half], sent, total)
            return self._insert(units[half:], sent, total)
        except ServerError as exc:
            raise ServerError(f"load interrupted after {sent} of {total} triples: "
                              f"{str(exc).splitlines()[0]}") from None
        return sent + len(quads)

    def queryable(self):  # noqa: ANN201
        return self

    def named_graphs(self) -> list[URIRef]:
        """The server's named graphs that hold data (asked once per store object; a load or
        an update through it asks again)."""
        if self._named is None:
            rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", {}).rows
            self._named = sorted(g for (g,) in rows if isinstance(g, URIRef))
        return list(self._named)

    def dataset(self, graphs: Iterable[URIRef] | None = None) -> Dataset:
        ds = new_dataset()
        values = "" if graphs is None else (
            "VALUES ?g { " + " ".join(URIRef(g).n3() for g in graphs) + " } ")
        result = self.select(f"SELECT ?g ?s ?p ?o WHERE {{ {values}GRAPH ?g {{ ?s ?p ?o }} }}",
                             {})
        for g, s, p, o in result.rows:
            ds.graph(g).add((s, p, o))
        if graphs is None and not result.rows:  # no named graphs: a flat file, as loaded
            for s, p, o in self.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", {}).rows:
                ds.default_graph.add((s, p, o))
        return ds


def _graph_text(graph) -> str | None:  # noqa: ANN001 - pyoxigraph graph name
    """A named graph as SPARQL text, or None for the default graph."""
    import pyoxigraph as ox

    return None if isinstance(graph, ox.DefaultGraph) else str(graph)


def _blank_labels(quad) -> tuple[str, ...]:  # noqa: ANN001 - pyoxigraph quad
    import pyoxigraph as ox

    return tuple(str(t) for t in (quad.subject, quad.object, quad.graph_name)
                 if isinstance(t, ox.BlankNode))


def _blank_nodes_span_graphs(quads: list[tuple]) -> bool:
    """Whether a blank node occurs in more than one graph (one document per graph would
    then split it into two nodes)."""
    seen: dict[str, str | None] = {}
    for *_, graph, blanks in quads:
        for label in blanks:
            if seen.setdefault(label, graph) != graph:
                return True
    return False


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
    datatype = binding.get("datatype")
    if datatype == str(XSD.boolean) and value in ("1", "0"):  # Virtuoso's lexical form
        value = "true" if value == "1" else "false"
    return literal(value, binding.get("xml:lang"), datatype)


__all__ = ["EndpointStore"]
