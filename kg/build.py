"""Build the knowledge graph: TBox + curated claims -> an rdflib Dataset of named graphs.

Each claim becomes the direct triple (so SPARQL and graph tools see the edge)
plus an ``owl:Axiom`` annotating that triple with the exact sentence, its
offsets, the certainty and the source -- the pattern Protégé shows as axiom
annotations. Subjects and objects of claim edges are classes, declared also as
``owl:NamedIndividual`` (OWL 2 punning) so the file stays in OWL 2 DL.

    >>> ds = build_dataset()
    >>> sorted(str(g.identifier).rsplit("/", 1)[-1] for g in ds.graphs() if len(g))
    ['article', 'background', 'ontology']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg.claims import Claim, Entity, Source, load_claims, load_claims_file
from kg.errors import InputError
from kg.identifiers import compact, expand_curie
from kg.lookup import LabelIndex, as_iri
from kg.mappings import mapping_triples, read_mappings
from kg.names import name_key
from kg.namespaces import (
    B12MS,
    CERTAINTY,
    LAYERS,
    OBO,
    OBOINOWL,
    PREFIXES,
    RESERVED_LAYERS,
    layer_iri,
)
from kg.resources import read_text
from kg.stores.base import new_dataset

#: The claim predicate for a taxonomic claim ("MS is an autoimmune disease").
SUBCLASS_OF_NAMES = {"subclass of", "is a", "rdfs:subclassof"}


def load_tbox() -> Graph:
    """Parse the packaged TBox (``ontology/b12ms.ttl``)."""
    graph = Graph()
    graph.parse(data=read_text("ontology", "b12ms.ttl"), format="turtle")
    return graph


#: IRIs of terms of OBO ontologies: a source document needs an IRI of its own, or
#: merging the graph with the ontology would give the term the document's label.
_OBO_TERM = re.compile(r"^https?://purl\.obolibrary\.org/obo/[A-Za-z]+_[0-9A-Za-z]+$")


def source_triples(source: Source, index: LabelIndex, where: str,
                   line: int | None = None) -> Iterable[tuple]:
    """Describe a source document as an individual of its source type (and, for a
    reference entry, the term it describes as its ``dcterms:subject``)."""
    iri = URIRef(source.iri)
    if _OBO_TERM.match(source.iri) or (iri, RDF.type, OWL.Class) in index.graph:
        raise InputError(where, f"source '{source.id}': iri <{source.iri}> is an ontology term; "
                         "give the document an IRI of its own and name the term with 'about'")
    try:
        source_type = index.resolve(source.type, where=where, line=line, synonyms=False,
                                    what="source type")
    except InputError as exc:
        raise InputError(where, f"source '{source.id}': {exc.message.split(' (')[0]} (source "
                         f"types: {', '.join(index.names('source type'))})", line) from None
    if B12MS.InformationSource not in set(index.graph.transitive_objects(source_type,
                                                                          RDFS.subClassOf)):
        raise InputError(where, f"source '{source.id}': type '{source.type}' is not a kind of "
                         f"information source (source types: "
                         f"{', '.join(index.names('source type'))})", line)
    yield iri, RDF.type, OWL.NamedIndividual
    yield iri, RDF.type, source_type
    yield iri, RDFS.label, Literal(source.title, lang="en")
    yield iri, DCTERMS.title, Literal(source.title, lang="en")
    yield iri, B12MS.sha256, Literal(source.sha256)
    if source.pmid:
        yield iri, DCTERMS.identifier, Literal(f"PMID:{source.pmid}")
    if source.doi:
        yield iri, DCTERMS.identifier, Literal(f"doi:{source.doi}")
    if source.note:
        yield iri, RDFS.comment, Literal(source.note, lang="en")
    if source.about:
        about = as_iri(source.about) or index.resolve(source.about, where=where, synonyms=False)
        yield iri, DCTERMS.subject, about


def claim_triples(claim: Claim, tbox: Graph, index: LabelIndex) -> Iterable[tuple]:
    """The direct triple of a claim, its punning declarations and its annotated axiom."""
    where = claim.where
    subject = index.resolve(claim.subject, where=where, line=claim.line, synonyms=False)
    if claim.predicate.casefold() in SUBCLASS_OF_NAMES:
        predicate = RDFS.subClassOf
    else:
        predicate = index.resolve(claim.predicate, where=where, line=claim.line, synonyms=False,
                                  what="predicate")
    is_object_property = (predicate, RDF.type, OWL.ObjectProperty) in tbox
    is_data_property = (predicate, RDF.type, OWL.DatatypeProperty) in tbox
    if predicate == RDFS.subClassOf or is_object_property:
        if not isinstance(claim.object, str):
            raise InputError(where, f"claim {claim.id}: object of '{claim.predicate}' must be "
                             "a term label or CURIE", claim.line)
        target = index.resolve(claim.object, where=where, line=claim.line, synonyms=False)
        for term in (subject, target):
            if (term, RDF.type, OWL.Class) not in tbox:
                raise InputError(where, f"claim {claim.id}: '{index.label_of(term)}' is not "
                                 "a class of the ontology", claim.line)
            if is_object_property:
                yield term, RDF.type, OWL.NamedIndividual
    elif is_data_property:
        if not isinstance(claim.object, (bool, int, float, str)):
            raise InputError(where, f"claim {claim.id}: object must be a literal value",
                             claim.line)
        datatype = tbox.value(predicate, RDFS.range)
        target = Literal(claim.object, datatype=datatype if datatype else None)
        if datatype == XSD.boolean and not isinstance(claim.object, bool):
            raise InputError(where, f"claim {claim.id}: object must be true or false", claim.line)
        yield subject, RDF.type, OWL.NamedIndividual
    else:
        raise InputError(where, f"claim {claim.id}: '{claim.predicate}' is not an object or "
                         "data property of the ontology", claim.line)
    yield subject, predicate, target
    axiom = BNode()
    yield axiom, RDF.type, OWL.Axiom
    yield axiom, OWL.annotatedSource, subject
    yield axiom, OWL.annotatedProperty, predicate
    yield axiom, OWL.annotatedTarget, target
    yield axiom, DCTERMS.identifier, Literal(claim.id)
    yield axiom, B12MS.supportingText, Literal(claim.sentence, lang="en")
    yield axiom, B12MS.textStart, Literal(claim.start, datatype=XSD.integer)
    yield axiom, B12MS.textEnd, Literal(claim.end, datatype=XSD.integer)
    yield axiom, B12MS.certainty, CERTAINTY[claim.certainty]
    yield axiom, DCTERMS.source, URIRef(claim.source.iri)
    yield axiom, B12MS.layer, layer_iri(claim.graph)
    if claim.context is not None:
        context = index.resolve(claim.context, where=where, line=claim.line, synonyms=False)
        if (context, RDF.type, OWL.Class) not in tbox:
            raise InputError(where, f"claim {claim.id}: context '{claim.context}' is not a "
                             "class of the ontology", claim.line)
        yield axiom, B12MS.context, context
    if claim.note:
        yield axiom, B12MS.curationNote, Literal(claim.note, lang="en")


def entity_triples(entity: Entity, index: LabelIndex) -> list[tuple]:
    """The declaration of a new entity: an OWL class under its parent class, with its
    label, definition, synonyms and mapping. Its label, synonyms and IRI must name no term
    yet, and its parent must be a class (of the ontology, or declared before it)."""
    where, line, graph = entity.where, entity.line, index.graph
    iri = URIRef(entity.iri)
    if (iri, None, None) in graph:
        raise InputError(where, f"entity '{entity.label}': <{entity.iri}> is already a term "
                         f"of the ontology ({index.label_of(iri)}); give another 'id'", line)
    for name in (entity.label, *entity.synonyms):
        taken = index.labels.get(name_key(name), set()) | index.synonyms.get(name_key(name), set())
        if taken:
            names = ", ".join(sorted(compact(t) for t in taken))
            raise InputError(where, f"entity '{entity.label}': '{name}' already names {names}; "
                             "use that term in the claims, or choose another name", line)
    parent = index.resolve(entity.parent, where=where, line=line)
    if (parent, RDF.type, OWL.Class) not in graph:
        raise InputError(where, f"entity '{entity.label}': parent '{entity.parent}' is not a "
                         "class of the ontology", line)
    triples = [(iri, RDF.type, OWL.Class), (iri, RDFS.label, Literal(entity.label, lang="en")),
               (iri, RDFS.subClassOf, parent),
               (iri, OBO.IAO_0000115, Literal(entity.definition, lang="en"))]
    triples += [(iri, OBOINOWL.hasExactSynonym, Literal(s, lang="en")) for s in entity.synonyms]
    if entity.mapping is not None:
        target = expand_curie(entity.mapping["id"])
        if target is None:
            known = ", ".join(sorted(PREFIXES))
            raise InputError(where, f"entity '{entity.label}': mapping id "
                             f"'{entity.mapping['id']}' has an unknown prefix (known: {known})",
                             line)
        match = SKOS.exactMatch if entity.mapping["match"] == "exact" else SKOS.closeMatch
        triples.append((iri, match, target))
    return triples


def _declare(entities: Iterable[Entity], tbox: Graph) -> tuple[Graph, dict[str, Graph]]:
    """The TBox with the new entities declared (a copy, if there are any) and each
    claims graph's declarations."""
    entities = list(entities)
    if not entities:
        return tbox, {}
    known = Graph()
    for triple in tbox:
        known.add(triple)
    index = LabelIndex.from_graph(known)
    staged: dict[str, Graph] = {}
    for entity in entities:
        for triple in entity_triples(entity, index):
            known.add(triple)
            staged.setdefault(entity.graph, Graph()).add(triple)
        iri = URIRef(entity.iri)
        index.labels[name_key(entity.label)].add(iri)
        index.known.add(iri)
        for synonym in entity.synonyms:
            index.synonyms[name_key(synonym)].add(iri)
    return known, staged


