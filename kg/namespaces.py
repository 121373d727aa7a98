"""IRIs and prefixes of b12ms-kg, in one place.

    >>> str(B12MS.VitaminB12)
    'https://w3id.org/b12ms-kg/VitaminB12'
    >>> str(LAYERS["article"])
    'https://w3id.org/b12ms-kg/graph/article'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/b12ms-kg/"
B12MS = Namespace(BASE)
OBO = Namespace("http://purl.obolibrary.org/obo/")
OBOINOWL = Namespace("http://www.geneontology.org/formats/oboInOwl#")

ONTOLOGY_IRI = URIRef(BASE + "ontology")
DEFINITION = OBO.IAO_0000115

#: Named graphs. ``ontology`` holds the TBox; the others are the layers a user
#: can include or exclude. Every edge lives in exactly one of them.
LAYERS: dict[str, URIRef] = {
    "ontology": URIRef(BASE + "graph/ontology"),
    "article": URIRef(BASE + "graph/article"),
    "background": URIRef(BASE + "graph/background"),
    "inferred": URIRef(BASE + "graph/inferred"),
}

#: Certainty vocabulary: the YAML keyword -> the individual in the TBox.
CERTAINTY: dict[str, URIRef] = {
    "asserted": B12MS.Asserted,
    "hypothesis": B12MS.Hypothesis,
    "open": B12MS.OpenQuestion,
}
#: Weakest first; a path's certainty is the weakest of its steps.
CERTAINTY_ORDER = ("open", "hypothesis", "asserted")

PREFIXES: dict[str, str] = {
    "b12ms": BASE,
    "obo": str(OBO),
    "RO": str(OBO) + "RO_",
    "BFO": str(OBO) + "BFO_",
    "IAO": str(OBO) + "IAO_",
    "oboInOwl": str(OBOINOWL),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
}

__all__ = [
    "B12MS",
    "BASE",
    "CERTAINTY",
    "CERTAINTY_ORDER",
    "DEFINITION",
    "LAYERS",
    "OBO",
    "OBOINOWL",
    "ONTOLOGY_IRI",
    "PREFIXES",
]
