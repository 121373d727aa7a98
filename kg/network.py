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

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import RDFS

from kg.errors import InputError
from kg.lookup import compact
from kg.namespaces import CERTAINTY, CERTAINTY_ORDER, LAYERS, layer_name

_CERTAINTY_NAME = {iri: name for name, iri in CERTAINTY.items()}
DEFAULT_KINDS = ("causal",)
SIGNS = {"positive": 1, "negative": -1, "neutral": 0}
EFFECT_WORDS = {1: "increases", -1: "decreases", 0: "unsigned"}
STATE_WORDS = {1: "increased", -1: "decreased", 0: "affected, direction unknown"}


def _rank(certainty: str | None) -> int:
    return CERTAINTY_ORDER.index(certainty) if certainty in CERTAINTY_ORDER else -1


def weakest(certainties: Iterable[str | None]) -> str | None:
    """The weakest certainty (``open`` < ``hypothesis`` < ``asserted``).

    >>> weakest(["asserted", "hypothesis", "asserted"])
    'hypothesis'
    """
    values = list(certainties)
    return min(values, key=_rank) if values else None


def combined_sign(edges: Iterable[dict]) -> int:
    """The sign of parallel edges: theirs if they agree, else 0 (neutral or conflicting).

    >>> combined_sign([{"sign": "negative"}, {"sign": "negative"}])
    -1
    >>> combined_sign([{"sign": "negative"}, {"sign": "positive"}])
    0
    """
    signs = {SIGNS.get(e["sign"], 0) for e in edges}
    return signs.pop() if len(signs) == 1 else 0


def strongest(certainties: Iterable[str | None]) -> str | None:
    """The strongest certainty; an edge stated by several sources is as certain as the firmest.

    >>> strongest(["open", "asserted"])
    'asserted'
    """
    values = list(certainties)
    return max(values, key=_rank) if values else None


