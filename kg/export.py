"""Serialise the graph: one registry of formats, deterministic output, atomic writes.

Graph formats (turtle, xml, nt, json-ld) write the union of the chosen layers;
dataset formats (trig, nquads) keep each layer as its own named graph; graphml
writes the networkx mechanism graph. Blank nodes get canonical labels and
triples are written in sorted order, so the same graph always gives the same bytes.

    >>> from kg.build import build_dataset
    >>> text = serialize(build_dataset(), "ttl").decode()
    >>> "b12ms:MultipleSclerosis" in text and "owl:Axiom" in text
    True
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable

from rdflib import BNode, Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.canonical import canonical_triples
from kg.formats import ALIASES, FORMATS, Format, get_format
from kg.namespaces import TURTLE_PREFIXES, layer_iri

DEFAULT_LAYERS = ("article", "background")


def _bind(graph: Graph) -> Graph:
    for prefix, ns in TURTLE_PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def _is_flat(ds: Dataset) -> bool:
    """True if ``ds`` keeps its data in the default graph only (a flat file as loaded)."""
    return not any(len(g) for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID)


def _selected(ds: Dataset, layers: Iterable[str]) -> list[Graph]:
    if _is_flat(ds):
        return [ds.default_graph]
    names = ["ontology", *[layer for layer in layers if layer != "ontology"]]
    return [ds.graph(layer_iri(name)) for name in names]


def term_key(triple: tuple) -> tuple:
    """A total order on triples (rdflib terms of different kinds do not compare)."""
    return tuple((type(term).__name__, str(term)) for term in triple)


def merged_graph(graphs: Iterable[Graph]) -> Graph:
    """The triples of ``graphs`` in one graph (blank nodes as they are: a store's blank
    node is the same node in every graph that holds it)."""
    merged = Graph()
    for graph in graphs:
        merged += graph
    return merged


def canonical_graph(graphs: Iterable[Graph]) -> Graph:
    """Merge ``graphs`` into one graph with canonical blank nodes (kg.canonical: RDFC-1.0
    where it is safe, else rdflib's) and sorted insertion."""
    out = _bind(Graph())
    for triple in sorted(canonical_triples(merged_graph(graphs)), key=term_key):
        out.add(triple)
    return out


def _rdf_writer(rdflib_format: str, sort_lines: bool = False):
    def write(ds: Dataset, layers: tuple[str, ...]) -> bytes:
        graph = canonical_graph(_selected(ds, layers))
        data = graph.serialize(format=rdflib_format, encoding="utf-8")
        if sort_lines:
            data = b"".join(sorted(set(data.splitlines(keepends=True))))
        return data
    return write


class _SortedGraph(Graph):
    """A Graph that lists subjects and their properties in sorted order, for serialisers
    (like rdflib's RDF/XML one) that otherwise write in hash order."""

    def subjects(self, predicate=None, object=None, unique=False):  # noqa: A002, ANN001
        found = set(super().subjects(predicate, object))
        return iter(sorted(found, key=lambda t: term_key((t,))))

    def predicate_objects(self, subject=None, unique=False):  # noqa: ANN001
        return iter(sorted(super().predicate_objects(subject, unique), key=term_key))


def _xml(ds: Dataset, layers: tuple[str, ...]) -> bytes:
    """RDF/XML (opens in Protégé), subjects in sorted order and xmlns declarations sorted."""
    graph = _bind(_SortedGraph())
    graph += canonical_graph(_selected(ds, layers))
    data = graph.serialize(format="xml", encoding="utf-8")
    head, sep, body = data.partition(b">\n")
    lines = head.split(b"\n")
    declarations = sorted(line for line in lines if re.match(rb"^\s+xmlns", line))
    others = [line for line in lines if not re.match(rb"^\s+xmlns", line)]
    return b"\n".join(others[:2] + declarations + others[2:]) + sep + body


def _jsonld(ds: Dataset, layers: tuple[str, ...]) -> bytes:
    """Compact JSON-LD with the project's prefixes as context, nodes sorted by @id."""
    context = dict(TURTLE_PREFIXES)
    graph = canonical_graph(_selected(ds, layers))
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    document.setdefault("@graph", []).sort(key=lambda node: str(node.get("@id", "")))
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _layer_graphs(ds: Dataset, layers: tuple[str, ...]) -> list[tuple[str, Graph]]:
    """Each layer as a canonical graph whose blank nodes carry the layer's name: in TriG and
    N-Quads a blank node label names one node in the whole file, so two layers must never
    share one (a property-chain list would become a claim's axiom)."""
    names = ["ontology", *[layer for layer in layers if layer != "ontology"]]
    out = []
    for name in ([""] if _is_flat(ds) else names):  # "": the default graph of a flat dataset
        graph = ds.default_graph if not name else ds.graph(layer_iri(name))
        if not len(graph):
            continue
        prefix = "".join(c if c.isalnum() else "_" for c in name) + "_"
        canonical = canonical_graph([graph])
        renamed = _bind(Graph())
        for triple in sorted(canonical, key=term_key):
            renamed.add(tuple(BNode(prefix + t) if isinstance(t, BNode) else t for t in triple))
        out.append((name, renamed))
    return out


def _trig(ds: Dataset, layers: tuple[str, ...]) -> bytes:
    """TriG: one block per layer (named graph), each block the layer's sorted Turtle."""
    prefixes: set[str] = set()
    blocks = []
    for name, graph in _layer_graphs(ds, layers):
        body = []
        for line in graph.serialize(format="turtle").splitlines():
            if line.startswith("@prefix"):
                prefixes.add(line)
            elif line.strip():
                body.append("    " + line)
            elif body:
                body.append("")
        head = f"<{layer_iri(name)}> " if name else ""
        blocks.append(f"{head}{{\n" + "\n".join(body).rstrip() + "\n}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def _nquads(ds: Dataset, layers: tuple[str, ...]) -> bytes:
    """N-Quads: every triple with its layer's graph IRI, lines sorted."""
    lines = set()
    for name, graph in _layer_graphs(ds, layers):
        suffix = f" <{layer_iri(name)}> .\n" if name else " .\n"
        for line in graph.serialize(format="nt").splitlines():
            if line.strip():
                lines.add(line.rstrip()[:-1].rstrip() + suffix)
    return "".join(sorted(lines)).encode("utf-8")


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


#: each format's writer, by the name kg.formats gives it
WRITERS: dict[str, Callable[[Dataset, tuple[str, ...]], bytes]] = {
    "turtle": _rdf_writer("turtle"),
    "xml": _xml,
    "nt": _rdf_writer("nt", sort_lines=True),
    "json-ld": _jsonld,
    "trig": _trig,
    "nquads": _nquads,
    "graphml": _graphml,
    "kgx-json": _kgx_json,
}


def serialize(ds: Dataset, fmt: str, layers: Iterable[str] = DEFAULT_LAYERS) -> bytes:
    """Serialise ``ds`` (TBox plus the given layers) in format ``fmt``."""
    return WRITERS[get_format(fmt).name](ds, tuple(layers))


__all__ = ["ALIASES", "DEFAULT_LAYERS", "FORMATS", "WRITERS", "Format", "canonical_graph",
           "get_format", "graphml", "merged_graph", "serialize", "term_key"]
