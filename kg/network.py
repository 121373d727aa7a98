"""The graph as networkx: the edges between classes, each with the claims that state it
(or, for the ``inferred`` layer, how it was derived), read from any graph source.

    >>> from kg.build import build_dataset
    >>> g = to_networkx(build_dataset())
    >>> g.nodes["b12ms:MyelinSheath"]["label"]
    'myelin sheath'
    >>> e = g.edges["b12ms:VitaminB12Deficiency", "b12ms:Myelination", "b12ms:impairs"]
    >>> e["certainty"], e["claim_ids"], e["contexts"]
    ('asserted', 'C013', ['b12ms:VitaminB12Deficiency'])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import RDFS

from kg.certainty import CERTAINTY_NAME, strongest
from kg.derivation import STATED, STATUS_NAME, combined_status, edge_contexts
from kg.identifiers import compact
from kg.namespaces import LAYERS, layer_name
from kg.stores import GraphSource, as_source

_PREFIXES = """PREFIX b12ms: <https://w3id.org/b12ms-kg/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oboInOwl: <http://www.geneontology.org/formats/oboInOwl#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_EDGES = _PREFIXES + """SELECT ?g ?s ?p ?o WHERE {
  { ?p a owl:ObjectProperty } UNION { BIND(rdfs:subClassOf AS ?p) }
  GRAPH ?g { ?s ?p ?o }
  FILTER(?g != <%s> && isIRI(?s) && isIRI(?o))
  ?s a owl:Class . ?o a owl:Class .
}"""
#: the edges that leave or enter some nodes (``VALUES ?n``), of any kind
_EDGES_AT = _PREFIXES + """SELECT ?g ?s ?p ?o WHERE {
  VALUES ?n { %s }
  { ?p a owl:ObjectProperty } UNION { BIND(rdfs:subClassOf AS ?p) }
  { GRAPH ?g { ?n ?p ?o } BIND(?n AS ?s) } UNION { GRAPH ?g { ?s ?p ?n } BIND(?n AS ?o) }
  FILTER(?g != <%s> && isIRI(?s) && isIRI(?o))
  ?s a owl:Class . ?o a owl:Class .
}"""
#: the edges that leave some classes (``VALUES ?s``) for other classes, of any relation:
#: the caller keeps the relations it wants (joined with a pattern or a second VALUES
#: block that binds the relation, Oxigraph answers about a hundred times slower)
_EDGES_FROM = _PREFIXES + """SELECT ?g ?s ?p ?o WHERE {
  VALUES ?s { %s } ?s a owl:Class .
  GRAPH ?g { ?s ?p ?o }
  FILTER(?g != ONTOLOGY && isIRI(?o))
  ?o a owl:Class .
}""".replace("ONTOLOGY", LAYERS["ontology"].n3())
_PROPERTIES = _PREFIXES + """SELECT ?p ?label ?kind ?sign WHERE {
  ?p a owl:ObjectProperty .
  OPTIONAL { ?p rdfs:label ?label } OPTIONAL { ?p b12ms:edgeKind ?kind }
  OPTIONAL { ?p b12ms:effectSign ?sign }
}"""
_PATH_ENDS = _PREFIXES + """SELECT DISTINCT ?p WHERE { ?p b12ms:endsPaths true }"""
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
_ANY_DERIVATION = _PREFIXES + "ASK { GRAPH ?g { ?axiom b12ms:inferenceRule ?rule } }"
_LABELS_OF = _PREFIXES + "SELECT ?c ?label WHERE { VALUES ?c { %s } ?c rdfs:label ?label }"
_PUBLICATIONS = _PREFIXES + """SELECT ?source ?id WHERE {
  ?axiom a owl:Axiom ; dcterms:source ?source . ?source dcterms:identifier ?id }"""
_SOURCE_IDS = _PREFIXES + "SELECT ?source ?id WHERE { VALUES ?source { %s } ?source dcterms:identifier ?id }"
#: the node queries, of some classes (``VALUES ?c``, filled by :func:`select_values`):
#: what a subgraph reads; :func:`_every` asks one of every class
_SOME = "VALUES ?c { %s } "
_NODES_OF = _PREFIXES + """SELECT ?c ?label WHERE { VALUES ?c { %s } ?c a owl:Class ; rdfs:label ?label . FILTER(isIRI(?c)) }"""
_SYNONYMS_OF = _PREFIXES + """SELECT ?c ?synonym WHERE { VALUES ?c { %s } ?c oboInOwl:hasExactSynonym ?synonym }"""
_XREFS_OF = _PREFIXES + """SELECT ?c ?x WHERE { VALUES ?c { %s } { ?c skos:exactMatch ?x } UNION { ?c skos:closeMatch ?x } }"""
_DEFINITIONS_OF = _PREFIXES + """SELECT ?c ?definition WHERE {
  VALUES ?c { %s } ?c <http://purl.obolibrary.org/obo/IAO_0000115> ?definition }"""
_CORRECTS_OF = _PREFIXES + """SELECT ?c ?condition WHERE { VALUES ?c { %s } ?c b12ms:corrects ?condition }"""
_PARENTS_OF = _PREFIXES + """SELECT ?c ?parent WHERE {
  VALUES ?c { %s } ?c rdfs:subClassOf ?parent . ?c a owl:Class . FILTER(isIRI(?c) && isIRI(?parent)) }"""


def _every(query: str) -> str:
    """A node query asked of every class (its ``VALUES ?c`` block left out).

    >>> _every("SELECT ?c WHERE { VALUES ?c { %s } ?c a ?t }")
    'SELECT ?c WHERE { ?c a ?t }'
    """
    return query.replace(_SOME, "")


_NODES, _SYNONYMS, _XREFS = _every(_NODES_OF), _every(_SYNONYMS_OF), _every(_XREFS_OF)
_DEFINITIONS, _CORRECTS, _PARENTS = (_every(_DEFINITIONS_OF), _every(_CORRECTS_OF),
                                     _every(_PARENTS_OF))


def _parents(store, classes: Iterable[URIRef] | None = None,  # noqa: ANN001
             ) -> tuple[dict[URIRef, set[URIRef]], set[URIRef]]:
    """Each class's direct superclasses, and the classes whose superclasses were read:
    every class (one query), or with ``classes`` these and their ancestors, read level
    by level upwards (``VALUES`` blocks), so a subgraph never reads the whole hierarchy."""
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    if classes is None:
        for child, parent in store.select(_PARENTS, {}).rows:
            parents[child].add(parent)
        return parents, set(parents)
    frontier = set(classes)
    seen = set(frontier)
    while frontier:
        for child, parent in select_values(store, _PARENTS_OF, frontier):
            parents[child].add(parent)
        frontier = {p for c in frontier for p in parents.get(c, ())} - seen
        seen |= frontier
    return parents, seen


def _ancestors(store, labels: dict, classes: Iterable[URIRef] | None = None, *,  # noqa: ANN001
               parents: dict[URIRef, set[URIRef]] | None = None,
               ) -> tuple[dict[URIRef, list[URIRef]], dict[URIRef, str]]:
    """Each class's (of ``classes``, default: every labelled class) superclasses (TBox
    and asserted; nearest first, then by IRI) and its category: the label of its
    top-level ancestor (e.g. 'disease or disorder'). ``parents`` are the superclasses
    read by :func:`_parents` (default: the whole hierarchy, read here)."""
    if parents is None:
        parents, _ = _parents(store)
    ancestors, categories = {}, {}
    for cls in labels if classes is None else classes:
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


def select_values(store, query: str, iris: Iterable[URIRef]) -> list[tuple]:  # noqa: ANN001
    """The rows of ``query`` for these IRIs: its ``%s`` is filled with a VALUES list of at
    most :data:`BATCH` of them at a time (sorted, so the batches are the same each run)."""
    terms = sorted(URIRef(iri).n3() for iri in set(iris))
    rows: list[tuple] = []
    for i in range(0, len(terms), BATCH):
        rows += store.select(query % " ".join(terms[i:i + BATCH]), {}).rows
    return rows


def queryable(source, layers: Iterable[str] | None = None) -> GraphSource:  # noqa: ANN001
    """The graph source to read ``source`` with (its layers, or ``layers``), over a store
    that answers quickly (an rdflib Dataset is copied into an in-memory Oxigraph first)."""
    return as_source(source, layers).queryable()


def edge_properties(store) -> dict[URIRef, tuple[str, str, str]]:  # noqa: ANN001
    """Each relation's (label, kind, sign), as the TBox declares them."""
    properties = {p: (str(label or compact(p)), str(kind or "causal"), str(sign or "neutral"))
                  for p, label, kind, sign in store.select(_PROPERTIES, {}).rows}
    properties[RDFS.subClassOf] = ("subclass of", "taxonomic", "neutral")
    return properties


def path_ends(store) -> frozenset[URIRef]:  # noqa: ANN001
    """The relations marked ``b12ms:endsPaths``: a chain of edges may end with one of
    them but does not continue past its object (see :func:`kg.paths.k_shortest`)."""
    return frozenset(p for (p,) in store.select(_PATH_ENDS, {}).rows if isinstance(p, URIRef))


def claim_evidence(store, pairs: Iterable[tuple[URIRef, URIRef]] | None = None,  # noqa: ANN001
                   ) -> dict[tuple, list[dict]]:
    """The claims behind each edge, keyed by (graph, subject, predicate, object); with
    ``pairs``, only those of the edges between these (subject, object) pairs."""
    rows = [row[:-1] for values in _batched_pairs(pairs)
            for row in store.select(_EVIDENCE % values, {}).rows if row[-1] is None]
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
            "certainty": CERTAINTY_NAME.get(certainty),
            "source": str(src or ""), "publications": sorted(set(publications.get(src, []))),
            "context": compact(context) if context is not None else None,
            "context_label": contexts.get(context) if context is not None else None,
            "layer": layer_name(g)})
    return evidence