_PREFIXES = """PREFIX b12ms: <https://w3id.org/b12ms-kg/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oboInOwl: <http://www.geneontology.org/formats/oboInOwl#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_EDGES = _PREFIXES + """SELECT ?g ?s ?p ?o WHERE {
  { ?p a owl:ObjectProperty } UNION { VALUES ?p { rdfs:subClassOf } }
  GRAPH ?g { ?s ?p ?o }
  FILTER(?g != <%s> && isIRI(?s) && isIRI(?o))
  ?s a owl:Class . ?o a owl:Class .
}"""
_PROPERTIES = _PREFIXES + """SELECT ?p ?label ?kind ?sign WHERE {
  ?p a owl:ObjectProperty .
  OPTIONAL { ?p rdfs:label ?label } OPTIONAL { ?p b12ms:edgeKind ?kind }
  OPTIONAL { ?p b12ms:effectSign ?sign }
}"""
_EVIDENCE = _PREFIXES + """SELECT ?g ?s ?p ?o ?claim ?sentence ?start ?end ?certainty ?source ?context ?rule WHERE {
  GRAPH ?g { %s ?axiom a owl:Axiom ; owl:annotatedSource ?s ; owl:annotatedProperty ?p ;
             owl:annotatedTarget ?o .
    OPTIONAL { ?axiom dcterms:identifier ?claim } OPTIONAL { ?axiom b12ms:supportingText ?sentence }
    OPTIONAL { ?axiom b12ms:textStart ?start } OPTIONAL { ?axiom b12ms:textEnd ?end }
    OPTIONAL { ?axiom b12ms:certainty ?certainty } OPTIONAL { ?axiom dcterms:source ?source }
    OPTIONAL { ?axiom b12ms:context ?context } OPTIONAL { ?axiom b12ms:inferenceRule ?rule } }
}"""
#: derived axioms (the inferred layer): one row per premise claim and context
_DERIVATIONS = _PREFIXES + """SELECT ?g ?s ?p ?o ?axiom ?rule ?status ?weakest ?premise ?context WHERE {
  GRAPH ?g { %s ?axiom b12ms:inferenceRule ?rule ; owl:annotatedSource ?s ;
             owl:annotatedProperty ?p ; owl:annotatedTarget ?o .
    OPTIONAL { ?axiom b12ms:derivationStatus ?status }
    OPTIONAL { ?axiom b12ms:weakestPremiseCertainty ?weakest }
    OPTIONAL { ?axiom b12ms:premiseClaim ?premise } OPTIONAL { ?axiom b12ms:context ?context } }
}"""
_LABELS_OF = _PREFIXES + "SELECT ?c ?label WHERE { VALUES ?c { %s } ?c rdfs:label ?label }"
_PUBLICATIONS = _PREFIXES + """SELECT ?source ?id WHERE {
  ?axiom a owl:Axiom ; dcterms:source ?source . ?source dcterms:identifier ?id }"""
_SOURCE_IDS = _PREFIXES + "SELECT ?source ?id WHERE { VALUES ?source { %s } ?source dcterms:identifier ?id }"
_NODES = _PREFIXES + """SELECT ?c ?label WHERE { ?c a owl:Class ; rdfs:label ?label . FILTER(isIRI(?c)) }"""
_SYNONYMS = _PREFIXES + """SELECT ?c ?synonym WHERE { ?c oboInOwl:hasExactSynonym ?synonym }"""
_XREFS = _PREFIXES + """SELECT ?c ?x WHERE { { ?c skos:exactMatch ?x } UNION { ?c skos:closeMatch ?x } }"""
_CORRECTS = _PREFIXES + """SELECT ?c ?condition WHERE { ?c b12ms:corrects ?condition }"""
_PARENTS = _PREFIXES + """SELECT ?c ?parent WHERE {
  ?c rdfs:subClassOf ?parent . ?c a owl:Class . FILTER(isIRI(?c) && isIRI(?parent)) }"""


def _ancestors(store, labels: dict) -> tuple[dict[URIRef, list[URIRef]], dict[URIRef, str]]:  # noqa: ANN001, E501
    """Each class's superclasses (TBox and asserted; nearest first, then by IRI) and its
    category: the label of its top-level ancestor (e.g. 'disease or disorder')."""
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for child, parent in store.select(_PARENTS, {}).rows:
        parents[child].add(parent)
    ancestors, categories = {}, {}
    for cls in labels:
        seen, frontier, found = {cls}, [cls], []
        while frontier:
            following = []
            for node in frontier:
                for parent in sorted(parents.get(node, ())):
                    if parent not in seen:
                        seen.add(parent)
                        found.append(parent)
                        following.append(parent)
            frontier = following
        ancestors[cls] = found
        roots = [labels[a] for a in [cls, *found] if a in labels and not parents.get(a)]
        categories[cls] = sorted(roots)[0] if roots else ""
    return ancestors, categories



def queryable(source):  # noqa: ANN001, ANN201
    """A store to read ``source`` with: rdflib's SPARQL engine is slow, so an rdflib
    Dataset (or RdflibStore) is copied into an in-memory Oxigraph store first."""
    from kg.store import OxigraphStore, RdflibStore, as_store

    store = as_store(source)
    if isinstance(store, RdflibStore):
        copy = OxigraphStore()
        copy.load_dataset(store.ds)
        store = copy
    return store


def edge_properties(store) -> dict[URIRef, tuple[str, str, str]]:  # noqa: ANN001
    """Each relation's (label, kind, sign), as the TBox declares them."""
    properties = {p: (str(label or compact(p)), str(kind or "causal"), str(sign or "neutral"))
                  for p, label, kind, sign in store.select(_PROPERTIES, {}).rows}
    properties[RDFS.subClassOf] = ("subclass of", "taxonomic", "neutral")
    return properties


