"""Resolve what a user types (label, synonym, CURIE or IRI) to an IRI.

    >>> from kg.build import build_dataset
    >>> idx = LabelIndex.from_graph(build_dataset())
    >>> idx.resolve("Cobalamin").n3(idx.namespace_manager)
    'b12ms:VitaminB12'
    >>> idx.resolve("RO:0002452").n3(idx.namespace_manager)
    'obo:RO_0002452'
    >>> idx.resolve("MONDO:0005301").n3(idx.namespace_manager)  # a mapped external term
    'b12ms:MultipleSclerosis'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS, NamespaceManager

from kg.identifiers import as_iri, compact, expand_curie, is_valid_iri
from kg.names import NameLookup, name_key, resolve_name
from kg.namespaces import OBOINOWL


@dataclass
class LabelIndex:
    """Case-insensitive map from labels and exact synonyms to IRIs."""

    labels: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    synonyms: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    #: external term (e.g. MONDO:0005301) -> our classes mapped to it (exact or close)
    xrefs: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    known: set[URIRef] = field(default_factory=set)
    namespace_manager: NamespaceManager | None = None
    graph: Graph | None = None

    @classmethod
    def from_graph(cls, graph: Graph) -> "LabelIndex":
        index = cls(namespace_manager=graph.namespace_manager, graph=graph)
        for subject, label in graph.subject_objects(RDFS.label):
            if isinstance(subject, URIRef):
                index.labels[name_key(str(label))].add(subject)
                index.known.add(subject)
        for subject, label in graph.subject_objects(OBOINOWL.hasExactSynonym):
            if isinstance(subject, URIRef):
                index.synonyms[name_key(str(label))].add(subject)
        for predicate in (SKOS.exactMatch, SKOS.closeMatch):
            for subject, target in graph.subject_objects(predicate):
                if isinstance(subject, URIRef) and isinstance(target, URIRef):
                    index.xrefs[target].add(subject)
        return index

    def label_of(self, iri: URIRef) -> str | None:
        for label, iris in self.labels.items():
            if iri in iris:
                return label
        return None

    def resolve(self, text: str, *, where: str | None = None, line: int | None = None,
                synonyms: bool = True) -> URIRef:
        """Return the IRI that ``text`` names; raise :class:`InputError` if none or several."""
        lookup = NameLookup(labels=self.labels.get, synonyms=self.synonyms.get,
                            identifier=lambda iri: iri if iri in self.known else None,
                            mapped=self.xrefs.get, show=compact)
        return resolve_name(text, lookup, where=where, line=line, synonyms=synonyms)


_LABEL_QUERY = """SELECT DISTINCT ?s WHERE {
  ?s <%s> ?label . FILTER(isIRI(?s) && LCASE(STR(?label)) = ?text) } ORDER BY ?s"""
_XREF_QUERY = """SELECT DISTINCT ?s WHERE {
  { ?s <http://www.w3.org/2004/02/skos/core#exactMatch> ?x }
  UNION { ?s <http://www.w3.org/2004/02/skos/core#closeMatch> ?x } } ORDER BY ?s"""


def resolve_in_store(store, text: str, *, where: str | None = None,  # noqa: ANN001
                     synonyms: bool = True) -> URIRef:
    """Like :meth:`LabelIndex.resolve`, but by SPARQL against any store (label, exact
    synonym, CURIE or IRI of a term in the graph, or an external term mapped to one)."""
    def labelled(predicate: URIRef):  # noqa: ANN202
        return lambda key: [row[0] for row in store.select(
            _LABEL_QUERY % predicate, {"text": Literal(key)}).rows]

    # an identifier of a term in the graph names that term: one index lookup, before the
    # label searches (which read every label)
    lookup = NameLookup(
        labels=labelled(RDFS.label), synonyms=labelled(OBOINOWL.hasExactSynonym),
        identifier=lambda iri: iri if store.select("ASK { ?iri ?p ?o }", {"iri": iri}).boolean
        else None,
        mapped=lambda iri: [row[0] for row in store.select(_XREF_QUERY, {"x": iri}).rows],
        show=compact)
    return resolve_name(text, lookup, where=where, synonyms=synonyms)


__all__ = ["LabelIndex", "as_iri", "compact", "expand_curie", "is_valid_iri",
           "resolve_in_store"]
