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

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS, NamespaceManager

from kg.errors import InputError
from kg.namespaces import CONVERTER, OBOINOWL

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_CURIE = re.compile(r"^([A-Za-z_][\w.-]*):(\S*)$")


def is_valid_iri(text: str) -> bool:
    """True if ``text`` is an absolute IRI without characters SPARQL/Turtle forbid.

    >>> is_valid_iri("https://w3id.org/b12ms-kg/X"), is_valid_iri("http://x/a> } DROP ALL #")
    (True, False)
    """
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text)) and not _IRI_FORBIDDEN.search(text)


def expand_curie(text: str) -> URIRef | None:
    """Expand ``prefix:local`` with the project's prefix map, or return None.

    >>> expand_curie("RO:0002452")
    rdflib.term.URIRef('http://purl.obolibrary.org/obo/RO_0002452')
    """
    if not _CURIE.match(text):
        return None
    iri = CONVERTER.expand(text)
    return URIRef(iri) if iri and is_valid_iri(iri) else None


def as_iri(text: str) -> URIRef | None:
    """The IRI that ``text`` spells as a CURIE, an IRI or an ``<IRI>``, else None.

    >>> as_iri("b12ms:Fatigue"), as_iri("<https://w3id.org/b12ms-kg/Fatigue>"), as_iri("fatigue")
    (rdflib.term.URIRef('https://w3id.org/b12ms-kg/Fatigue'), rdflib.term.URIRef('https://w3id.org/b12ms-kg/Fatigue'), None)
    """
    bare = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    iri = expand_curie(bare)
    if iri is None and is_valid_iri(bare) and "://" in bare:
        iri = URIRef(bare)
    return iri


def compact(iri: URIRef, manager: NamespaceManager | None = None) -> str:
    """Return a CURIE for ``iri`` with the project's prefixes, or the IRI itself.

    >>> compact(URIRef("https://w3id.org/b12ms-kg/MyelinSheath"))
    'b12ms:MyelinSheath'
    >>> compact(URIRef("http://purl.obolibrary.org/obo/RO_0002452"))
    'RO:0002452'
    """
    return _compact_text(str(iri))


@functools.lru_cache(maxsize=1 << 18)
def _compact_text(iri: str) -> str:
    """The CURIE of an IRI string, cached: a large network or result compacts the same
    few thousand IRIs hundreds of thousands of times (curies takes about 2 µs each)."""
    return CONVERTER.compress(iri) or iri


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
                index.labels[str(label).casefold()].add(subject)
                index.known.add(subject)
        for subject, label in graph.subject_objects(OBOINOWL.hasExactSynonym):
            if isinstance(subject, URIRef):
                index.synonyms[str(label).casefold()].add(subject)
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
        text = text.strip()
        iri = as_iri(text)
        if iri is not None and iri in self.known:  # an identifier names its own term
            return iri
        key = text.casefold()
        for table in (self.labels, self.synonyms if synonyms else {}):
            found = table.get(key, set())
            if len(found) == 1:
                return next(iter(found))
            if len(found) > 1:
                names = ", ".join(sorted(compact(i) for i in found))
                raise InputError(where, f"'{text}' is ambiguous: it names {names}", line)
        mapped = self.xrefs.get(iri, set()) if iri is not None else set()
        if len(mapped) == 1:
            return next(iter(mapped))
        if len(mapped) > 1:
            names = ", ".join(sorted(compact(i) for i in mapped))
            raise InputError(where, f"'{text}' maps to several terms: {names}", line)
        raise InputError(where, f"unknown entity '{text}' (give a label, synonym, CURIE or IRI "
                         "of a term in the graph)", line)


_LABEL_QUERY = """SELECT DISTINCT ?s WHERE {
  ?s <%s> ?label . FILTER(isIRI(?s) && LCASE(STR(?label)) = ?text) } ORDER BY ?s"""
_XREF_QUERY = """SELECT DISTINCT ?s WHERE {
  { ?s <http://www.w3.org/2004/02/skos/core#exactMatch> ?x }
  UNION { ?s <http://www.w3.org/2004/02/skos/core#closeMatch> ?x } } ORDER BY ?s"""


def resolve_in_store(store, text: str, *, where: str | None = None,  # noqa: ANN001
                     synonyms: bool = True) -> URIRef:
    """Like :meth:`LabelIndex.resolve`, but by SPARQL against any store (label, exact
    synonym, CURIE or IRI of a term in the graph, or an external term mapped to one)."""
    from rdflib import Literal

    text = text.strip()
    # an identifier of a term in the graph names that term: one index lookup, before the
    # label searches (which read every label)
    iri = as_iri(text)
    if iri is not None and store.select("ASK { ?iri ?p ?o }", {"iri": iri}).boolean:
        return iri
    key = Literal(text.lower())
    for predicate in (RDFS.label, OBOINOWL.hasExactSynonym) if synonyms else (RDFS.label,):
        found = [row[0] for row in store.select(_LABEL_QUERY % predicate, {"text": key}).rows]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(compact(i) for i in found)
            raise InputError(where, f"'{text}' is ambiguous: it names {names}")
    if iri is not None:
        mapped = [row[0] for row in store.select(_XREF_QUERY, {"x": iri}).rows]
        if len(mapped) == 1:
            return mapped[0]
        if len(mapped) > 1:
            raise InputError(where, f"'{text}' maps to several terms: "
                             f"{', '.join(compact(i) for i in mapped)}")
    raise InputError(where, f"unknown entity '{text}' (give a label, synonym, CURIE or IRI "
                     "of a term in the graph)")
