"""IRIs and prefixes of b12ms-kg, in one place.

    >>> str(B12MS.VitaminB12)
    'https://w3id.org/b12ms-kg/VitaminB12'
    >>> str(LAYERS["article"])
    'https://w3id.org/b12ms-kg/graph/article'
    >>> from kg.namespaces import CONVERTER   # built on first use
    >>> CONVERTER.expand("MONDO:0005301")
    'http://purl.obolibrary.org/obo/MONDO_0005301'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

from kg.resources import read_text

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

RESERVED_LAYERS = frozenset(LAYERS)


def layer_iri(name: str) -> URIRef:
    """The named graph IRI of a layer (core or added with ``--claims``); a graph that is
    not one of ours is named by its own IRI.

    >>> str(layer_iri("my-review")), str(layer_iri("http://example.org/g"))
    ('https://w3id.org/b12ms-kg/graph/my-review', 'http://example.org/g')
    """
    if "://" in name:
        return URIRef(name)
    return LAYERS.get(name, URIRef(BASE + "graph/" + name))


def layer_name(iri: URIRef) -> str:
    """The layer name of a named graph IRI (the IRI itself if it is not one of ours)."""
    text = str(iri)
    return text[len(BASE + "graph/"):] if text.startswith(BASE + "graph/") else text


#: Certainty vocabulary: the YAML keyword -> the individual in the TBox.
CERTAINTY: dict[str, URIRef] = {
    "asserted": B12MS.Asserted,
    "hypothesis": B12MS.Hypothesis,
    "open": B12MS.OpenQuestion,
}
#: Weakest first; a path's certainty is the weakest of its steps.
CERTAINTY_ORDER = ("open", "hypothesis", "asserted")



def _read_prefixes() -> dict[str, str]:
    """The CURIE prefix map: ontology/prefixes.tsv, generated from the Bioregistry
    by scripts/update_prefixes.py (OBO Foundry casing: MONDO, HP, NCBITaxon, ...)."""
    rows = read_text("ontology", "prefixes.tsv").splitlines()[1:]
    return dict(sorted(line.split("\t") for line in rows if line))


#: prefix -> URI prefix, as read from ontology/prefixes.tsv (sorted, as curies keeps them).
PREFIXES: dict[str, str] = _read_prefixes()


def __getattr__(name: str):  # noqa: ANN202
    """``CONVERTER`` (a curies.Converter of PREFIXES), built on first use: importing
    curies (and pydantic) costs more than a query's start-up may."""
    if name == "CONVERTER":
        import curies

        converter = curies.Converter.from_prefix_map(PREFIXES)
        globals()["CONVERTER"] = converter
        return converter
    raise AttributeError(f"module 'kg.namespaces' has no attribute {name!r}")

#: The prefixes Turtle/RDF-XML output binds: whole namespaces, plus ``obo:`` for OBO PURLs
#: (``MONDO_``-style URI prefixes make no valid Turtle prefixed names).
TURTLE_PREFIXES: dict[str, str] = {
    **{p: ns for p, ns in PREFIXES.items() if not ns.endswith("_")}, "obo": str(OBO)}

__all__ = [
    "B12MS",
    "BASE",
    "CERTAINTY",
    "CERTAINTY_ORDER",
    "CONVERTER",  # noqa: F822 - built on first use, by __getattr__
    "DEFINITION",
    "LAYERS",
    "OBO",
    "OBOINOWL",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "TURTLE_PREFIXES",
    "layer_iri",
    "layer_name",
]
