"""KGX export (Biolink Model): nodes and edges as TSV or JSON, from the claim graph.

Node ids are the standard identifiers a merging graph uses (MONDO, CHEBI, GO,
UBERON, CL, HP, DOID, in that order of preference, from our exact mappings);
a class without one keeps its ``b12ms:`` CURIE. Every node has a Biolink
category and every edge a Biolink predicate, both declared in the ontology
(``b12ms:biolinkCategory``, ``b12ms:biolinkPredicate``). Edge provenance comes
from the claims: ``knowledge_level`` from the certainty, ``agent_type``
manual_agent (curated by people), the supporting sentences, claim ids and
source IRIs.

    >>> from kg.build import build_dataset
    >>> nodes, edges = kgx_records(build_dataset())
    >>> ms = next(n for n in nodes if n["name"] == "multiple sclerosis")
    >>> ms["id"], ms["category"]
    ('MONDO:0005301', ['biolink:Disease'])
    >>> e = next(e for e in edges if e["original_predicate"] == "b12ms:alleviatesSymptomsOf")
    >>> e["predicate"], e["knowledge_level"], e["agent_type"]
    ('biolink:ameliorates_condition', 'prediction', 'manual_agent')
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable

from rdflib import Dataset, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.lookup import compact
from kg.namespaces import B12MS, DEFINITION, OBOINOWL
from kg.network import to_networkx

ID_PREFERENCE = ("MONDO", "CHEBI", "GO", "UBERON", "CL", "HP", "DOID")
KNOWLEDGE_LEVEL = {"asserted": "knowledge_assertion", "hypothesis": "prediction",
                   "open": "not_provided", None: "not_provided"}
AGENT_TYPE = "manual_agent"
NODE_COLUMNS = ("id", "category", "name", "description", "synonym", "xref")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "original_predicate", "knowledge_level",
                "agent_type", "publications", "supporting_text", "certainty", "claim_ids",
                "source_iris", "layers")
_EDGE_NAMESPACE = uuid.UUID("6f3b8a52-9f1e-4c7a-9a0b-b12a5c0ffee0")


def biolink_category(ds: Dataset, cls: URIRef) -> str:
    """The nearest ``b12ms:biolinkCategory`` up the class hierarchy (biolink:NamedThing if none)."""
    frontier, seen = [cls], {cls}
    while frontier:
        following = []
        for node in frontier:
            declared = ds.value(node, B12MS.biolinkCategory)
            if declared is not None:
                return str(declared)
            for parent in sorted(ds.objects(node, RDFS.subClassOf), key=str):
                if isinstance(parent, URIRef) and parent not in seen:
                    seen.add(parent)
                    following.append(parent)
        frontier = following
    return "biolink:NamedThing"


def preferred_id(ds: Dataset, cls: URIRef) -> str:
    """The standard identifier a KG consumer expects for ``cls`` (or its own CURIE)."""
    exact = [compact(o) for o in ds.objects(cls, SKOS.exactMatch)]
    for prefix in ID_PREFERENCE:
        matches = sorted(c for c in exact if c.startswith(prefix + ":"))
        if matches:
            return matches[0]
    return compact(cls)


def kgx_records(ds: Dataset, layers: Iterable[str] | None = None) -> tuple[list[dict], list[dict]]:
    """KGX node and edge records (lists for multi-valued properties), sorted."""
    g = to_networkx(ds, layers)
    ids, nodes = {}, []
    for curie, data in g.nodes(data=True):
        iri = URIRef(data["iri"])
        ids[curie] = preferred_id(ds, iri)
        exact = sorted(compact(o) for o in ds.objects(iri, SKOS.exactMatch))
        nodes.append({
            "id": ids[curie],
            "category": [biolink_category(ds, iri)],
            "name": data["label"],
            "description": str(ds.value(iri, DEFINITION) or ""),
            "synonym": sorted(str(s) for s in ds.objects(iri, OBOINOWL.hasExactSynonym)),
            "xref": sorted({curie, *exact} - {ids[curie]}),
        })
    edges = []
    for source, target, key, data in g.edges(keys=True, data=True):
        predicate = "biolink:subclass_of" if key == "rdfs:subClassOf" else str(
            ds.value(URIRef(data["iri"]), B12MS.biolinkPredicate) or "biolink:related_to")
        subject, obj = ids[source], ids[target]
        evidence = data["evidence"]
        edges.append({
            "id": f"urn:uuid:{uuid.uuid5(_EDGE_NAMESPACE, f'{subject} {key} {obj}')}",
            "subject": subject,
            "predicate": predicate,
            "object": obj,
            "original_predicate": key,
            "knowledge_level": KNOWLEDGE_LEVEL[data["certainty"]],
            "agent_type": AGENT_TYPE,
            "publications": sorted({i for e in evidence for i in e.get("publications", [])}),
            "supporting_text": [e["sentence"] for e in evidence],
            "certainty": data["certainty"] or "",
            "claim_ids": [e["claim_id"] for e in evidence],
            "source_iris": sorted({e["source"] for e in evidence}),
            "layers": data["layer"].split(";"),
        })
    nodes.sort(key=lambda n: n["id"])
    edges.sort(key=lambda e: (e["subject"], e["predicate"], e["object"], e["original_predicate"]))
    return nodes, edges


def _tsv(records: list[dict], columns: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for record in records:
        writer.writerow(["|".join(v) if isinstance(v, list) else v for v in
                         (record[c] for c in columns)])
    return out.getvalue().encode("utf-8")


def kgx_tsv(ds: Dataset, layers: Iterable[str] | None = None) -> dict[str, bytes]:
    """``{"nodes.tsv": ..., "edges.tsv": ...}`` (multi-valued cells joined by ``|``)."""
    nodes, edges = kgx_records(ds, layers)
    return {"nodes.tsv": _tsv(nodes, NODE_COLUMNS), "edges.tsv": _tsv(edges, EDGE_COLUMNS)}


def kgx_json(ds: Dataset, layers: Iterable[str] | None = None) -> bytes:
    """A KGX JSON document ``{"nodes": [...], "edges": [...]}``."""
    nodes, edges = kgx_records(ds, layers)
    return (json.dumps({"nodes": nodes, "edges": edges}, indent=2, ensure_ascii=False)
            + "\n").encode("utf-8")
