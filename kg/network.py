"""The graph as networkx: claim edges with evidence, mechanism paths, shared mechanisms.

    >>> from kg.build import build_dataset
    >>> g = to_networkx(build_dataset())
    >>> g.nodes["b12ms:MyelinSheath"]["label"]
    'myelin sheath'
    >>> e = g.edges["b12ms:VitaminB12Deficiency", "b12ms:Myelination", "b12ms:impairs"]
    >>> e["certainty"], e["claim_ids"]
    ('asserted', 'C013')
    >>> [p.labels() for p in find_paths(g, "vitamin B12 deficiency", "neurological symptom")][0]
    ['vitamin B12 deficiency', 'neurological symptom']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

import networkx as nx
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.errors import InputError
from kg.lookup import compact
from kg.namespaces import B12MS, CERTAINTY, CERTAINTY_ORDER, LAYERS, OBOINOWL, layer_name

_CERTAINTY_NAME = {iri: name for name, iri in CERTAINTY.items()}
DEFAULT_KINDS = ("causal",)


def _rank(certainty: str | None) -> int:
    return CERTAINTY_ORDER.index(certainty) if certainty in CERTAINTY_ORDER else -1


def weakest(certainties: Iterable[str | None]) -> str | None:
    """The weakest certainty (``open`` < ``hypothesis`` < ``asserted``).

    >>> weakest(["asserted", "hypothesis", "asserted"])
    'hypothesis'
    """
    values = list(certainties)
    return min(values, key=_rank) if values else None


def strongest(certainties: Iterable[str | None]) -> str | None:
    """The strongest certainty; an edge stated by several sources is as certain as the firmest.

    >>> strongest(["open", "asserted"])
    'asserted'
    """
    values = list(certainties)
    return max(values, key=_rank) if values else None


def _layer_graphs(ds: Dataset, layers: Iterable[str] | None) -> list[tuple[str, Graph]]:
    """The non-empty named graphs other than the TBox, by layer name (all, or ``layers``)."""
    wanted = set(layers) if layers is not None else None
    found = []
    for graph in ds.graphs():
        name = layer_name(graph.identifier)
        if name != "ontology" and (wanted is None or name in wanted) and len(graph):
            found.append((name, graph))
    return sorted(found, key=lambda item: item[0])


def _top_categories(ds: Dataset) -> dict[URIRef, str]:
    """Map each class to the label of its top-level ancestor (e.g. 'disease or disorder')."""
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    classes = set(ds.subjects(RDF.type, OWL.Class))
    for sub, sup in ds.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents[sub].add(sup)
    tops = {c for c in classes if isinstance(c, URIRef) and not parents.get(c)}
    result: dict[URIRef, str] = {}
    for cls in classes:
        if not isinstance(cls, URIRef):
            continue
        seen, frontier, hits = {cls}, [cls], []
        while frontier:
            node = frontier.pop()
            if node in tops:
                hits.append(str(ds.value(node, RDFS.label) or compact(node)))
            for parent in parents.get(node, ()):
                if parent not in seen:
                    seen.add(parent)
                    frontier.append(parent)
        result[cls] = sorted(hits)[0] if hits else ""
    return result


def _evidence(graph: Graph) -> dict[tuple, list[dict]]:
    table: dict[tuple, list[dict]] = defaultdict(list)
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        key = (graph.value(axiom, OWL.annotatedSource), graph.value(axiom, OWL.annotatedProperty),
               graph.value(axiom, OWL.annotatedTarget))
        start, end = graph.value(axiom, B12MS.textStart), graph.value(axiom, B12MS.textEnd)
        table[key].append({
            "claim_id": str(graph.value(axiom, DCTERMS.identifier) or ""),
            "sentence": str(graph.value(axiom, B12MS.supportingText) or ""),
            "start": int(start) if start is not None else None,
            "end": int(end) if end is not None else None,
            "certainty": _CERTAINTY_NAME.get(graph.value(axiom, B12MS.certainty)),
            "source": str(graph.value(axiom, DCTERMS.source) or ""),
            "publications": sorted(str(i) for i in graph.objects(graph.value(
                axiom, DCTERMS.source), DCTERMS.identifier)) if graph.value(
                axiom, DCTERMS.source) is not None else [],
        })
    for rows in table.values():
        rows.sort(key=lambda r: (r["claim_id"], r["start"] or 0))
    return table


def to_networkx(ds: Dataset, layers: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Convert claim edges between classes into a ``networkx.MultiDiGraph``.

    Nodes are CURIEs with ``label``, ``iri``, ``category`` and ``synonyms``; edges are
    keyed by predicate CURIE and carry ``predicate_label``, ``kind`` (causal,
    structural, association, taxonomic), ``sign``, ``layer`` (every layer that states
    the edge, ``;``-joined), ``certainty`` (the strongest of the supporting claims),
    ``supports`` and ``sources`` (how many claims and sources support it),
    ``claim_ids``, ``sentence`` and the full ``evidence`` list (one dict per claim,
    with its layer). Nodes and edges are added in sorted order, so iteration
    order (and every output derived from it) is deterministic.
    """
    ontology = ds.graph(LAYERS["ontology"])
    classes = {c for c in ds.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    categories = _top_categories(ds)
    object_properties = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    merged: dict[tuple[str, str, str], dict] = {}
    for layer, graph in _layer_graphs(ds, layers):
        evidence = _evidence(graph)
        for s, p, o in graph:
            if not (isinstance(s, URIRef) and isinstance(o, URIRef) and s in classes
                    and o in classes and (p in object_properties or p == RDFS.subClassOf)):
                continue
            key = (compact(s), compact(o), compact(p))
            if key not in merged:
                if p == RDFS.subClassOf:
                    kind, sign, label = "taxonomic", "neutral", "subclass of"
                else:
                    kind = str(ontology.value(p, B12MS.edgeKind) or "causal")
                    sign = str(ontology.value(p, B12MS.effectSign) or "neutral")
                    label = str(ds.value(p, RDFS.label) or compact(p))
                merged[key] = {"predicate": compact(p), "iri": str(p),
                               "predicate_label": label, "kind": kind,
                               "sign": sign, "layers": [], "evidence": []}
            merged[key]["layers"].append(layer)
            merged[key]["evidence"] += [dict(row, layer=layer) for row in evidence.get((s, p, o), [])]
    edges = []
    for (source, target, key), data in merged.items():
        rows = sorted(data["evidence"], key=lambda r: (r["layer"], r["claim_id"]))
        edges.append((source, target, key, {
            **{k: data[k] for k in ("predicate", "iri", "predicate_label", "kind", "sign")},
            "layer": ";".join(sorted(set(data["layers"]))),
            "certainty": strongest(r["certainty"] for r in rows),
            "supports": len(rows),
            "sources": len({r["source"] for r in rows}),
            "claim_ids": ";".join(r["claim_id"] for r in rows),
            "sentence": rows[0]["sentence"] if rows else "",
            "evidence": rows,
        }))
    g = nx.MultiDiGraph(name="b12ms-kg")
    nodes = sorted({e[0] for e in edges} | {e[1] for e in edges})
    for curie in nodes:
        iri = next(c for c in classes if compact(c) == curie)
        synonyms = sorted(str(x) for x in ds.objects(iri, OBOINOWL.hasExactSynonym))
        xrefs = sorted(compact(x) for p in (SKOS.exactMatch, SKOS.closeMatch)
                       for x in ds.objects(iri, p))
        g.add_node(curie, iri=str(iri), label=str(ds.value(iri, RDFS.label) or curie),
                   category=categories.get(iri, ""), synonyms=";".join(synonyms),
                   xrefs=";".join(xrefs))
    for source, target, key, data in sorted(edges, key=lambda e: e[:3]):
        g.add_edge(source, target, key=key, **data)
    return g


def resolve_node(g: nx.MultiDiGraph, text: str) -> str:
    """Find the node a user means by label, exact synonym, CURIE or IRI (case-insensitive).

    >>> from kg.build import build_dataset
    >>> g = to_networkx(build_dataset())
    >>> resolve_node(g, "Neuron"), resolve_node(g, "HP:0012378")
    ('b12ms:NerveCell', 'b12ms:Fatigue')
    """
    key = text.strip()
    if key.startswith("<") and key.endswith(">"):
        key = key[1:-1]
    if "://" in key:
        key = compact(URIRef(key))  # an IRI: compare as CURIE, also with external xrefs
    key = key.casefold()
    for field_name in ("curie", "iri", "label", "synonyms", "xrefs"):
        hits = []
        for node, data in g.nodes(data=True):
            values = {node.casefold()} if field_name == "curie" else {
                v.casefold() for v in data.get(field_name, "").split(";") if v}
            if key in values:
                hits.append(node)
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise InputError(None, f"'{text}' is ambiguous: it names {', '.join(sorted(hits))}")
    raise InputError(None, f"unknown entity '{text}': no node of the mechanism graph has that "
                     "label, synonym, CURIE or IRI")


@dataclass(frozen=True)
class Step:
    """One hop of a path, with every edge that connects the two nodes."""

    source: str
    target: str
    source_label: str
    target_label: str
    edges: tuple[dict, ...]

    @property
    def certainty(self) -> str | None:
        return strongest(e["certainty"] for e in self.edges)


@dataclass(frozen=True)
class Path:
    """A mechanism path; its certainty is that of its weakest step."""

    steps: tuple[Step, ...]
    nodes: tuple[str, ...] = field(default=())

    @property
    def certainty(self) -> str | None:
        return weakest(s.certainty for s in self.steps)

    def labels(self) -> list[str]:
        return [self.steps[0].source_label] + [s.target_label for s in self.steps]

    def as_dict(self) -> dict:
        return {"nodes": list(self.nodes), "labels": self.labels(), "length": len(self.steps),
                "certainty": self.certainty,
                "steps": [{"source": s.source, "target": s.target, "source_label": s.source_label,
                           "target_label": s.target_label, "certainty": s.certainty,
                           "edges": [_public_edge(e) for e in s.edges]} for s in self.steps]}


def _public_edge(data: dict) -> dict:
    keys = ("predicate", "predicate_label", "kind", "sign", "layer", "certainty", "evidence")
    return {k: data[k] for k in keys}


def mechanism_view(g: nx.MultiDiGraph, kinds: Iterable[str] = DEFAULT_KINDS) -> nx.DiGraph:
    """Collapse the edges of the given kinds into a DiGraph whose edges list them."""
    kinds = set(kinds)
    view = nx.DiGraph()
    view.add_nodes_from(g.nodes(data=True))
    for source, target, key, data in g.edges(keys=True, data=True):
        if data["kind"] not in kinds:
            continue
        if not view.has_edge(source, target):
            view.add_edge(source, target, edges=[])
        view.edges[source, target]["edges"].append(data)
    return view


def _path(view: nx.DiGraph, nodes: list[str]) -> Path:
    steps = tuple(
        Step(a, b, view.nodes[a]["label"], view.nodes[b]["label"],
             tuple(sorted(view.edges[a, b]["edges"], key=lambda e: e["predicate"])))
        for a, b in zip(nodes, nodes[1:]))
    return Path(steps=steps, nodes=tuple(nodes))


def find_paths(g: nx.MultiDiGraph, source: str, target: str, *, max_length: int = 6,
               max_paths: int = 20, kinds: Iterable[str] = DEFAULT_KINDS) -> list[Path]:
    """Mechanism paths from ``source`` to ``target``, shortest first, at most ``max_paths``.

    Follows only edges of the given ``kinds`` (by default causal ones; add
    ``"structural"`` to follow e.g. *surrounds*). The search is a generator
    (Yen's k-shortest simple paths), so it stops after ``max_paths`` paths or at
    the first path longer than ``max_length`` steps. Ties are broken by labels.
    """
    if max_length < 1 or max_paths < 1:
        raise InputError(None, "max length and max paths must be at least 1")
    start, end = resolve_node(g, source), resolve_node(g, target)
    view = mechanism_view(g, kinds)
    if start == end:
        return []
    try:
        candidates = nx.shortest_simple_paths(view, start, end)
        taken = []
        for nodes in candidates:
            if len(nodes) - 1 > max_length or len(taken) >= max_paths:
                break
            taken.append(nodes)
    except nx.NetworkXNoPath:
        return []
    paths = [_path(view, nodes) for nodes in taken]
    return sorted(paths, key=lambda p: (len(p.steps), p.labels()))


@dataclass(frozen=True)
class SharedNode:
    """A node reachable from both conditions, with the shortest path from each."""

    node: str
    label: str
    category: str
    from_a: Path
    from_b: Path

    def as_dict(self) -> dict:
        return {"node": self.node, "label": self.label, "category": self.category,
                "distance_a": len(self.from_a.steps), "distance_b": len(self.from_b.steps),
                "path_from_a": self.from_a.as_dict(), "path_from_b": self.from_b.as_dict()}


def shared_mechanisms(g: nx.MultiDiGraph, a: str = "vitamin B12 deficiency",
                      b: str = "multiple sclerosis", *, max_length: int = 6,
                      kinds: Iterable[str] = DEFAULT_KINDS) -> list[SharedNode]:
    """Nodes both ``a`` and ``b`` lead to along causal edges, nearest first.

    Each comes with the shortest path from each condition, so every shared node
    is backed by the claims (sentences, certainty) that reach it.
    """
    start_a, start_b = resolve_node(g, a), resolve_node(g, b)
    view = mechanism_view(g, kinds)
    paths_a = nx.single_source_shortest_path(view, start_a, cutoff=max_length)
    paths_b = nx.single_source_shortest_path(view, start_b, cutoff=max_length)
    common = (set(paths_a) & set(paths_b)) - {start_a, start_b}
    shared = [SharedNode(n, view.nodes[n]["label"], view.nodes[n]["category"],
                         _path(view, paths_a[n]), _path(view, paths_b[n])) for n in common]
    return sorted(shared, key=lambda s: (s.category == "symptom",
                                         len(s.from_a.steps) + len(s.from_b.steps), s.label))
