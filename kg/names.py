"""What a user types, resolved to a term: one resolver and one case rule for every place
a name is looked up (the ontology's label index, a store, the mechanism graph).

A name is a label, an exact synonym, a CURIE or IRI of a term, or the standard identifier
a term is mapped to (``MONDO:0005301``). Labels and synonyms compare by :func:`name_key`:
surrounding blanks dropped, then lower case as SPARQL's ``LCASE`` does it, so a store,
which compares in SPARQL, and an in-memory index give the same answer.

    >>> name_key("  Vitamin B12 ")
    'vitamin b12'
    >>> table = {"vitamin b12": ["b12ms:VitaminB12"]}
    >>> resolve_name("VITAMIN B12", NameLookup(labels=table.get))
    'b12ms:VitaminB12'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kg.errors import InputError
from kg.identifiers import as_iri_text, compact


def name_key(text: str) -> str:
    """The form in which labels and synonyms are compared (SPARQL ``LCASE`` of the
    stripped text)."""
    return text.strip().lower()


def _nothing(_: Any) -> list:
    return []


@dataclass(frozen=True)
class NameLookup:
    """Where a resolver looks: each function returns the terms found (in any order)."""

    labels: Callable[[str], Iterable[Any] | None] = _nothing  # name_key -> terms
    synonyms: Callable[[str], Iterable[Any] | None] = _nothing  # name_key -> terms
    identifier: Callable[[str], Any | None] = lambda iri: None  # IRI (text) -> its term, if known
    mapped: Callable[[str], Iterable[Any] | None] = _nothing  # external IRI (text) -> terms mapped
    show: Callable[[Any], str] = str  # how to name a term in an error
    #: every label and synonym of the terms that could be meant, for "did you mean"
    names: Callable[[], Iterable[str]] = tuple


def _one(found: Iterable[Any] | None, text: str, what: str, show: Callable[[Any], str],
         where: str | None, line: int | None) -> Any | None:
    found = sorted(set(found or ()), key=str)
    if len(found) > 1:
        names = ", ".join(show(t) for t in found)
        raise InputError(where, f"'{text}' {what} {names}", line)
    return found[0] if found else None


#: where the names of each kind of term are listed
LISTINGS = {"entity": "b12ms-kg entities", "predicate": "b12ms-kg predicates"}


def unknown_name(text: str, lookup: NameLookup, what: str = "entity") -> str:
    """The message for a name that names nothing: the close names, and where to look.

    >>> lookup = NameLookup(names=lambda: ["multiple sclerosis", "fatigue"])
    >>> unknown_name("multiple sclerois", lookup).split(" (")[0]
    "unknown entity 'multiple sclerois': did you mean 'multiple sclerosis'?"
    """
    from kg.suggest import did_you_mean

    hint = did_you_mean(text, sorted(set(lookup.names())))
    listing = LISTINGS.get(what)
    where = f"; run '{listing}' to list them" if listing else ""
    return (f"unknown {what} '{text}'" + (f": {hint}" if hint else "")
            + f" (give a label, synonym, CURIE or IRI of a term in the graph{where})")


def resolve_name(text: str, lookup: NameLookup, *, where: str | None = None,
                 line: int | None = None, synonyms: bool = True, what: str = "entity") -> Any:
    """The one term ``text`` names, looked up in this order: an identifier of a known
    term, a label, an exact synonym (unless ``synonyms`` is False), a mapped external
    identifier. Several matches at one step are an error (ambiguous), as is none; the
    error for none suggests the close names of ``lookup.names`` (``what`` names the
    kind of term in the message)."""
    text = text.strip()
    iri = as_iri_text(text)
    if iri is not None:
        own = lookup.identifier(iri)
        if own is not None:
            return own
    key = name_key(text)
    for table in (lookup.labels, lookup.synonyms if synonyms else _nothing):
        found = _one(table(key), text, "is ambiguous: it names", lookup.show, where, line)
        if found is not None:
            return found
    if iri is not None:
        found = _one(lookup.mapped(iri), text, "maps to several terms:", lookup.show, where,
                     line)
        if found is not None:
            return found
    raise InputError(where, unknown_name(text, lookup, what), line)


def node_lookup(g) -> NameLookup:  # noqa: ANN001 - a networkx graph of kg.network
    """Where names are looked up in a mechanism graph (tables built once per graph)."""
    cache = g.graph.setdefault("_cache", {})
    if "names" not in cache:
        labels: dict[str, set[str]] = {}
        synonyms: dict[str, set[str]] = {}
        xrefs: dict[str, set[str]] = {}
        for node, data in g.nodes(data=True):
            labels.setdefault(name_key(data["label"]), set()).add(node)
            for value in filter(None, data.get("synonyms", "").split(";")):
                synonyms.setdefault(name_key(value), set()).add(node)
            for value in filter(None, data.get("xrefs", "").split(";")):
                xrefs.setdefault(value, set()).add(node)
        shown = sorted({data["label"] for _, data in g.nodes(data=True)}
                       | {v for _, data in g.nodes(data=True)
                          for v in filter(None, data.get("synonyms", "").split(";"))})
        cache["names"] = (labels, synonyms, xrefs, shown)
    labels, synonyms, xrefs, shown = cache["names"]
    return NameLookup(labels=labels.get, synonyms=synonyms.get,
                      identifier=lambda iri: compact(iri) if compact(iri) in g else None,
                      mapped=lambda iri: xrefs.get(compact(iri)), names=lambda: shown)


def resolve_node(g, text: str) -> str:  # noqa: ANN001
    """The node of a mechanism graph that ``text`` names (label, exact synonym, CURIE,
    IRI or mapped identifier).

    >>> from kg.build import build_dataset
    >>> from kg.network import to_networkx
    >>> g = to_networkx(build_dataset())
    >>> resolve_node(g, "Neuron"), resolve_node(g, "HP:0012378")
    ('b12ms:NerveCell', 'b12ms:Fatigue')
    """
    return resolve_name(text, node_lookup(g))


__all__ = ["LISTINGS", "NameLookup", "name_key", "node_lookup", "resolve_name", "resolve_node",
           "unknown_name"]