def claim_evidence(store, pairs: Iterable[tuple[URIRef, URIRef]] | None = None,  # noqa: ANN001
                   ) -> dict[tuple, list[dict]]:
    """The claims behind each edge, keyed by (graph, subject, predicate, object); with
    ``pairs``, only those of the edges between these (subject, object) pairs."""
    values = _pair_values(pairs)
    rows = [row[:-1] for row in store.select(_EVIDENCE % values, {}).rows if row[-1] is None]
    publications: dict[URIRef, list[str]] = defaultdict(list)
    # every claim's sources at once, or (a few edges) only the sources their claims cite;
    # a row's source IRI is its 10th column, its context the 11th
    query = _PUBLICATIONS if pairs is None else _SOURCE_IDS % " ".join(
        sorted({row[9].n3() for row in rows if row[9] is not None}))
    for src, identifier in store.select(query, {}).rows:
        publications[src].append(str(identifier))
    contexts = _labels_of(store, {row[10] for row in rows if row[10] is not None})
    evidence: dict[tuple, list[dict]] = defaultdict(list)
    for g, s, p, o, claim, sentence, start, end, certainty, src, context in rows:
        evidence[(g, s, p, o)].append({
            "claim_id": str(claim or ""), "sentence": str(sentence or ""),
            "start": int(start) if start is not None else None,
            "end": int(end) if end is not None else None,
            "certainty": _CERTAINTY_NAME.get(certainty),
            "source": str(src or ""), "publications": sorted(set(publications.get(src, []))),
            "context": compact(context) if context is not None else None,
            "context_label": contexts.get(context) if context is not None else None,
            "layer": layer_name(g)})
    return evidence


def _pair_values(pairs: Iterable[tuple[URIRef, URIRef]] | None) -> str:
    if pairs is None:
        return ""
    return "VALUES (?s ?o) { " + " ".join(f"({s.n3()} {o.n3()})" for s, o in pairs) + " }"


def _labels_of(store, iris: set) -> dict:  # noqa: ANN001
    """The labels of a few IRIs (IRI -> label string)."""
    if not iris:
        return {}
    query = _LABELS_OF % " ".join(sorted(i.n3() for i in iris))
    return {c: str(label) for c, label in store.select(query, {}).rows}


def derivation_evidence(store, pairs: Iterable[tuple[URIRef, URIRef]] | None = None,  # noqa: ANN001
                        ) -> dict[tuple, list[dict]]:
    """How each derived edge (of the ``inferred`` layer) was derived, keyed like
    :func:`claim_evidence`: rule, status, premise claims, their contexts and the weakest
    premise certainty. Derived edges carry no certainty of their own."""
    from kg.derivation import STATUS_NAME

    found: dict = {}
    rows = store.select(_DERIVATIONS % _pair_values(pairs), {}).rows
    contexts = _labels_of(store, {row[-1] for row in rows if row[-1] is not None})
    for g, s, p, o, axiom, rule, status, weakest_level, premise, context in rows:
        entry = found.setdefault((g, s, p, o, axiom), {
            "rule": str(rule), "status": STATUS_NAME.get(status, "derived"),
            "weakest_premise_certainty": _CERTAINTY_NAME.get(weakest_level),
            "premises": set(), "contexts": {}, "layer": layer_name(g)})
        if premise is not None:
            entry["premises"].add(str(premise))
        if context is not None:
            entry["contexts"][compact(context)] = contexts.get(context, compact(context))
    derived: dict[tuple, list[dict]] = defaultdict(list)
    for (g, s, p, o, _), entry in found.items():
        entry["premises"] = sorted(entry["premises"])
        entry["context_labels"] = [entry["contexts"][c] for c in sorted(entry["contexts"])]
        entry["contexts"] = sorted(entry["contexts"])
        derived[(g, s, p, o)].append(entry)
    for entries in derived.values():
        entries.sort(key=lambda e: (e["layer"], e["rule"], e["premises"]))
    return derived