def add_claims(ds: Dataset, claims: list[Claim], tbox: Graph,
               entities: Iterable[Entity] = ()) -> list[Graph]:
    """Add claims (and their sources) to the named graph each claim names, with the new
    entities that claims files declare; return the graphs.

    Every claim is checked before anything is added, so a bad claim leaves ``ds`` as it was.
    """
    tbox, staged = _declare(entities, tbox)
    index = LabelIndex.from_graph(tbox)
    for claim in claims:
        graph = staged.setdefault(claim.graph, Graph())
        for triple in claim_triples(claim, tbox, index):
            graph.add(triple)
    for name in {c.graph for c in claims}:
        in_graph = [c for c in claims if c.graph == name]
        for source in sorted({c.source for c in in_graph}, key=lambda s: s.id):
            where = next(c.where for c in in_graph if c.source == source)  # its own file
            for triple in source_triples(source, index, where, source.line):
                staged[name].add(triple)
    graphs = []
    for name, triples in staged.items():
        graph = ds.graph(layer_iri(name))
        for triple in triples:
            graph.add(triple)
        graphs.append(graph)
    return graphs


def load_claim_files(paths: Iterable[str | Path]) -> list[Claim]:
    """Load extra claims files, each into its own named graph (never a core layer)."""
    return read_claim_files(paths)[0]


