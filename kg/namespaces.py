"""IRIs and prefixes of b12ms-kg, in one place.

The rdflib terms (``B12MS``, ``LAYERS``, ...) are built on first use (PEP 562), so that
a query on a store, which needs only the IRIs as text, does not import rdflib.

    >>> from kg.namespaces import B12MS, LAYERS
    >>> str(B12MS.VitaminB12)
    'https://w3id.org/b12ms-kg/VitaminB12'
    >>> str(LAYERS["article"])
    'https://w3id.org/b12ms-kg/graph/article'
    >>> from kg.namespaces import CONVERTER   # built on first use
    >>> CONVERTER.expand("MONDO:0005301")
    'http://purl.obolibrary.org/obo/MONDO_0005301'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.resources import read_text

if TYPE_CHECKING:
    from rdflib import URIRef

BASE = "https://w3id.org/b12ms-kg/"
OBO_BASE = "http://purl.obolibrary.org/obo/"
OBOINOWL_BASE = "http://www.geneontology.org/formats/oboInOwl#"
#: where the named graphs of the layers are
GRAPH_BASE = BASE + "graph/"

#: Named graphs. ``ontology`` holds the TBox; the others are the layers a user
#: can include or exclude. Every edge lives in exactly one of them (``LAYERS``: their
#: IRIs as rdflib terms, built on first use).
RESERVED_LAYERS = frozenset({"ontology", "article", "background", "inferred"})


def layer_iri_text(name: str) -> str:
    """The named graph IRI of a layer as text (see :func:`layer_iri`).

    A name with a colon is an IRI (a store's graph that is not one of ours, as
    :func:`layer_name` gives it: ``urn:x:g`` too); a layer's own name has none.

    >>> layer_iri_text("article"), layer_iri_text("http://example.org/g")
    ('https://w3id.org/b12ms-kg/graph/article', 'http://example.org/g')
    >>> layer_iri_text("urn:example:g")
    'urn:example:g'
    """
    return name if ":" in name else GRAPH_BASE + name


def layer_iri(name: str) -> URIRef:
    """The named graph IRI of a layer (core or added with ``--claims``); a graph that is
    not one of ours is named by its own IRI.

    >>> str(layer_iri("my-review")), str(layer_iri("http://example.org/g"))
    ('https://w3id.org/b12ms-kg/graph/my-review', 'http://example.org/g')
    """
    from rdflib import URIRef

    return URIRef(layer_iri_text(name))


def layer_name(iri: URIRef | str) -> str:
    """The layer name of a named graph IRI (the IRI itself if it is not one of ours)."""
    text = str(iri)
    return text[len(GRAPH_BASE):] if text.startswith(GRAPH_BASE) else text


#: Certainty vocabulary: the YAML keyword -> the local name of the individual in the TBox
#: (``CERTAINTY``: keyword -> rdflib term, built on first use).
_CERTAINTY_LOCAL = {"asserted": "Asserted", "hypothesis": "Hypothesis", "open": "OpenQuestion"}
#: Weakest first; a path's certainty is the weakest of its steps.
CERTAINTY_ORDER = ("open", "hypothesis", "asserted")


def _read_prefixes() -> dict[str, str]:
    """The CURIE prefix map: ontology/prefixes.tsv, generated from the Bioregistry
    by scripts/update_prefixes.py (OBO Foundry casing: MONDO, HP, NCBITaxon, ...)."""
    rows = read_text("ontology", "prefixes.tsv").splitlines()[1:]
    return dict(sorted(line.split("\t") for line in rows if line))


#: prefix -> URI prefix, as read from ontology/prefixes.tsv (sorted, as curies keeps them).
PREFIXES: dict[str, str] = _read_prefixes()


def _rdflib_terms() -> dict:
    """The rdflib terms of this module: namespaces, the ontology IRI, layers, certainty."""
    from rdflib import Namespace, URIRef

    b12ms, obo = Namespace(BASE), Namespace(OBO_BASE)
    return {
        "B12MS": b12ms,
        "OBO": obo,
        "OBOINOWL": Namespace(OBOINOWL_BASE),
        "ONTOLOGY_IRI": URIRef(BASE + "ontology"),
        "DEFINITION": obo.IAO_0000115,
        "LAYERS": {name: URIRef(layer_iri_text(name))
                   for name in ("ontology", "article", "background", "inferred")},
        "CERTAINTY": {key: b12ms[local] for key, local in _CERTAINTY_LOCAL.items()},
    }


#: the names that ``__getattr__`` builds on first use
_RDFLIB_TERMS = frozenset({"B12MS", "OBO", "OBOINOWL", "ONTOLOGY_IRI", "DEFINITION", "LAYERS",
                           "CERTAINTY"})


def __getattr__(name: str):  # noqa: ANN202
    """The rdflib terms (``B12MS``, ``OBO``, ``OBOINOWL``, ``ONTOLOGY_IRI``,
    ``DEFINITION``, ``LAYERS``, ``CERTAINTY``) and ``CONVERTER`` (a curies.Converter of
    PREFIXES), built on first use: importing rdflib, or curies (and pydantic), costs more
    than a query's start-up may."""
    if name in _RDFLIB_TERMS:
        globals().update(_rdflib_terms())
        return globals()[name]
    if name == "CONVERTER":
        import curies

        converter = curies.Converter.from_prefix_map(PREFIXES)
        globals()["CONVERTER"] = converter
        return converter
    raise AttributeError(f"module 'kg.namespaces' has no attribute {name!r}")


#: The prefixes Turtle/RDF-XML output binds: whole namespaces, plus ``obo:`` for OBO PURLs
#: (``MONDO_``-style URI prefixes make no valid Turtle prefixed names).
TURTLE_PREFIXES: dict[str, str] = {
    **{p: ns for p, ns in PREFIXES.items() if not ns.endswith("_")}, "obo": OBO_BASE}

__all__ = [  # noqa: F822 - the rdflib terms and CONVERTER are built by __getattr__
    "B12MS",
    "BASE",
    "CERTAINTY",
    "CERTAINTY_ORDER",
    "CONVERTER",
    "DEFINITION",
    "GRAPH_BASE",
    "LAYERS",
    "OBO",
    "OBOINOWL",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "RESERVED_LAYERS",
    "TURTLE_PREFIXES",
    "layer_iri",
    "layer_iri_text",
    "layer_name",
]