def merge_edges(rows: Iterable[tuple], properties: dict, evidence: dict,
                wanted: set[str] | None = None, derivations: dict | None = None,
                ) -> dict[tuple[str, str, str], dict]:
    """Edges (graph, subject, predicate, object rows) merged over the layers that state
    them, keyed by (subject, object, predicate) CURIEs, with their claims and, for
    edges the toolkit derived, how they were derived."""
    merged: dict[tuple[str, str, str], dict] = {}
    derivations = derivations or {}
    for g, s, p, o in rows:
        layer = layer_name(g)
        if (wanted is not None and layer not in wanted) or p not in properties:
            continue
        key = (compact(s), compact(o), compact(p))
        label, kind, sign = properties[p]
        entry = merged.setdefault(key, {"predicate": compact(p), "iri": str(p),
                                        "predicate_label": label, "kind": kind, "sign": sign,
                                        "layers": set(), "evidence": [], "derivations": [],
                                        "ends": (s, o)})
        entry["layers"].add(layer)
        entry["evidence"] += evidence.get((g, s, p, o), [])
        entry["derivations"] += derivations.get((g, s, p, o), [])
    return merged


def edge_attributes(data: dict) -> dict:
    """The attributes of a merged edge in the networkx graph (see :func:`to_networkx`)."""
    from kg.derivation import STATED, edge_contexts

    rows = sorted(data["evidence"], key=lambda r: (r["layer"], r["claim_id"], r["start"] or 0))
    derived = data.get("derivations", [])
    contexts = edge_contexts(rows) if rows else (
        frozenset(c for d in derived for c in d["contexts"]) or None)
    return {
        **{k: data[k] for k in ("predicate", "iri", "predicate_label", "kind", "sign")},
        "layer": ";".join(sorted(data["layers"])),
        # the sources' certainty: stated edges only (a derived edge has none of its own)
        "certainty": strongest(r["certainty"] for r in rows),
        "status": STATED if rows or not derived else derived[0]["status"],
        "derivations": derived,
        "contexts": sorted(contexts) if contexts else [],
        "supports": len(rows),
        "sources": len({r["source"] for r in rows}),
        "claim_ids": ";".join(r["claim_id"] for r in rows),
        "sentence": rows[0]["sentence"] if rows else "",
        "evidence": rows,
    }


def to_networkx(source, layers: Iterable[str] | None = None) -> nx.MultiDiGraph:  # noqa: ANN001
    """Convert claim edges between classes into a ``networkx.MultiDiGraph``.

    ``source`` is an rdflib Dataset or any store of :mod:`kg.store` (rdflib, embedded
    Oxigraph, SPARQL endpoint); the graph is read with a few SPARQL queries, so no
    full rdflib copy of a large store is made. Nodes are CURIEs with ``label``,
    ``iri``, ``category``, ``synonyms``, ``xrefs``, ``ancestors`` (superclass CURIEs,
    nearest first; their labels in ``ancestor_labels``) and ``corrects`` (for an intervention, the condition it corrects); edges are keyed by predicate
    CURIE and carry ``predicate_label``, ``kind`` (causal, structural, association,
    inverse, taxonomic), ``sign``, ``layer`` (every layer that states the edge,
    ``;``-joined), ``certainty`` (the strongest of the supporting claims),
    ``supports`` and ``sources`` (how many claims and sources support it),
    ``claim_ids``, ``sentence`` and the full ``evidence`` list (one dict per claim,
    with its layer). Nodes and edges are added in sorted order, so iteration order
    (and every output derived from it) is deterministic.
    """
    store = queryable(source)
    wanted = set(layers) if layers is not None else None
    properties = edge_properties(store)
    evidence = claim_evidence(store)
    merged = merge_edges(store.select(_EDGES % LAYERS["ontology"], {}).rows, properties,
                         evidence, wanted, derivation_evidence(store))
    labels = {c: str(label) for c, label in store.select(_NODES, {}).rows}
    ends = {end for entry in merged.values() for end in entry["ends"]}
    synonyms: dict[URIRef, list[str]] = defaultdict(list)
    for c, synonym in store.select(_SYNONYMS, {}).rows:
        if c in ends:
            synonyms[c].append(str(synonym))
    xrefs: dict[URIRef, list[str]] = defaultdict(list)
    for c, x in store.select(_XREFS, {}).rows:
        if c in ends:
            xrefs[c].append(compact(x))
    ancestors, categories = _ancestors(store, labels)
    corrects: dict[URIRef, list[str]] = defaultdict(list)
    for c, condition in store.select(_CORRECTS, {}).rows:
        corrects[c].append(compact(condition))
    g = nx.MultiDiGraph(name="b12ms-kg")
    for iri in sorted(ends, key=compact):
        curie = compact(iri)
        g.add_node(curie, iri=str(iri), label=labels.get(iri, curie),
                   category=categories.get(iri, ""), synonyms=";".join(sorted(synonyms[iri])),
                   xrefs=";".join(sorted(xrefs[iri])),
                   ancestors=";".join(compact(a) for a in ancestors.get(iri, [])),
                   ancestor_labels=";".join(labels.get(a, compact(a))
                                            for a in ancestors.get(iri, [])),
                   corrects=";".join(sorted(corrects[iri])))
    for (source_node, target, key), data in sorted(merged.items()):
        g.add_edge(source_node, target, key=key, **edge_attributes(data))
    return g