def read_claim_files(paths: Iterable[str | Path]) -> tuple[list[Claim], list[Entity]]:
    """The claims and the new entities of extra claims files (each file its own named
    graph, never a core layer)."""
    claims: list[Claim] = []
    entities: list[Entity] = []
    for path in paths:
        loaded = load_claims_file(path)
        if loaded.claims and loaded.claims[0].graph in RESERVED_LAYERS:
            raise InputError(str(path), f"graph '{loaded.claims[0].graph}' is reserved for the "
                             "core layers; name the file's own graph (graph: my-review)", 1)
        claims += loaded.claims
        entities += loaded.entities
    return claims, entities


def build_dataset(claims: list[Claim] | None = None, *,
                  layers: Iterable[str] = ("article", "background"),
                  claims_files: Iterable[str | Path] = ()) -> Dataset:
    """Build the graph: the ``ontology`` layer (TBox and mappings), the chosen core
    layers (``article``, ``background``; ``inferred`` runs the OWL 2 RL reasoner over
    the others) and one named graph per extra claims file.

    ``claims`` replaces the packaged article claims (for tests and tools).
    """
    layers = set(layers)
    ds = new_dataset()
    tbox = load_tbox()
    ontology = ds.graph(LAYERS["ontology"])
    for triple in tbox:
        ontology.add(triple)
    for triple in mapping_triples(read_mappings()):
        ontology.add(triple)
    selected: list[Claim] = []
    if "article" in layers:
        selected += load_claims() if claims is None else claims
    if "background" in layers:
        selected += load_claims(packaged="background")
    added, entities = read_claim_files(claims_files)
    add_claims(ds, selected + added, tbox, entities)
    if "inferred" in layers:
        from kg.infer import materialise

        materialise(ds)
    return ds


def claims_graphs(paths: Iterable[str | Path]) -> tuple[Dataset, list[Claim]]:
    """The named graphs that claims files add (and nothing else), with their claims: what
    ``add-claims --store`` puts into a store."""
    claims, entities = read_claim_files(paths)
    ds = new_dataset()
    add_claims(ds, claims, load_tbox(), entities)
    return ds, claims
