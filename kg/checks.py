"""Build-time checks that keep the graph honest and openable in Protégé.

- every claim axiom's sentence is exactly ``text[start:end]`` of its source;
- every axiom annotates a triple that is really in the graph;
- every class, property and annotation property used is declared, so Protégé
  shows the hierarchy instead of an empty ontology.

    >>> from kg.build import build_dataset
    >>> from kg.claims import load_claims
    >>> from kg.namespaces import LAYERS
    >>> ds = build_dataset()
    >>> check_provenance(ds.graph(LAYERS["article"]), {c.source for c in load_claims()})
    []
    >>> check_declarations(ds.graph(LAYERS["ontology"]) + ds.graph(LAYERS["article"]))
    []
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from kg.claims import Source
from kg.lookup import compact
from kg.namespaces import B12MS, CERTAINTY

# Vocabulary OWL and RDF(S) give meaning to themselves; never declared.
_BUILTIN_PREDICATES = {RDF.type, RDF.first, RDF.rest, RDFS.subClassOf, RDFS.subPropertyOf,
                       RDFS.domain, RDFS.range, OWL.inverseOf, OWL.equivalentClass,
                       OWL.disjointWith, OWL.members, OWL.oneOf, OWL.differentFrom,
                       OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget,
                       OWL.versionIRI, OWL.onProperty, OWL.someValuesFrom, OWL.allValuesFrom,
                       OWL.propertyChainAxiom, RDFS.label, RDFS.comment, OWL.versionInfo}
_DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                      OWL.AnnotationProperty, OWL.NamedIndividual, OWL.Ontology}


def check_provenance(graph: Graph, sources: Iterable[Source]) -> list[str]:
    """Problems with claim axioms: missing fields, sentence not at its offsets, dangling axiom."""
    texts = {URIRef(s.iri): s.text for s in sources}
    problems = []
    for axiom in sorted(graph.subjects(RDF.type, OWL.Axiom), key=str):
        claim = str(graph.value(axiom, DCTERMS.identifier) or axiom)
        triple = (graph.value(axiom, OWL.annotatedSource), graph.value(axiom, OWL.annotatedProperty),
                  graph.value(axiom, OWL.annotatedTarget))
        if None in triple or triple not in graph:
            problems.append(f"claim {claim}: its axiom annotates a triple that is not in the graph")
        sentence = graph.value(axiom, B12MS.supportingText)
        start, end = graph.value(axiom, B12MS.textStart), graph.value(axiom, B12MS.textEnd)
        source = graph.value(axiom, DCTERMS.source)
        certainty = graph.value(axiom, B12MS.certainty)
        if None in (sentence, start, end, source):
            problems.append(f"claim {claim}: missing sentence, offsets or source")
            continue
        if certainty not in CERTAINTY.values():
            problems.append(f"claim {claim}: certainty {certainty} is not in the closed vocabulary")
        text = texts.get(source)
        if text is None:
            problems.append(f"claim {claim}: source {source} has no known text to check against")
        elif text[int(start):int(end)] != str(sentence):
            problems.append(f"claim {claim}: sentence is not the source text at {start}-{end}")
    return problems


def check_declarations(graph: Graph) -> list[str]:
    """Terms used as classes or predicates but never declared (Protégé would not show them)."""
    declared: dict[URIRef, set[URIRef]] = {}
    for subject, kind in graph.subject_objects(RDF.type):
        if kind in _DECLARATION_TYPES and isinstance(subject, URIRef):
            declared.setdefault(subject, set()).add(kind)
    problems = set()
    for s, p, o in graph:
        if p not in _BUILTIN_PREDICATES and not declared.get(p, set()) & {
                OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}:
            problems.add(f"predicate {compact(p)} is not declared as a property")
        if p == RDF.type and isinstance(o, URIRef) and o.startswith(str(B12MS)) \
                and OWL.Class not in declared.get(o, set()):
            problems.add(f"{compact(o)} is used as a type but not declared as a class")
        if p == RDFS.subClassOf:
            for term in (s, o):
                if isinstance(term, URIRef) and OWL.Class not in declared.get(term, set()):
                    problems.add(f"{compact(term)} is in the hierarchy but not declared as a class")
        if (p, RDF.type, OWL.ObjectProperty) in graph and not isinstance(s, BNode):
            for term in (s, o):
                kinds = declared.get(term, set())
                if isinstance(term, URIRef) and OWL.Class in kinds and OWL.NamedIndividual not in kinds:
                    problems.add(f"{compact(term)} is an edge end but not declared as an individual")
        if isinstance(o, Literal) and o.datatype is None and o.language is None and p in (
                RDFS.label, B12MS.supportingText):
            problems.add(f"{compact(s) if isinstance(s, URIRef) else 'axiom'}: "
                         f"{compact(p)} has no language tag")
    return sorted(problems)
