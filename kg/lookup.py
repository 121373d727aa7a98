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

import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.identifiers import as_iri, compact, expand_curie, is_valid_iri
from kg.names import NameLookup, name_key, resolve_name
from kg.namespaces import OBOINOWL_BASE

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.namespace import NamespaceManager

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
EXACT_SYNONYM = OBOINOWL_BASE + "hasExactSynonym"


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
        from rdflib import URIRef
        from rdflib.namespace import RDFS, SKOS

        index = cls(namespace_manager=graph.namespace_manager, graph=graph)
        for subject, label in graph.subject_objects(RDFS.label):
            if isinstance(subject, URIRef):
                index.labels[name_key(str(label))].add(subject)
                index.known.add(subject)
        for subject, label in graph.subject_objects(URIRef(EXACT_SYNONYM)):
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

    def names(self, what: str = "entity") -> list[str]:
        """The labels and exact synonyms of the terms of a kind: ``entity`` (classes and
        individuals), ``predicate`` (object and data properties), ``source type`` (kinds
        of information source), for suggestions."""
        return sorted(names_in(self._graph(), what))

    def _graph(self) -> Graph:
        from rdflib import Graph

        return self.graph if self.graph is not None else Graph()

    def resolve(self, text: str, *, where: str | None = None, line: int | None = None,
                synonyms: bool = True, what: str = "entity") -> URIRef:
        """Return the IRI that ``text`` names; raise :class:`InputError` if none or several
        (the error for none suggests close names of terms of kind ``what``)."""
        from rdflib import URIRef

        lookup = NameLookup(labels=self.labels.get, synonyms=self.synonyms.get,
                            identifier=lambda iri: term if (term := URIRef(iri)) in self.known
                            else None,
                            mapped=lambda iri: self.xrefs.get(URIRef(iri)), show=compact,
                            names=lambda: names_in(self._graph(), what, curies=":" in text))
        return resolve_name(text, lookup, where=where, line=line, synonyms=synonyms, what=what)


#: the SPARQL pattern that selects the terms (?s) of each kind a name can be asked for
_KINDS = {
    "entity": "{ ?s a owl:Class } UNION { ?s a owl:NamedIndividual }",
    "predicate": "VALUES ?type { owl:ObjectProperty owl:DatatypeProperty } ?s a ?type",
    "source type": "?s rdfs:subClassOf* <https://w3id.org/b12ms-kg/InformationSource>",
}
_NAMES_QUERY = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oboInOwl: <http://www.geneontology.org/formats/oboInOwl#>
SELECT DISTINCT ?s ?name WHERE {
  %s
  { ?s rdfs:label ?name } UNION { ?s oboInOwl:hasExactSynonym ?name }
  FILTER(isIRI(?s))
} ORDER BY ?name"""


def names_in(source, what: str = "entity", *, curies: bool = False) -> set[str]:  # noqa: ANN001
    """The labels and exact synonyms of the terms of kind ``what`` (see
    :meth:`LabelIndex.names`) in an rdflib graph or a store, and their CURIEs too with
    ``curies`` (for a mistyped CURIE).

    >>> from kg.build import load_tbox
    >>> "review article" in names_in(load_tbox(), "source type")
    True
    >>> "b12ms:ReviewArticle" in names_in(load_tbox(), "source type", curies=True)
    True
    """
    query = _NAMES_QUERY % _KINDS[what]
    rows = source.query(query) if _is_graph(source) else source.select(query, {}).rows
    found = set()
    for term, name in rows:
        found.add(str(name))
        if curies:
            found.add(compact(term))
    return found


def _is_graph(source) -> bool:  # noqa: ANN001
    """True if ``source`` is an rdflib Graph (without importing rdflib: were it not
    imported, nothing could be one)."""
    rdflib = sys.modules.get("rdflib")
    return rdflib is not None and isinstance(source, rdflib.Graph)


_LABEL_QUERY = """SELECT DISTINCT ?s WHERE {
  ?s <%s> ?label . FILTER(isIRI(?s) && LCASE(STR(?label)) = ?text) } ORDER BY ?s"""
#: the label matches of several name keys, in one pass over the labels
_LABELS_QUERY = """SELECT DISTINCT ?key ?s WHERE {
  VALUES ?key { %s }
  { SELECT ?s (LCASE(STR(?label)) AS ?key) WHERE { ?s <%s> ?label . FILTER(isIRI(?s)) } } }
