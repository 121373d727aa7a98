"""OWL 2 RL materialisation (owlrl) into the ``inferred`` layer, and explanations.

``materialise`` runs owlrl's OWL 2 RL closure over the TBox and the asserted
layers, keeps the new edges between our classes (subclass and subproperty
closure, inverses, symmetric and transitive properties, the property chains
declared in the TBox) and writes them into the named graph ``inferred``, each with
an ``owl:Axiom`` that records the rule, the premise claims, their contexts, the
weakest certainty among them and a derivation status (:mod:`kg.derivation`):
``derived``, or ``cross-context hypothesis`` when the premises are stated in
different contexts. No source states an inferred edge, so it never gets the
source-certainty property. The asserted layers are never changed.

``explain`` finds, for one edge, the derivation from stated edges and TBox
axioms, so every inferred edge can be traced to the sentences it rests on.

    >>> from kg.build import build_dataset
    >>> ds = build_dataset(layers=["article", "background", "inferred"])
    >>> d = explain(ds, B12MS.VitaminB12Deficiency, B12MS.impairs, B12MS.NervousSystemFunctioning)
    >>> d.rule, d.status, d.certainty, d.weakest_premise_certainty, sorted(d.claim_ids())
    ('property chain', 'derived', None, 'asserted', ['C004', 'C012'])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from kg import derivation
from kg.certainty import strongest, weakest
from kg.lookup import compact
from kg.namespaces import B12MS, CERTAINTY, CERTAINTY_ORDER, LAYERS

_CERTAINTY_NAME = {iri: name for name, iri in CERTAINTY.items()}
MAX_DEPTH = 12
STATED = derivation.STATED  # the rule of a leaf: an edge a source (or the ontology) states


@dataclass
class Derivation:
    """How one edge follows: a stated edge (rule ``stated``) or a rule over premises."""

    triple: tuple[URIRef, URIRef, URIRef]
    rule: str
    premises: list["Derivation"] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)  # claims, for stated edges

    @property
    def stated(self) -> bool:
        return self.rule == STATED

    @property
    def certainty(self) -> str | None:
        """The source's certainty of a stated edge (the firmest claim); None for a derived
        edge, which no source states, and for an axiom of the ontology."""
        return strongest(e["certainty"] for e in self.evidence) if self.stated else None

    @property
    def weakest_premise_certainty(self) -> str | None:
        """The weakest certainty among the claims a derived edge rests on."""
        return weakest(c for c in (leaf.certainty for leaf in self.leaves()) if c)

    def leaves(self) -> list["Derivation"]:
        if self.stated:
            return [self]
        return [leaf for p in self.premises for leaf in p.leaves()]

    def premise_contexts(self) -> list:
        """Per leaf: None if stated in general (or by the ontology), else its contexts."""
        return [derivation.edge_contexts(leaf.evidence) for leaf in self.leaves()]

    @property
    def status(self) -> str:
        """``stated``, ``derived`` or ``cross-context hypothesis`` (see kg.derivation)."""
        return STATED if self.stated else derivation.status(self.premise_contexts())

    def contexts(self) -> list[str]:
        """Every context a premise is stated in (IRIs), sorted."""
        return derivation.all_contexts(self.premise_contexts())

    def claim_ids(self) -> set[str]:
        return {e["claim_id"] for leaf in self.leaves() for e in leaf.evidence if e["claim_id"]}

    def as_dict(self) -> dict:
        s, p, o = self.triple
        out = {"subject": compact(s), "predicate": compact(p), "object": compact(o),
               "rule": self.rule, "status": self.status}
        if self.stated:  # contexts as CURIEs, as in the derived edge's and in paths' evidence
            out.update(certainty=self.certainty, evidence=[
                {**e, "context": compact(URIRef(e["context"])) if e.get("context") else None}
                for e in self.evidence])
        else:
            out.update(weakest_premise_certainty=self.weakest_premise_certainty,
                       premise_claims=sorted(self.claim_ids()),
                       contexts=[compact(URIRef(c)) for c in self.contexts()])
        out["premises"] = [d.as_dict() for d in self.premises]
        return out


def _asserted(ds: Dataset) -> Graph:
    """The TBox and the asserted layers, merged (everything but ``inferred``)."""
    from kg.export import merged_graph

    return merged_graph(g for g in ds.graphs() if g.identifier != LAYERS["inferred"])


def _evidence(ds: Dataset, triple: tuple) -> list[dict]:
    rows = []
    for g in ds.graphs():
        if g.identifier in (LAYERS["inferred"],):
            continue
        for axiom in g.subjects(OWL.annotatedSource, triple[0]):
            if (g.value(axiom, OWL.annotatedProperty), g.value(axiom, OWL.annotatedTarget)) \
                    != triple[1:] or g.value(axiom, B12MS.supportingText) is None:
                continue
            context = g.value(axiom, B12MS.context)
            rows.append({"claim_id": str(g.value(axiom, DCTERMS.identifier) or ""),
                         "sentence": str(g.value(axiom, B12MS.supportingText)),
                         "certainty": _CERTAINTY_NAME.get(g.value(axiom, B12MS.certainty)),
                         "context": str(context) if context is not None else None,
                         "source": str(g.value(axiom, DCTERMS.source) or ""),
                         "layer": str(g.identifier).rsplit("/", 1)[-1]})
    return sorted(rows, key=lambda r: (r["layer"], r["claim_id"]))


class _Explainer:
    """Backward search over the OWL 2 RL rules the TBox uses, guided by the closure."""

    def __init__(self, ds: Dataset, closure: Graph):
        self.ds, self.closure, self.asserted = ds, closure, _asserted(ds)
        tbox = ds.graph(LAYERS["ontology"])
        self.sub_properties: dict[URIRef, list[URIRef]] = {}
        for sub, sup in tbox.subject_objects(RDFS.subPropertyOf):
            self.sub_properties.setdefault(sup, []).append(sub)
        self.inverses: dict[URIRef, set[URIRef]] = {}
        for a, b in tbox.subject_objects(OWL.inverseOf):
            self.inverses.setdefault(a, set()).add(b)
            self.inverses.setdefault(b, set()).add(a)
        self.symmetric = set(tbox.subjects(RDF.type, OWL.SymmetricProperty))
        self.transitive = set(tbox.subjects(RDF.type, OWL.TransitiveProperty)) | {RDFS.subClassOf}
        self.chains: dict[URIRef, list[list[URIRef]]] = {}
        for prop, head in tbox.subject_objects(OWL.propertyChainAxiom):
            self.chains.setdefault(prop, []).append(list(Collection(tbox, head)))
        self.memo: dict[tuple, Derivation | None] = {}

    def _best(self, options: Iterable[Derivation]) -> Derivation | None:
        """A stated edge first; else the derivation that stays within one context, with
        the firmest weakest premise and the fewest premises."""
        options = [o for o in options if o is not None]
        if not options:
            return None

        def rank(d: Derivation) -> tuple:
            firmness = d.certainty if d.stated else d.weakest_premise_certainty
            order = CERTAINTY_ORDER.index(firmness) if firmness in CERTAINTY_ORDER else 0
            return (d.stated, d.status != derivation.CROSS_CONTEXT, order, -len(d.leaves()))
        return max(options, key=rank)

    def explain(self, triple: tuple, stack: frozenset = frozenset()) -> Derivation | None:
        if triple in self.memo:
            return self.memo[triple]
        if triple in stack or len(stack) > MAX_DEPTH or triple not in self.closure:
            return None
        stack = stack | {triple}
        s, p, o = triple
        options = []
        if triple in self.asserted:
            options.append(Derivation(triple, STATED, evidence=_evidence(self.ds, triple)))
        for sub in sorted(self.sub_properties.get(p, []), key=str):
            d = self.explain((s, sub, o), stack)
            options.append(d and Derivation(triple, f"subproperty of {compact(p)}", [d]))
        for inverse in sorted(self.inverses.get(p, []), key=str):
            d = self.explain((o, inverse, s), stack)
            options.append(d and Derivation(triple, f"inverse of {compact(inverse)}", [d]))
        if p in self.symmetric:
            d = self.explain((o, p, s), stack)
            options.append(d and Derivation(triple, "symmetric", [d]))
        links = [[p, p]] if p in self.transitive else []
        for chain in links + self.chains.get(p, []):
            if len(chain) != 2:
                continue
            first, second = chain
            rule = "transitive" if chain == [p, p] else "property chain"
            for middle in sorted(set(self.closure.objects(s, first)), key=str):
                if middle in (s, o) or not isinstance(middle, URIRef) or \
                        (middle, second, o) not in self.closure:
                    continue
                left = self.explain((s, first, middle), stack)
                right = left and self.explain((middle, second, o), stack)
                options.append(right and Derivation(triple, rule, [left, right]))
        best = self._best(options)
        if len(stack) == 1:
            self.memo[triple] = best
        return best


#: OWL 2's built-in annotation properties (they need no declaration)
_BUILT_IN_ANNOTATIONS = frozenset({
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.deprecated, OWL.versionInfo,
    OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
    OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget})


def inert_annotations(graph: Graph) -> frozenset:
    """The annotation properties of ``graph`` that no OWL 2 RL rule can act on: built in
    or declared ``owl:AnnotationProperty``, never the object of a triple, and described
    by nothing but annotations (no domain, range, subproperty or characteristic).

    >>> g = Graph()
    >>> _ = g.add((B12MS.note, RDF.type, OWL.AnnotationProperty))
    >>> B12MS.note in inert_annotations(g)
    True
    >>> _ = g.add((B12MS.note, RDFS.domain, B12MS.Claim))
    >>> B12MS.note in inert_annotations(g)
    False
    """
    declared = _BUILT_IN_ANNOTATIONS | set(graph.subjects(RDF.type, OWL.AnnotationProperty))

    def inert(p) -> bool:  # noqa: ANN001
        return next(graph.subject_predicates(p), None) is None and all(
            q in declared or (q, o) == (RDF.type, OWL.AnnotationProperty)
            for q, o in graph.predicate_objects(p))

    return frozenset(filter(inert, declared))


def _reasoned_part(graph: Graph) -> Graph:
    """``graph`` without what OWL 2 RL cannot reason with: the triples of inert
    annotation properties (labels, definitions, the claims' sentences, offsets and
    certainties) and the ``owl:Axiom`` typing of the claims' annotations. The closure of
    what is left is part of the full closure and holds every triple the full closure has
    between the ontology's classes and properties over the other properties, the only
    ones the inferred layer and the explanations read (tests/test_reasoning.py compares
    them). It leaves out only the reflexive ``owl:sameAs`` of values that occur in
    annotations alone and the datatypes of literals; owlrl needs a third of the time.
    """
    inert = inert_annotations(graph)
    kept = Graph()
    for triple in graph:
        if triple[1] not in inert and triple[1:] != (RDF.type, OWL.Axiom):
            kept.add(triple)
    return kept


def closure_of(ds: Dataset) -> Graph:
    """The OWL 2 RL closure (owlrl) of the TBox and the asserted layers, without their
    inert annotations (see :func:`_reasoned_part`)."""
    import owlrl

    graph = _reasoned_part(_asserted(ds))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(graph)
    return graph


def _entailed_edges(ds: Dataset, closure: Graph) -> list[tuple]:
    tbox = ds.graph(LAYERS["ontology"])
    classes = {c for c in tbox.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    properties = set(tbox.subjects(RDF.type, OWL.ObjectProperty)) | {RDFS.subClassOf}
    asserted = _asserted(ds)
    return sorted(t for t in closure.triples((None, None, None))
                  if t[1] in properties and t[0] in classes and t[2] in classes
                  and t[0] != t[2] and t not in asserted)


def materialise(ds: Dataset) -> Graph:
    """Fill the ``inferred`` layer with the OWL 2 RL entailments of the asserted layers."""
    closure = closure_of(ds)
    explainer = _Explainer(ds, closure)
    inferred = ds.graph(LAYERS["inferred"])
    for triple in _entailed_edges(ds, closure):
        found = explainer.explain(triple)
        if found is None:  # an entailment outside the rules we explain: leave it out
            continue
        s, p, o = triple
        inferred.add(triple)
        axiom = BNode()
        status = derivation.STATUS_IRI[found.status]
        for statement in ((axiom, RDF.type, OWL.Axiom), (axiom, OWL.annotatedSource, s),
                          (axiom, OWL.annotatedProperty, p), (axiom, OWL.annotatedTarget, o),
                          (axiom, B12MS.inferenceRule, Literal(found.rule)),
                          (axiom, B12MS.derivationStatus, status),
                          (axiom, B12MS.layer, LAYERS["inferred"])):
            inferred.add(statement)
        if found.weakest_premise_certainty:
            inferred.add((axiom, B12MS.weakestPremiseCertainty,
                          CERTAINTY[found.weakest_premise_certainty]))
        for claim in sorted(found.claim_ids()):
            inferred.add((axiom, B12MS.premiseClaim, Literal(claim)))
        for context in found.contexts():
            inferred.add((axiom, B12MS.context, URIRef(context)))
    return inferred


def explain(ds: Dataset, subject: URIRef, predicate: URIRef, obj: URIRef, *,
            closure: Graph | None = None) -> Derivation | None:
    """The best derivation of an edge (asserted or entailed), or None if it does not follow.
    ``closure``: ``closure_of(ds)`` if the caller has it (kg.prebuilt keeps the built-in
    graph's); computed otherwise."""
    closure = closure_of(ds) if closure is None else closure
    return _Explainer(ds, closure).explain((subject, predicate, obj))