def _pair_values(pairs: Iterable[tuple[URIRef, URIRef]] | None) -> str:
    if pairs is None:
        return ""
    return "VALUES (?s ?o) { " + " ".join(f"({s.n3()} {o.n3()})" for s, o in pairs) + " }"


#: how many nodes or pairs one VALUES block holds: Oxigraph joins a long VALUES block
#: with a graph pattern in time that grows faster than its length (1,800 nodes: 25 s;
#: nine blocks of 200: 1.4 s)
BATCH = 200


def _batched_pairs(pairs: Iterable[tuple[URIRef, URIRef]] | None) -> list[str]:
    """VALUES blocks of at most BATCH pairs (one empty block: every edge)."""
    if pairs is None:
        return [""]
    pairs = list(pairs)
    return [_pair_values(pairs[i:i + BATCH]) for i in range(0, len(pairs), BATCH)]


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
    found: dict = {}
    if not store.select(_ANY_DERIVATION, {}).boolean:  # (no inferred layer read: one lookup
        return found                                     # instead of a query per batch)
    rows = [row for values in _batched_pairs(pairs)
            for row in store.select(_DERIVATIONS % values, {}).rows]
    contexts = _labels_of(store, {row[-1] for row in rows if row[-1] is not None})
    for g, s, p, o, axiom, rule, status, weakest_level, premise, context in rows:
        entry = found.setdefault((g, s, p, o, axiom), {
            "rule": str(rule), "status": STATUS_NAME.get(status, "derived"),
            "weakest_premise_certainty": CERTAINTY_NAME.get(weakest_level),
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
    rows = sorted(data["evidence"], key=lambda r: (r["layer"], r["claim_id"], r["start"] or 0))
    derived = data.get("derivations", [])
    contexts = edge_contexts(rows) if rows else (
        frozenset(c for d in derived for c in d["contexts"]) or None)
    return {
        **{k: data[k] for k in ("predicate", "iri", "predicate_label", "kind", "sign")},
        "layer": ";".join(sorted(data["layers"])),
        # the sources' certainty: stated edges only (a derived edge has none of its own)
        "certainty": strongest(r["certainty"] for r in rows),
        "status": STATED if rows or not derived else combined_status(
            d["status"] for d in derived),
        "derivations": derived,
        "contexts": sorted(contexts) if contexts else [],
        "supports": len(rows),
        "sources": len({r["source"] for r in rows}),
        "claim_ids": ";".join(r["claim_id"] for r in rows),
        "sentence": rows[0]["sentence"] if rows else "",
        "evidence": rows,
    }


def edges_at(store, nodes: Iterable[URIRef]) -> list[tuple]:  # noqa: ANN001
    """The (graph, subject, predicate, object) rows of the edges, of any kind, that leave
    or enter ``nodes`` (classes), as :func:`to_networkx` reads them."""
    terms = sorted(URIRef(n).n3() for n in set(nodes))
    rows = set()
    for i in range(0, len(terms), BATCH):
        query = _EDGES_AT % (" ".join(terms[i:i + BATCH]), LAYERS["ontology"])
        rows.update(store.select(query, {}).rows)
    return sorted(rows)


def edges_from(store, nodes: Iterable[URIRef], relations: Iterable[URIRef],  # noqa: ANN001
               ) -> list[tuple]:
    """The (graph, subject, predicate, object) rows of the edges of these ``relations``
    that leave ``nodes`` (classes) for classes, read :data:`BATCH` nodes at a time."""
    relations = set(relations)
    return sorted({row for row in select_values(store, _EDGES_FROM, nodes)
                   if row[2] in relations})


def to_networkx(source, layers: Iterable[str] | None = None, *,  # noqa: ANN001
                nodes: Iterable[URIRef] | None = None) -> nx.MultiDiGraph:
    """Convert claim edges between classes into a ``networkx.MultiDiGraph``.

    ``source`` is a :class:`kg.stores.GraphSource`, a store (rdflib, embedded Oxigraph,
    SPARQL endpoint) or an rdflib Dataset; only its layers (or ``layers``) are read, with
    a few SPARQL queries, so no full rdflib copy of a large store is made. Nodes are CURIEs with ``label``,
    ``iri``, ``category``, ``definition``, ``synonyms``, ``xrefs``, ``ancestors`` (superclass CURIEs,
    nearest first; their labels in ``ancestor_labels``) and ``corrects`` (for an intervention, the condition it corrects); edges are keyed by predicate
    CURIE and carry ``predicate_label``, ``kind`` (causal, structural, association,
    inverse, taxonomic), ``sign``, ``layer`` (every layer that states the edge,
    ``;``-joined), ``certainty`` (the strongest of the supporting claims),
    ``supports`` and ``sources`` (how many claims and sources support it),
    ``claim_ids``, ``sentence`` and the full ``evidence`` list (one dict per claim,
    with its layer). Nodes and edges are added in sorted order, so iteration order
    (and every output derived from it) is deterministic.

    With ``nodes`` (class IRIs), only the edges between two of them are read, with their
    claims, and only their nodes' attributes (``VALUES`` queries; their superclasses read
    level by level): the subgraph those nodes induce in the full graph, with the same
    attributes, read without a store-wide query (see :mod:`kg.localnet`).
    """
    store = queryable(source, layers)
    wanted = set(store.layers)
    properties = edge_properties(store)
    if nodes is None:
        rows, pairs = store.select(_EDGES % LAYERS["ontology"], {}).rows, None
    else:
        inside = set(nodes)
        rows = [row for row in edges_from(store, inside, properties) if row[3] in inside]
        pairs = sorted({(s, o) for _, s, _, o in rows})
    evidence = claim_evidence(store, pairs) if pairs is None or pairs else {}
    derivations = derivation_evidence(store, pairs) if pairs is None or pairs else {}
    merged = merge_edges(rows, properties, evidence, wanted, derivations)
    ends = {end for entry in merged.values() for end in entry["ends"]}
    def read(query: str, classes: set[URIRef]) -> list[tuple]:
        """A node query's rows: of every class (store-wide), or of these classes only."""
        if nodes is None:
            return store.select(_every(query), {}).rows
        return select_values(store, query, classes)

    # every class, or only the ends of the edges read and (for labels) their ancestors
    parents, hierarchy = _parents(store, None if nodes is None else ends)
    labels = {c: str(label) for c, label in read(_NODES_OF, hierarchy)}
    synonyms: dict[URIRef, list[str]] = defaultdict(list)
    for c, synonym in read(_SYNONYMS_OF, ends):
        if c in ends:
            synonyms[c].append(str(synonym))
    xrefs: dict[URIRef, list[str]] = defaultdict(list)
    for c, x in read(_XREFS_OF, ends):
        if c in ends:
            xrefs[c].append(compact(x))
    definitions: dict[URIRef, str] = {}
    for c, definition in read(_DEFINITIONS_OF, ends):
        if c in ends:
            definitions[c] = min(definitions.get(c, str(definition)), str(definition))
    ancestors, categories = _ancestors(store, labels, None if nodes is None else ends,
                                       parents=parents)
    corrects: dict[URIRef, list[str]] = defaultdict(list)
    for c, condition in read(_CORRECTS_OF, ends):
        corrects[c].append(compact(condition))
    # relations a path may end with but not pass (CURIEs; a string, so GraphML keeps it)
    g = nx.MultiDiGraph(name="b12ms-kg",
                        path_ends=";".join(sorted(compact(p) for p in path_ends(store))))
    for iri in sorted(ends, key=compact):
        curie = compact(iri)
        g.add_node(curie, iri=str(iri), label=labels.get(iri, curie),
                   category=categories.get(iri, ""), definition=definitions.get(iri, ""),
                   synonyms=";".join(sorted(synonyms[iri])),
                   xrefs=";".join(sorted(xrefs[iri])),
                   ancestors=";".join(compact(a) for a in ancestors.get(iri, [])),
                   ancestor_labels=";".join(labels.get(a, compact(a))
                                            for a in ancestors.get(iri, [])),
                   corrects=";".join(sorted(corrects[iri])))
    for (source_node, target, key), data in sorted(merged.items()):
        g.add_edge(source_node, target, key=key, **edge_attributes(data))
    return g


__all__ = ["claim_evidence", "derivation_evidence", "edge_attributes", "edge_properties",
           "edges_at", "edges_from", "merge_edges", "path_ends", "queryable", "select_values", "to_networkx"]
