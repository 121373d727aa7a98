"""Build the knowledge graph: TBox + curated claims -> an rdflib Dataset of named graphs.

Each claim becomes the direct triple (so SPARQL and graph tools see the edge)
plus an ``owl:Axiom`` annotating that triple with the exact sentence, its
offsets, the certainty and the source -- the pattern Protégé shows as axiom
annotations. Subjects and objects of claim edges are classes, declared also as
``owl:NamedIndividual`` (OWL 2 punning) so the file stays in OWL 2 DL.

    >>> ds = build_dataset()
    >>> sorted(str(g.identifier).rsplit("/", 1)[-1] for g in ds.graphs() if len(g))
    ['article', 'ontology']
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from kg.claims import Claim, Source, load_claims
from kg.errors import InputError
from kg.lookup import LabelIndex
from kg.namespaces import B12MS, CERTAINTY, LAYERS, PREFIXES
from kg.resources import read_text

#: The claim predicate for a taxonomic claim ("MS is an autoimmune disease").
SUBCLASS_OF_NAMES = {"subclass of", "is a", "rdfs:subclassof"}


def load_tbox() -> Graph:
    """Parse the packaged TBox (``ontology/b12ms.ttl``)."""
    graph = Graph()
    graph.parse(data=read_text("ontology", "b12ms.ttl"), format="turtle")
    return graph


def new_dataset() -> Dataset:
    """An empty Dataset whose default graph is the union of its named graphs."""
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        if prefix not in {"RO", "BFO", "IAO"}:  # CURIE-only prefixes, not for Turtle output
            ds.bind(prefix, ns, override=True)
    return ds


def source_triples(source: Source, index: LabelIndex) -> Iterable[tuple]:
    """Describe a source document as an individual of its source type."""
    iri = URIRef(source.iri)
    yield iri, RDF.type, OWL.NamedIndividual
    yield iri, RDF.type, index.resolve(source.type, where="source type", synonyms=False)
    yield iri, RDFS.label, Literal(source.title, lang="en")
    yield iri, DCTERMS.title, Literal(source.title, lang="en")
    yield iri, B12MS.sha256, Literal(source.sha256)
    if source.note:
        yield iri, RDFS.comment, Literal(source.note, lang="en")


def claim_triples(claim: Claim, tbox: Graph, index: LabelIndex,
                  where: str = "ontology/claims.yaml") -> Iterable[tuple]:
    """The direct triple of a claim, its punning declarations and its annotated axiom."""
    subject = index.resolve(claim.subject, where=where, line=claim.line, synonyms=False)
    if claim.predicate.casefold() in SUBCLASS_OF_NAMES:
        predicate = RDFS.subClassOf
    else:
        predicate = index.resolve(claim.predicate, where=where, line=claim.line, synonyms=False)
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
    if claim.note:
        yield axiom, B12MS.curationNote, Literal(claim.note, lang="en")


def add_claims(ds: Dataset, claims: list[Claim], layer: URIRef, tbox: Graph,
               where: str = "ontology/claims.yaml") -> Graph:
    """Add claims (and their sources) to the named graph ``layer``; return that graph."""
    index = LabelIndex.from_graph(tbox)
    graph = ds.graph(layer)
    staged = Graph()  # nothing reaches the dataset unless every claim is valid
    for source in sorted({c.source for c in claims}, key=lambda s: s.id):
        for triple in source_triples(source, index):
            staged.add(triple)
    for claim in claims:
        for triple in claim_triples(claim, tbox, index, where):
            staged.add(triple)
    for triple in staged:
        graph.add(triple)
    return graph


def build_dataset(claims: list[Claim] | None = None) -> Dataset:
    """Build the release graph: the ``ontology`` (TBox) and ``article`` named graphs."""
    ds = new_dataset()
    tbox = load_tbox()
    ontology = ds.graph(LAYERS["ontology"])
    for triple in tbox:
        ontology.add(triple)
    add_claims(ds, load_claims() if claims is None else claims, LAYERS["article"], tbox)
    return ds