ORDER BY ?key ?s"""
_XREF_QUERY = """SELECT DISTINCT ?s WHERE {
  { ?s <http://www.w3.org/2004/02/skos/core#exactMatch> ?x }
  UNION { ?s <http://www.w3.org/2004/02/skos/core#closeMatch> ?x } } ORDER BY ?s"""


def resolve_in_store(store, text: str, *, where: str | None = None,  # noqa: ANN001
                     synonyms: bool = True, what: str = "entity") -> URIRef:
    """Like :meth:`LabelIndex.resolve`, but by SPARQL against any store (label, exact
    synonym, CURIE or IRI of a term in the graph, or an external term mapped to one)."""
    from rdflib import URIRef

    return URIRef(resolve_iri_in_store(store, text, where=where, synonyms=synonyms, what=what))


def resolve_iri_in_store(store, text: str, *, where: str | None = None,  # noqa: ANN001
                         synonyms: bool = True, what: str = "entity") -> str:
    """:func:`resolve_in_store`, the IRI as text. A CURIE or IRI of a term in the graph is
    found with one ASK, its IRI bound as text (see :func:`kg.stores.base.bind_values`),
    without importing rdflib; a label, synonym or mapped identifier is looked up with
    rdflib terms."""
    return str(resolve_name(text, _store_lookup(store, text, what), where=where,
                            synonyms=synonyms, what=what))


def resolve_iris_in_store(store, texts: Iterable[str], *,  # noqa: ANN001
                          what: str = "entity") -> list[str]:
    """:func:`resolve_iri_in_store` for several names, their labels read in one pass over
    the store's labels: a pass reads every label (about 0.4 s on a 2M-triple store),
    whatever the number of names. The same IRIs, and the same errors, as one by one."""
    texts = list(texts)
    keys = sorted({name_key(text.strip()) for text in texts})
    if len(keys) < 2:
        return [resolve_iri_in_store(store, text, what=what) for text in texts]
    from rdflib import Literal

    labelled: dict[str, list] = defaultdict(list)
    values = " ".join(Literal(key).n3() for key in keys)  # escaped by rdflib
    for key, term in store.select(_LABELS_QUERY % (values, RDFS_LABEL), {}).rows:
        labelled[str(key)].append(term)
    return [str(resolve_name(text, _store_lookup(store, text, what, labels=labelled),
                             what=what)) for text in texts]


def _store_lookup(store, text: str, what: str,  # noqa: ANN001
                  labels: dict[str, list] | None = None) -> NameLookup:
    """Where :func:`resolve_name` looks ``text`` up in a store (``labels``: the label
    matches by name key, read beforehand)."""
    def labelled(predicate: str):  # noqa: ANN202
        def found(key: str) -> list:
            from rdflib import Literal

            return [row[0] for row in store.select(_LABEL_QUERY % predicate,
                                                   {"text": Literal(key)}).rows]
        return found

    # an identifier of a term in the graph names that term: one index lookup, before the
    # label searches (which read every label)
    return NameLookup(
        labels=labelled(RDFS_LABEL) if labels is None else (lambda key: labels.get(key, [])),
        synonyms=labelled(EXACT_SYNONYM),
        identifier=lambda iri: iri if store.select("ASK { ?iri ?p ?o }", {"iri": iri}).boolean
        else None,
        mapped=lambda iri: [row[0] for row in store.select(_XREF_QUERY, {"x": iri}).rows],
        show=compact, names=lambda: names_in(store, what, curies=":" in text))


__all__ = ["LabelIndex", "as_iri", "names_in", "compact", "expand_curie", "is_valid_iri",
           "resolve_in_store", "resolve_iri_in_store", "resolve_iris_in_store"]
