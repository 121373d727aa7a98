"""KGX export (Biolink Model): nodes and edges as TSV or JSON, from the claim graph.

Node ids are the standard identifiers a merging graph uses (MONDO, CHEBI, GO,
UBERON, CL, HP, DOID, in that order of preference, from our exact mappings);
a class without one keeps its ``b12ms:`` CURIE. Every node has a Biolink
category and every edge a Biolink predicate, both declared in the ontology
(``b12ms:biolinkCategory``, ``b12ms:biolinkPredicate``). Edge provenance comes
from the claims: ``knowledge_level`` from the certainty, ``agent_type``
manual_agent (curated by people), the supporting sentences, claim ids and
source IRIs. A claim stated in a context ("In MS, ...") carries it as Biolink's
``disease_context_qualifier`` (edges stated in different contexts become separate
edges). Edges the toolkit derived (the ``inferred`` layer) are no source's claims:
``knowledge_level`` logical_entailment, or prediction for a cross-context
hypothesis, ``agent_type`` automated_agent, with their status, premise claims and
the weakest premise certainty, and no certainty of their own.

    >>> from kg.build import build_dataset
    >>> nodes, edges = kgx_records(build_dataset())
    >>> ms = next(n for n in nodes if n["name"] == "multiple sclerosis")
    >>> ms["id"], ms["category"]
    ('MONDO:0005301', ['biolink:Disease'])
    >>> e = next(e for e in edges if e["original_predicate"] == "b12ms:alleviatesSymptomsOf")
    >>> e["predicate"], e["knowledge_level"], e["agent_type"], e["disease_context_qualifier"]
    ('biolink:ameliorates_condition', 'prediction', 'manual_agent', 'MONDO:0005301')
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable

import networkx as nx
from rdflib import Dataset, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.certainty import strongest, weakest
from kg.lookup import as_iri, compact
from kg.namespaces import B12MS, DEFINITION, OBOINOWL
from kg.network import to_networkx
from kg.stores import as_source


def expand(curie: str) -> URIRef:
    """The IRI of a CURIE the network uses (or the IRI itself)."""
    return as_iri(curie) or URIRef(curie)


def _context_groups(evidence: list[dict]) -> list[tuple[str | None, list[dict]]]:
    """The claims of one edge grouped by the context they are stated in: one group
    without a qualifier if any claim states the edge in general, else one per context
    (a derived edge, with no claims, gives one group without a qualifier)."""
    if not evidence or any(not e.get("context") for e in evidence):
        return [(None, evidence)]
    contexts = sorted({e["context"] for e in evidence})
    return [(c, [e for e in evidence if e["context"] == c]) for c in contexts]

ID_PREFERENCE = ("MONDO", "CHEBI", "GO", "UBERON", "CL", "HP", "DOID")
KNOWLEDGE_LEVEL = {"asserted": "knowledge_assertion", "hypothesis": "prediction",
                   "open": "not_provided", None: "not_provided"}
AGENT_TYPE = "manual_agent"
#: derived edges: (knowledge_level, agent_type) by derivation status
DERIVED_PROVENANCE = {"derived": ("logical_entailment", "automated_agent"),
                      "cross-context hypothesis": ("prediction", "automated_agent")}
NODE_COLUMNS = ("id", "category", "name", "description", "synonym", "xref")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "original_predicate", "knowledge_level",
                "agent_type", "disease_context_qualifier", "publications", "supporting_text",
                "certainty", "status", "claim_ids", "premise_claim_ids",
                "weakest_premise_certainty", "source_iris", "layers")
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


def kgx_records(source, layers: Iterable[str] | None = None, *,  # noqa: ANN001
                graph: nx.MultiDiGraph | None = None) -> tuple[list[dict], list[dict]]:
    """KGX node and edge records (lists for multi-valued properties), sorted.

    ``source`` is a graph source, a store or an rdflib Dataset; ``graph`` is its network
    (:func:`kg.network.to_networkx`), if the caller has already read it.
    """
    chosen = as_source(source, layers)
    g = graph if graph is not None else to_networkx(chosen)
    ds = chosen.dataset()
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
        for context, evidence in _context_groups(data["evidence"]):
            qualifier = preferred_id(ds, expand(context)) if context else ""
            edge_id = f"{subject} {key} {obj}" + (f" in {qualifier}" if qualifier else "")
            record = {
                "id": f"urn:uuid:{uuid.uuid5(_EDGE_NAMESPACE, edge_id)}",
                "subject": subject,
                "predicate": predicate,
                "object": obj,
                "original_predicate": key,
                "disease_context_qualifier": qualifier,
                "publications": sorted({i for e in evidence for i in e.get("publications", [])}),
                "supporting_text": [e["sentence"] for e in evidence],
                "claim_ids": [e["claim_id"] for e in evidence],
                "source_iris": sorted({e["source"] for e in evidence}),
                "layers": data["layer"].split(";"),
            }
            if evidence:  # stated by a source
                certainty = strongest(e["certainty"] for e in evidence)
                record.update(knowledge_level=KNOWLEDGE_LEVEL[certainty], agent_type=AGENT_TYPE,
                              certainty=certainty or "", status="stated", premise_claim_ids=[],
                              weakest_premise_certainty="")
            else:  # derived by the toolkit: no source states it
                derived = data["derivations"]
                status = data["status"]
                if status == "derived" and len(data["contexts"]) == 1:  # all premises in one
                    record["disease_context_qualifier"] = preferred_id(
                        ds, expand(data["contexts"][0]))
                level, agent = DERIVED_PROVENANCE.get(status, ("not_provided", "automated_agent"))
                record.update(
                    knowledge_level=level, agent_type=agent, certainty="", status=status,
                    premise_claim_ids=sorted({c for d in derived for c in d["premises"]}),
                    weakest_premise_certainty=weakest(d["weakest_premise_certainty"]
                                                      for d in derived) or "",
                    layers=sorted({d["layer"] for d in derived}))
            edges.append(record)
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


def kgx_tsv(source=None, layers: Iterable[str] | None = None, *,  # noqa: ANN001
            records: tuple[list[dict], list[dict]] | None = None) -> dict[str, bytes]:
    """``{"nodes.tsv": ..., "edges.tsv": ...}`` (multi-valued cells joined by ``|``), from
    a source or from records already made."""
    nodes, edges = records if records is not None else kgx_records(source, layers)
    return {"nodes.tsv": _tsv(nodes, NODE_COLUMNS), "edges.tsv": _tsv(edges, EDGE_COLUMNS)}


def kgx_json(source=None, layers: Iterable[str] | None = None, *,  # noqa: ANN001
             records: tuple[list[dict], list[dict]] | None = None) -> bytes:
    """A KGX JSON document ``{"nodes": [...], "edges": [...]}``."""
    nodes, edges = records if records is not None else kgx_records(source, layers)
    return (json.dumps({"nodes": nodes, "edges": edges}, indent=2, ensure_ascii=False)
            + "\n").encode("utf-8")