def _name_tables(g: nx.MultiDiGraph) -> list[dict[str, list[str]]]:
    """Lookup tables (CURIE, IRI, label, synonym, xref -> nodes), built once per graph."""
    cache = g.graph.setdefault("_cache", {})
    if "names" not in cache:
        tables = []
        for field_name in ("curie", "iri", "label", "synonyms", "xrefs"):
            table: dict[str, list[str]] = defaultdict(list)
            for node, data in g.nodes(data=True):
                values = [node] if field_name == "curie" else [
                    v for v in data.get(field_name, "").split(";") if v]
                for value in {v.casefold() for v in values}:
                    table[value].append(node)
            tables.append(table)
        cache["names"] = tables
    return cache["names"]


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
    for table in _name_tables(g):
        hits = table.get(key, [])
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
        """The sources' certainty of the step: the firmest claim of its stated edges
        (None if only derived edges join the two nodes)."""
        return strongest(e["certainty"] for e in self.edges if e["certainty"])

    @property
    def stated(self) -> bool:
        return any(e.get("status", "stated") == "stated" for e in self.edges)

    @property
    def status(self) -> str:
        """``stated`` if a source states one of its edges, else the derived status."""
        if self.stated:
            return "stated"
        statuses = {e["status"] for e in self.edges}
        return "cross-context hypothesis" if "cross-context hypothesis" in statuses else "derived"

    @property
    def premise_certainty(self) -> str | None:
        """The certainty the step lends a chain: its sources' certainty if stated, else the
        weakest premise of the derivation behind it."""
        if self.stated:
            return self.certainty
        return weakest(d["weakest_premise_certainty"] for e in self.edges
                       for d in e.get("derivations", []) if d["weakest_premise_certainty"])

    @property
    def contexts(self) -> frozenset | None:
        """None if the step holds in general (an edge stated in general), else the
        contexts (CURIEs) its edges are stated in."""
        found: set[str] = set()
        for edge in self.edges:
            if not edge.get("contexts"):
                return None
            found.update(edge["contexts"])
        return frozenset(found)

    def context_labels(self) -> dict[str, str]:
        labels = {ev["context"]: ev.get("context_label") or ev["context"]
                  for e in self.edges for ev in e["evidence"] if ev.get("context")}
        for e in self.edges:
            for d in e.get("derivations", []):
                labels.update(zip(d["contexts"], d["context_labels"]))
        return labels

    @property
    def sign(self) -> int:
        """+1 (promotes), -1 (impairs) or 0 (neutral, or edges that disagree)."""
        return combined_sign(self.edges)


