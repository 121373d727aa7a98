"""Serialise the graph: one registry of formats, deterministic output, atomic writes.

Graph formats (turtle, xml, nt, json-ld) write the union of the chosen layers (JSON-LD
is Oxigraph's reading of the N-Triples export, kg.jsonld);
dataset formats (trig, nquads) keep each layer as its own named graph; graphml
writes the networkx mechanism graph. Blank nodes get canonical labels (kg.canonical)
and triples are written in sorted order, so the same graph always gives the same bytes.
Where RDFC-1.0 labels the blank nodes, Oxigraph writes N-Triples and N-Quads
(kg.oxigraph_export); and ``serialize_source`` has an embedded Oxigraph store dump its
layers itself, without the rdflib copy ``source.dataset()`` makes (the same bytes, a
fraction of the time).

    >>> from kg.build import build_dataset
    >>> text = serialize(build_dataset(), "ttl").decode()
    >>> "b12ms:MultipleSclerosis" in text and "owl:Axiom" in text
    True
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.canonical import (
    canonical_dataset,
    canonical_triples,
    shared_blank_nodes,
    sharing_groups,
    to_oxigraph_triples,
)
from kg.errors import InputError
from kg.formats import ALIASES, FORMATS, Format, get_format
from kg.jsonld import jsonld
from kg.namespaces import TURTLE_PREFIXES, layer_iri, layer_iri_text
from kg.oxigraph_export import (
    LayerText,
    layer_text,
    not_rdf,
    nquads_of,
    ntriples_of,
    prefix,
    sorted_lines,
    store_layers,
)
from kg.turtle import turtle

DEFAULT_LAYERS = ("article", "background")


def _bind(graph: Graph) -> Graph:
    for name, ns in TURTLE_PREFIXES.items():
        graph.bind(name, ns, override=True)
    return graph


def _is_flat(ds: Dataset) -> bool:
    """True if ``ds`` has no graph named by an IRI with data (a flat file as loaded; a
    graph named by a blank node is no layer, as for a store's ``named_graph_iris``)."""
    return not any(len(g) for g in ds.graphs() if isinstance(g.identifier, URIRef)
                   and g.identifier != DATASET_DEFAULT_GRAPH_ID)


def _selected(ds: Dataset, layers: Iterable[str]) -> list[Graph]:
    if _is_flat(ds):
        return [ds.default_graph]
    return [ds.graph(layer_iri(name)) for name in _layer_names(layers)]


def term_key(triple: tuple) -> tuple:
    """A total order on triples (rdflib terms of different kinds do not compare; two
    literals with the same text differ by language tag or datatype)."""
    return tuple((type(term).__name__, str(term), getattr(term, "language", None) or "",
                  str(getattr(term, "datatype", None) or "")) for term in triple)


def merged_graph(graphs: Iterable[Graph]) -> Graph:
    """The triples of ``graphs`` in one graph (blank nodes as they are: a store's blank
    node is the same node in every graph that holds it)."""
    merged = Graph()
    for graph in graphs:
        merged += graph
    return merged


def _sorted_graph(triples: Iterable[tuple]) -> Graph:
    """A graph with the project's prefixes, its triples inserted in sorted order."""
    out = _bind(Graph())
    for triple in sorted(triples, key=term_key):
        out.add(triple)
    return out


def canonical_graph(graphs: Iterable[Graph]) -> Graph:
    """Merge ``graphs`` into one graph with canonical blank nodes (kg.canonical: RDFC-1.0
    where it is safe, else rdflib's) and sorted insertion."""
    return _sorted_graph(canonical_triples(merged_graph(graphs)))


def _oxigraph_lines(quads: Iterable[tuple]) -> bytes:
    """rdflib triples, or triples with a pyoxigraph graph name, as N-Triples or N-Quads
    lines written by Oxigraph (its escapes, as on every other path), each once, sorted.
    A triple Oxigraph cannot hold (a literal as subject, from the Python API) is an
    InputError."""
    import pyoxigraph as ox

    from kg.terms import to_oxigraph

    out = []
    for quad in quads:
        try:
            out.append(ox.Quad(*(to_oxigraph(term) for term in quad[:3]), *quad[3:]))
        except (ValueError, TypeError) as exc:
            raise InputError(None, f"cannot write {' '.join(t.n3() for t in quad[:3])} as RDF: "
                             f"{exc}") from None
    return sorted_lines(ox.serialize(out, format=ox.RdfFormat.N_QUADS).splitlines())


def ntriples(graph: Graph) -> bytes:
    """``graph`` as N-Triples written by Oxigraph, with its own blank node labels, lines
    sorted (give it a :func:`canonical_graph` for the same bytes every time)."""
    return _oxigraph_lines(graph)


class _SortedGraph(Graph):
    """A Graph that lists subjects and their properties in sorted order, for serialisers
    (like rdflib's RDF/XML one) that otherwise write in hash order."""

    def subjects(self, predicate=None, object=None, unique=False):  # noqa: A002, ANN001
        found = set(super().subjects(predicate, object))
        return iter(sorted(found, key=lambda t: term_key((t,))))

    def predicate_objects(self, subject=None, unique=False):  # noqa: ANN001
        return iter(sorted(super().predicate_objects(subject, unique), key=term_key))


#: predicates RDF/XML cannot write as a property: its own syntax names (RDF/XML 7.2.2,
#: 7.2.5) and rdf:li, which a reader turns into rdf:_1, rdf:_2...
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_NOT_PROPERTIES = {_RDF + name for name in (
    "RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype", "Description",
    "li", "aboutEach", "aboutEachPrefix", "bagID")}
#: an XML name (NCName): an rdf: predicate whose name is not one would need a second
#: namespace for rdf:'s IRI, which RDF/XML forbids (rdflib declared one; rapper refuses it)
_XML_NAME = re.compile(r"[^\W\d][\w.-]*")


def _xml(canonical: Graph) -> bytes:
    """RDF/XML (opens in Protégé), subjects in sorted order (rdflib sorts the xmlns
    declarations itself)."""
    for predicate in sorted({str(p) for p in canonical.predicates()}):
        if predicate in _NOT_PROPERTIES or predicate.startswith(
                ("http://www.w3.org/2000/xmlns/", "http://www.w3.org/XML/1998/namespace")) or (
                predicate.startswith(_RDF) and not _XML_NAME.fullmatch(predicate[len(_RDF):])):
            raise InputError(None, f"cannot write RDF/XML: it cannot hold the predicate "
                             f"<{predicate}>; export Turtle or N-Triples instead")
    graph = _bind(_SortedGraph())
    graph += canonical
    try:
        data = graph.serialize(format="xml", encoding="utf-8")
    except ValueError as exc:  # a predicate RDF/XML cannot name (http://e/1)
        raise InputError(None, f"cannot write RDF/XML: {exc}; export Turtle or N-Triples "
                         "instead") from None
    _check_xml(data)
    return data


def _check_xml(data: bytes) -> None:
    """Refuse what rdflib's RDF/XML writer wrote and is not XML: a control character XML
    1.0 cannot hold, an '&' it left unescaped in a namespace or datatype IRI."""
    from xml.parsers import expat

    try:
        expat.ParserCreate().Parse(data, True)
    except expat.ExpatError as exc:
        raise InputError(None, f"cannot write RDF/XML: rdflib's writer gives text that is "
                         f"not XML ({expat.ErrorString(exc.code)}, line {exc.lineno}); "
                         "export Turtle or N-Triples instead") from None


#: the graph formats (the union of the layers), each written from the canonical graph
_GRAPH_WRITERS: dict[str, Callable[[Graph], bytes]] = {
    "turtle": turtle, "xml": _xml, "nt": ntriples}


def _graph_writer(name: str) -> Callable[[Dataset, tuple[str, ...]], bytes]:
    def write(ds: Dataset, layers: tuple[str, ...]) -> bytes:
        return _GRAPH_WRITERS[name](canonical_graph(_selected(ds, layers)))
    return write


def _layer_names(layers: Iterable[str]) -> list[str]:
    return ["ontology", *[layer for layer in layers if layer != "ontology"]]


def _named_layers(ds: Dataset, layers: Iterable[str]) -> Iterator[tuple[str, Graph]]:
    """The non-empty layers of ``ds`` with their names: the ontology and ``layers``, or a
    flat dataset's default graph (name "")."""
    for name in ([""] if _is_flat(ds) else _layer_names(layers)):
        graph = ds.default_graph if not name else ds.graph(layer_iri(name))
        if len(graph):
            yield name, graph


def _layer_graphs(ds: Dataset, layers: tuple[str, ...]
                  ) -> tuple[list[tuple[str, Graph]], set[BNode]]:
    """Each layer as a canonical graph, and the blank nodes two layers share. In TriG and
    N-Quads a blank node label names one node in the whole file, so two layers must never
    share a label (a property-chain list would become a claim's axiom) unless they share
    the node: a layer that shares no blank node is labelled on its own, and layers that
    share some are labelled together (kg.canonical.canonical_dataset), the shared node
    with one label in each; each label starts with the :func:`prefix` of the layer (of the
    group, the first name in sorted order), so that the labels of a layer that shares
    nothing never change with the others, nor a group's with the order of ``layers``."""
    named = list(_named_layers(ds, layers))
    out: list[tuple[str, Graph] | None] = [None] * len(named)
    shared: set[BNode] = set()
    for group in sharing_groups([graph for _, graph in named]):
        start = prefix(min(named[number][0] for number in group))
        if len(group) == 1:
            labelled = [canonical_graph([named[group[0]][1]])]
        else:
            labelled = canonical_dataset([(layer_iri_text(named[number][0]), named[number][1])
                                          for number in group])
        for number, triples in zip(group, labelled):
            out[number] = (named[number][0], _sorted_graph(
                tuple(BNode(start + t) if isinstance(t, BNode) else t for t in triple)
                for triple in triples))
        if len(group) > 1:  # (only a group's layers share blank nodes)
            shared |= shared_blank_nodes(out[number][1] for number in group)
    return out, shared


def _trig(ds: Dataset, layers: tuple[str, ...]) -> bytes:
    """TriG: one block per layer (named graph), each block the layer's sorted Turtle."""
    prefixes: set[str] = set()
    blocks = []
    graphs, shared = _layer_graphs(ds, layers)
    for name, graph in graphs:
        body = []
        # (split at line feeds only: U+2028 and the like are not line breaks in Turtle, and
        # kg.turtle writes no line feed inside a term)
        for line in turtle(graph, shared).decode("utf-8").split("\n"):
            if line.startswith("@prefix"):
                prefixes.add(line)
            elif line.strip():
                body.append("    " + line)
            elif body:
                body.append("")
        head = f"<{layer_iri(name)}> " if name else ""
        blocks.append(f"{head}{{\n" + "\n".join(body).rstrip() + "\n}\n")
    head = "\n".join(sorted(prefixes)) + "\n\n" if prefixes else ""
    return (head + "\n".join(blocks)).encode("utf-8")


def _nquads(ds: Dataset, layers: tuple[str, ...]) -> bytes:
    """N-Quads: every triple with its layer's graph IRI, written by Oxigraph from the
    labelled layers, lines sorted (rdflib's N-Triples, split as text, had cut a literal
    holding U+2028 or the like in two)."""
    import pyoxigraph as ox

    return _oxigraph_lines(
        (*triple, ox.NamedNode(layer_iri_text(name)) if name else ox.DefaultGraph())
        for name, graph in _layer_graphs(ds, layers)[0] for triple in graph)


def _dataset_layers(ds: Dataset, layers: Iterable[str]) -> list[LayerText] | None:
    """Each non-empty layer of ``ds`` (a flat one's default graph, name "") as N-Triples
    written by Oxigraph; None if Oxigraph refuses or merges one of its terms."""
    out = []
    for name, graph in _named_layers(ds, layers):
        converted = to_oxigraph_triples(graph)
        if converted is None:
            return None
        out.append((name, layer_text(converted[0])))
    return out


def source_layers(source) -> Iterable[LayerText] | None:  # noqa: ANN001 - a GraphSource
    """:func:`_dataset_layers` of a source's ontology and layers; from an embedded Oxigraph
    store, each layer as the store dumps it, when it is read (no rdflib copy: a store of
    millions of triples is written at the engine's speed); from any other store, its
    dataset's."""
    import pyoxigraph as ox

    store = getattr(source.store, "store", None)
    if not isinstance(store, ox.Store):
        return _dataset_layers(source.dataset(), source.layers)
    return store_layers(store, [""] if source.flat else _layer_names(source.layers))


#: the formats Oxigraph writes, blank nodes labelled by kg.canonical.blank_labels
_OXIGRAPH_WRITERS = {"nt": ntriples_of, "nquads": nquads_of}


def _written_by_oxigraph(name: str, layers: Iterable[LayerText] | None) -> bytes | None:
    """Format ``name`` of these layers written by Oxigraph; None where rdflib must write
    it (a term Oxigraph refuses or merges: ``layers`` None; N-Quads of layers that share
    a blank node)."""
    return None if layers is None else _OXIGRAPH_WRITERS[name](layers)


def _canonical_of(layers: Iterable[LayerText]) -> Graph:
    """The canonical graph (see :func:`canonical_graph`) of the union of ``layers``,
    labelled by kg.canonical.blank_labels. An IRI that is not RDF (from a store loaded
    with ``--lenient``) is an InputError."""
    import pyoxigraph as ox

    from kg.terms import TermCache

    text = ntriples_of(layers)
    convert = TermCache()
    try:
        return _sorted_graph((convert(q.subject), convert(q.predicate), convert(q.object))
                             for q in ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise not_rdf(exc) from None


def serialize_source(source, fmt: str) -> bytes:  # noqa: ANN001 - a GraphSource
    """:func:`serialize` of a source's dataset and layers, the same bytes; from an
    embedded Oxigraph store, N-Triples and N-Quads are written by Oxigraph and the other
    graph formats from a canonical graph made in it, without the store's rdflib copy."""
    import pyoxigraph as ox

    name = get_format(fmt).name
    if name == "json-ld":
        return jsonld(serialize_source(source, "nt"))  # (sorted lines: a subject, one node)
    if name in _OXIGRAPH_WRITERS:
        data = _written_by_oxigraph(name, source_layers(source))
        # (else layers share blank nodes, or a term is Oxigraph's to refuse: rdflib's copy)
        return _RDFLIB_WRITERS[name](source.dataset(), tuple(source.layers)) if data is None \
            else data
    elif name in _GRAPH_WRITERS and isinstance(getattr(source.store, "store", None), ox.Store):
        return _GRAPH_WRITERS[name](_canonical_of(source_layers(source)))
    return serialize(source.dataset(), fmt, source.layers)


def graphml(g) -> bytes:  # noqa: ANN001 - a networkx graph of kg.network
    """The mechanism network as GraphML (Cytoscape, Gephi): one value per attribute."""
    import networkx as nx

    g = g.copy()  # the attribute dicts are copied, so the caller's graph keeps its evidence
    g.graph.pop("_cache", None)
    for _, _, data in g.edges(data=True):
        evidence = data.pop("evidence")
        derived = data.pop("derivations")
        data["sentences"] = " | ".join(e["sentence"] for e in evidence)
        data["certainty"] = data["certainty"] or ""  # a source's; empty on derived edges
        data["contexts"] = ";".join(data["contexts"])
        data["premise_claims"] = ";".join(sorted({c for d in derived for c in d["premises"]}))
        data["inference_rules"] = ";".join(sorted({d["rule"] for d in derived}))
    buffer = io.BytesIO()
    nx.write_graphml(g, buffer, encoding="utf-8")
    return buffer.getvalue()


def _graphml(ds: Dataset, layers: tuple[str, ...]) -> bytes:
    from kg.network import to_networkx

    return graphml(to_networkx(ds, layers=[layer for layer in layers if layer != "ontology"]))


def _kgx_json(ds: Dataset, layers: tuple[str, ...]) -> bytes:
    from kg.kgx import kgx_json

    return kgx_json(ds, [layer for layer in layers if layer != "ontology"])


def _with_oxigraph(name: str, rdflib_writer):  # noqa: ANN001, ANN202
    """The writer that lets Oxigraph write the layers where RDFC-1.0 labels their blank
    nodes, and rdflib otherwise."""
    def write(ds: Dataset, layers: tuple[str, ...]) -> bytes:
        data = _written_by_oxigraph(name, _dataset_layers(ds, layers))
        return rdflib_writer(ds, layers) if data is None else data
    return write


#: N-Triples and N-Quads where Oxigraph's own labelling cannot be used (kg.oxigraph_export)
_RDFLIB_WRITERS = {"nt": _graph_writer("nt"), "nquads": _nquads}

#: each format's writer, by the name kg.formats gives it
WRITERS: dict[str, Callable[[Dataset, tuple[str, ...]], bytes]] = {
    "turtle": _graph_writer("turtle"),
    "xml": _graph_writer("xml"),
    "nt": _with_oxigraph("nt", _RDFLIB_WRITERS["nt"]),
    "json-ld": lambda ds, layers: jsonld(WRITERS["nt"](ds, layers)),
    "trig": _trig,
    "nquads": _with_oxigraph("nquads", _RDFLIB_WRITERS["nquads"]),
    "graphml": _graphml,
    "kgx-json": _kgx_json,
}


def serialize(ds: Dataset, fmt: str, layers: Iterable[str] = DEFAULT_LAYERS) -> bytes:
    """Serialise ``ds`` (TBox plus the given layers) in format ``fmt``."""
    return WRITERS[get_format(fmt).name](ds, tuple(layers))


__all__ = ["ALIASES", "DEFAULT_LAYERS", "FORMATS", "WRITERS", "Format", "canonical_graph",
           "get_format", "graphml", "merged_graph", "ntriples", "serialize", "serialize_source",
           "source_layers", "term_key"]
