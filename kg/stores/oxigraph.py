"""Embedded Oxigraph (pyoxigraph) as a store: in memory, or persistent in a folder.

    >>> store = OxigraphStore()
    >>> from kg.build import build_dataset
    >>> store.load_dataset(build_dataset()) > 1000
    True
    >>> [str(g).rsplit("/", 1)[-1] for g in store.named_graphs()]
    ['article', 'background', 'ontology']
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kg.errors import InputError
from kg.stores.base import (
    DATASET_FORMATS,
    OX_MEDIA_TYPES,
    AskMixin,
    Result,
    bind_values,
    boolean_text,
    guess_format,
    new_dataset,
)

if TYPE_CHECKING:
    from rdflib import Dataset, Graph, URIRef
    from rdflib.term import Node


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


def _dataset(graphs: Iterable[URIRef] | None) -> dict:
    """Oxigraph's dataset options: the union of every graph, or of ``graphs`` only (the
    default graph is then their union, and they are the named graphs too)."""
    import pyoxigraph as ox

    if graphs is None:
        return {"use_default_graph_as_union": True}
    names = [ox.NamedNode(str(g)) for g in graphs]
    return {"default_graph": names, "named_graphs": names}


class OxigraphStore(AskMixin):
    """Embedded Oxigraph (pyoxigraph): in memory, or persistent in a folder."""

    name = "oxigraph"

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        import pyoxigraph as ox

        self.persistent = path is not None and not read_only
        self.prebuilt = False  # True: it holds kg.prebuilt's file, from the sources as they are
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
               stream: bool = False, graphs: Iterable[URIRef] | None = None) -> Result:
        import pyoxigraph as ox

        dataset = _dataset(graphs)
        try:
            result = self.store.query(bind_values(text, bindings), prefixes=prefixes or None,
                                      **dataset)
        except SyntaxError as exc:
            raise InputError(None, f"SPARQL syntax error: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return Result([], boolean=bool(result))
        if not isinstance(result, ox.QuerySolutions):
            raise InputError(None, "CONSTRUCT and DESCRIBE queries are not supported here; use "
                             "SELECT or ASK (or 'b12ms-kg export' for graphs)")
        from kg.terms import TermCache  # (rdflib terms: not needed for an ASK)

        variables = [v.value for v in result.variables]
        convert = TermCache()
        # a solution iterates its values in the order of the variables (None if unbound)
        rows = (tuple(map(convert, solution)) for solution in result)
        return Result(variables, rows if stream else list(rows))

    def write_select(self, text: str, bindings: dict[str, Node], prefixes: dict | None,
                     fmt: str, output: BinaryIO, *,
                     graphs: Iterable[URIRef] | None = None) -> bool:
        """Write the results as Oxigraph serialises them (``QuerySolutions.serialize``),
        solution by solution into ``output``: no rdflib terms, no row held in memory. JSON
        gets a final newline, as the other writers end their output with one.

        >>> import io
        >>> store = OxigraphStore()
        >>> out = io.BytesIO()
        >>> store.write_select("SELECT ?n WHERE { VALUES ?n { 1 2 } }", {}, None, "csv", out)
        True
        >>> out.getvalue()
        b'n\\r\\n1\\r\\n2\\r\\n'
        """
        import pyoxigraph as ox

        formats = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                   "json": ox.QueryResultsFormat.JSON}
        try:
            result = self.store.query(bind_values(text, bindings), prefixes=prefixes or None,
                                      **_dataset(graphs))
        except SyntaxError as exc:
            raise InputError(None, f"SPARQL syntax error: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            output.write(boolean_text(bool(result), fmt).encode("utf-8"))
            return True
        if not isinstance(result, ox.QuerySolutions):
            raise InputError(None, "CONSTRUCT and DESCRIBE queries are not supported here; use "
                             "SELECT or ASK (or 'b12ms-kg export' for graphs)")
        result.serialize(output, formats[fmt])
        if fmt == "json":
            output.write(b"\n")
        return True

    def construct(self, text: str, *, graphs: Iterable[URIRef] | None = None) -> Graph:
        import pyoxigraph as ox
        from rdflib import Graph

        from kg.terms import to_rdflib

        dataset = _dataset(graphs)
        try:
            result = self.store.query(text, **dataset)
        except SyntaxError as exc:
            raise InputError(None, f"SPARQL syntax error: {exc}") from None
        if not isinstance(result, ox.QueryTriples):
            raise InputError(None, "not a CONSTRUCT query")
        out = Graph()
        for triple in result:
            out.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                     to_rdflib(triple.object)))
        return out

    def load(self, path: Path, graph: str | None = None, *, bulk: bool = False,
             lenient: bool = False, append: bool = False) -> int:
        """Load a file in one transaction: a parse error leaves the store as it was.

        Unless ``append``, the graphs the file fills (its named graphs; for a triple
        format, ``graph`` or the default graph) are emptied first, so loading a file twice
        gives what loading it once gives (SPARQL Graph Store PUT). Into a store that holds
        data, the file is read once beforehand, to find its graphs and to check that it
        parses before anything is cleared. ``bulk`` uses Oxigraph's bulk loader (the one
        ``oxigraph load`` uses: parallel parsing and sorting, the store's files written
        directly), which since pyoxigraph 0.5 is all or nothing too, and about five
        times faster on large files; ``lenient`` skips Oxigraph's validation of IRIs and
        literals (faster, for trusted files only).
        """
        import pyoxigraph as ox

        fmt = guess_format(path)
        file_format = ox.RdfFormat.from_media_type(OX_MEDIA_TYPES[fmt])
        kwargs = {}
        if graph and fmt not in DATASET_FORMATS:
            kwargs["to_graph"] = ox.NamedNode(graph)
        if not append and len(self.store):  # an empty store has nothing to replace
            # read the file once first: to find the graphs it fills, and so that a file
            # that does not parse clears nothing
            try:
                parsed = {q.graph_name for q in ox.parse(path=str(path), format=file_format,
                                                         lenient=lenient)}
            except SyntaxError as exc:
                raise InputError(str(path), f"cannot parse: {exc}") from None
            targets = parsed if fmt in DATASET_FORMATS else (
                {kwargs.get("to_graph", ox.DefaultGraph())} if parsed else set())
            present = set(self.store.named_graphs())
            for target in targets:
                if isinstance(target, ox.DefaultGraph) or target in present:
                    self.store.clear_graph(target)
        before = len(self.store)
        loader = self.store.bulk_load if bulk else self.store.load
        try:
            loader(path=str(path), format=file_format, lenient=lenient, **kwargs)
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

        from kg.terms import to_oxigraph

        quads = []
        for graph in ds.graphs():
            name = ox.NamedNode(str(graph.identifier))
            for s, p, o in graph:
                quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name))
        self.store.extend(quads)  # one transaction
        self._flush()
        return len(quads)

    def queryable(self):  # noqa: ANN201
        return self

    def named_graphs(self) -> list[URIRef]:
        """The named graphs that hold data (a cleared graph keeps its name in Oxigraph)."""
        from rdflib import URIRef

        return [URIRef(g) for g in self.named_graph_iris()]

    def named_graph_iris(self) -> list[str]:
        """:meth:`named_graphs` as text (no rdflib terms)."""
        import pyoxigraph as ox

        return sorted(g.value for g in self.store.named_graphs()
                      if isinstance(g, ox.NamedNode)
                      and next(iter(self.store.quads_for_pattern(None, None, None, g)), None))

    def outside_layers(self) -> tuple[int, int]:
        """The triples no layer holds: in the default graph, and in graphs named by a blank
        node (from a TriG or N-Quads file).

        >>> import pyoxigraph as ox
        >>> store = OxigraphStore()
        >>> e = ox.NamedNode("http://example.org/e")
        >>> store.store.extend([ox.Quad(e, e, e), ox.Quad(e, e, e, ox.BlankNode()),
        ...                     ox.Quad(e, e, ox.Literal("1"), ox.BlankNode()),
        ...                     ox.Quad(e, e, e, e)])
        >>> store.outside_layers()
        (1, 2)
        """
        import pyoxigraph as ox

        from kg.oxigraph_export import count_triples

        default = count_triples(self.store, default_graph=ox.DefaultGraph())
        blank = any(isinstance(g, ox.BlankNode) for g in self.store.named_graphs())
        in_blank = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?g)) }"
        return default, count_triples(self.store, in_blank) if blank else 0

    def dataset(self, graphs: Iterable[URIRef] | None = None) -> Dataset:
        import pyoxigraph as ox
        from rdflib import BNode, URIRef

        from kg.terms import to_rdflib

        ds = new_dataset()
        patterns = [None] if graphs is None else [ox.NamedNode(str(g)) for g in graphs]
        for pattern in patterns:
            for quad in self.store.quads_for_pattern(None, None, None, pattern):
                graph = quad.graph_name  # (a blank node names a graph of its own)
                target = ds.graph(URIRef(graph.value)) if isinstance(graph, ox.NamedNode) \
                    else ds.graph(BNode(graph.value)) if isinstance(graph, ox.BlankNode) \
                    else ds.default_graph
                target.add((to_rdflib(quad.subject), to_rdflib(quad.predicate),
                            to_rdflib(quad.object)))
        return ds


__all__ = ["OxigraphStore"]