@dataclass(frozen=True)
class Path:
    """A mechanism path: a chain of claims the toolkit follows. A one-step path is the
    edge a source states (with the source's certainty); a longer one is derived: it has
    a status (``derived``, or ``cross-context hypothesis`` when its claims are stated in
    different contexts) and the weakest certainty among its premises, never a certainty
    of its own (see :mod:`kg.derivation`)."""

    steps: tuple[Step, ...]
    nodes: tuple[str, ...] = field(default=())

    @property
    def status(self) -> str:
        from kg.derivation import status

        if len(self.steps) == 1 and self.steps[0].stated:
            return "stated"
        return status((s.contexts for s in self.steps), derived=(s.status for s in self.steps))

    @property
    def certainty(self) -> str | None:
        """The source's certainty, for a one-step path a source states; None otherwise."""
        return self.steps[0].certainty if self.status == "stated" else None

    @property
    def weakest_premise_certainty(self) -> str | None:
        """The weakest certainty among the claims the path rests on."""
        return weakest(c for c in (s.premise_certainty for s in self.steps) if c)

    @property
    def cross_context(self) -> bool:
        return self.status == "cross-context hypothesis"

    def contexts(self) -> dict[str, str]:
        """Every context a step's claims are bound to: CURIE -> label, sorted by label."""
        labels: dict[str, str] = {}
        for step in self.steps:
            if step.contexts:
                names = step.context_labels()
                labels.update({c: names.get(c, c) for c in step.contexts})
        return dict(sorted(labels.items(), key=lambda item: (item[1], item[0])))

    def premise_claims(self) -> list[str]:
        return sorted({ev["claim_id"] for s in self.steps for e in s.edges
                       for ev in e["evidence"] if ev["claim_id"]}
                      | {c for s in self.steps for e in s.edges
                         for d in e.get("derivations", []) for c in d["premises"]})

    def labels(self) -> list[str]:
        return [self.steps[0].source_label] + [s.target_label for s in self.steps]

    @property
    def signs(self) -> list[int]:
        """The running effect on each node: the source is present (+1); each step
        multiplies by its sign, so an impaired producer gives an impaired product."""
        running = [1]
        for step in self.steps:
            running.append(running[-1] * step.sign)
        return running

    @property
    def sign(self) -> int:
        """Net effect of the source on the target: +1, -1, or 0 (a neutral step)."""
        return self.signs[-1]

    @property
    def effect(self) -> str:
        """The net effect in words: 'increases', 'decreases' or 'unsigned'."""
        return EFFECT_WORDS[self.sign]

    def states(self) -> list[str]:
        """Each node with its state along the path, e.g. 'myelination (decreased)'."""
        return [f"{label} ({'present' if i == 0 else STATE_WORDS[sign]})"
                for i, (label, sign) in enumerate(zip(self.labels(), self.signs))]

    def as_dict(self) -> dict:
        out = {"nodes": list(self.nodes), "labels": self.labels(), "length": len(self.steps),
               "status": self.status}
        if self.status == "stated":
            out["certainty"] = self.certainty
        out.update({"weakest_premise_certainty": self.weakest_premise_certainty,
                    "contexts": [{"id": c, "label": label} for c, label in self.contexts().items()],
                    "premise_claims": self.premise_claims(),
                    "net_effect": self.effect, "sign": self.sign, "states": self.states(),
                    "steps": [{"source": s.source, "target": s.target,
                               "source_label": s.source_label, "target_label": s.target_label,
                               "status": s.status, "certainty": s.certainty, "sign": s.sign,
                               "edges": [_public_edge(e) for e in s.edges]} for s in self.steps]})
        return out


def _public_edge(data: dict) -> dict:
    keys = ("predicate", "predicate_label", "kind", "sign", "layer", "status", "certainty",
            "contexts", "evidence", "derivations")
    return {k: data.get(k) for k in keys}


def mechanism_view(g: nx.MultiDiGraph, kinds: Iterable[str] = DEFAULT_KINDS) -> nx.DiGraph:
    """Collapse the edges of the given kinds into a DiGraph whose edges list them.

    Built once per graph and set of kinds (cached on the graph), so repeated path
    searches on a large graph do not rebuild it.
    """
    kinds = frozenset(kinds)
    cache = g.graph.setdefault("_cache", {})
    if ("view", kinds) not in cache:
        cache[("view", kinds)] = _build_view(g, kinds)
    return cache[("view", kinds)]


def _build_view(g: nx.MultiDiGraph, kinds: frozenset) -> nx.DiGraph:
    view = nx.DiGraph()
    view.add_nodes_from(g.nodes(data=True))
    for source, target, key, data in g.edges(keys=True, data=True):
        if data["kind"] not in kinds:
            continue
        if not view.has_edge(source, target):
            view.add_edge(source, target, edges=[])
        view.edges[source, target]["edges"].append(data)
    for _, _, data in view.edges(data=True):
        data["edges"] = without_restatements(data["edges"])
    return view


def without_restatements(edges: list[dict]) -> list[dict]:
    """Drop derived edges that only restate another edge between the same two nodes
    through a superproperty (*causes* entails *causally related to*): they add no
    mechanism, and their neutral sign would hide the step's sign.

    >>> stated = {"status": "stated", "derivations": []}
    >>> restated = {"status": "derived", "derivations": [{"rule": "subproperty of b12ms:x"}]}
    >>> without_restatements([stated, restated]) == [stated]
    True
    """
    def restates(edge: dict) -> bool:
        rules = [d["rule"] for d in edge.get("derivations", [])]
        return edge.get("status", "stated") != "stated" and bool(rules) and all(
            rule.startswith("subproperty of") for rule in rules)

    kept = [e for e in edges if not restates(e)]
    return kept or edges


def _path(view: nx.DiGraph, nodes: list[str]) -> Path:
    steps = tuple(
        Step(a, b, view.nodes[a]["label"], view.nodes[b]["label"],
             tuple(sorted(view.edges[a, b]["edges"], key=lambda e: e["predicate"])))
        for a, b in zip(nodes, nodes[1:]))
    return Path(steps=steps, nodes=tuple(nodes))


def find_paths(g: nx.MultiDiGraph, source: str, target: str, *, max_length: int = 6,
               max_paths: int = 20, kinds: Iterable[str] = DEFAULT_KINDS,
               time_limit: float | None = None) -> list[Path]:
    """Mechanism paths from ``source`` to ``target``, shortest first, at most ``max_paths``.

    Follows only edges of the given ``kinds`` (by default causal ones; add
    ``"structural"`` to follow e.g. *surrounds*). The search is a generator
    (Yen's k-shortest simple paths), so it stops after ``max_paths`` paths or at
    the first path longer than ``max_length`` steps, or when ``time_limit`` seconds
    have passed (returning the paths found so far). Ties are broken by labels.
    """
    check_bounds(max_length, max_paths)
    start, end = resolve_node(g, source), resolve_node(g, target)
    view = mechanism_view(g, kinds)
    taken = k_shortest(view, start, end, max_length=max_length, max_paths=max_paths,
                       time_limit=time_limit)
    return sorted((_path(view, nodes) for nodes in taken),
                  key=lambda p: (len(p.steps), p.labels()))


def check_bounds(max_length: int, max_paths: int) -> None:
    """Path search bounds must be at least 1 (an InputError otherwise)."""
    if max_length < 1 or max_paths < 1:
        raise InputError(None, "max length and max paths must be at least 1")


def k_shortest(view: nx.DiGraph, start: str, end: str, *, max_length: int, max_paths: int,
               time_limit: float | None = None) -> list[list[str]]:
    """The node lists of at most ``max_paths`` shortest simple paths of at most
    ``max_length`` steps, from a generator (Yen's algorithm) stopped at the first bound
    reached, or after ``time_limit`` seconds.

    >>> k_shortest(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]), "a", "c",
    ...            max_length=5, max_paths=5)
    [['a', 'c'], ['a', 'b', 'c']]
    """
    if start == end:
        return []
    deadline = None if time_limit is None else time.monotonic() + time_limit
    taken: list[list[str]] = []
    try:
        for nodes in nx.shortest_simple_paths(view, start, end):
            if len(nodes) - 1 > max_length or len(taken) >= max_paths:
                break
            taken.append(nodes)
            if deadline is not None and time.monotonic() > deadline:
                break
    except (nx.NetworkXNoPath, nx.NodeNotFound):  # no path at all, or a node without edges
        pass
    return taken


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
