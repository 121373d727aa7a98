"""Where names are looked up: every entity (class) and every predicate (relation) of a
graph, with the names a command accepts for it.

An entity row gives its label, CURIE, kind (its top-level class, e.g. ``symptom``, or ``obsolete``), exact
synonyms and the standard identifiers it is mapped to; a predicate row its label, CURIE,
kind of edge (causal, structural, ...) and sign (promotes, impairs, neutral).

    >>> from kg.build import build_dataset
    >>> ds = build_dataset()
    >>> row = next(r for r in list_entities(ds).dicts() if r["label"] == "multiple sclerosis")
    >>> row["curie"], row["kind"], "MONDO:0005301" in row["mapped"]
    ('b12ms:MultipleSclerosis', 'disease or disorder', True)
    >>> [r["label"] for r in list_entities(ds, "symptom").dicts()][:2]
    ['cognitive impairment', 'coordination problems']
    >>> next(r for r in list_predicates(ds).dicts() if r["label"] == "impairs")["sign"]
    'negative'
"""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import Literal

from kg.errors import InputError
from kg.identifiers import compact
from kg.network import _NODES, _PREFIXES, _SYNONYMS, _XREFS, _ancestors, queryable
from kg.stores import Result

_PREDICATES = _PREFIXES + """SELECT ?p ?label ?kind ?sign ?type WHERE {
  VALUES ?type { owl:ObjectProperty owl:DatatypeProperty }
  ?p a ?type . FILTER(isIRI(?p))
  OPTIONAL { ?p rdfs:label ?label } OPTIONAL { ?p b12ms:edgeKind ?kind }
  OPTIONAL { ?p b12ms:effectSign ?sign }
}"""


_DEPRECATED = _PREFIXES + "SELECT ?c WHERE { ?c owl:deprecated true }"


def _kinds(store, labels: dict) -> dict:  # noqa: ANN001
    """Each class's kind: the label of its top-level class, or ``obsolete``."""
    _, categories = _ancestors(store, labels)
    for (c,) in store.select(_DEPRECATED, {}).rows:
        if c in categories:
            categories[c] = "obsolete"
    return categories


def _table(variables: list[str], rows: list[list[str]]) -> Result:
    return Result(variables=variables,
                  rows=[tuple(Literal(cell) if cell else None for cell in row) for row in rows])


def choose_kind(kind: str, kinds: list[str]) -> str:
    """The kind ``kind`` names: a kind itself, or the one kind it is a whole word of
    (``disease`` -> ``disease or disorder``), case-insensitively.

    >>> choose_kind("Disease", ["disease or disorder", "symptom"])
    'disease or disorder'
    """
    from kg.suggest import unknown

    key = kind.strip().lower()
    exact = [k for k in kinds if k.lower() == key]
    words = re.compile(r"(?<!\w)" + re.escape(key) + r"(?!\w)")
    partial = [k for k in kinds if words.search(k.lower())]
    if exact or len(partial) == 1:
        return (exact or partial)[0]
    raise InputError(None, unknown("kind", kind, kinds, show_all=True))


def list_entities(source, kind: str | None = None) -> Result:  # noqa: ANN001
    """Every class of the graph (ontology and the source's layers), sorted by label, with
    its CURIE, kind, synonyms and mapped identifiers; only those of ``kind`` if given."""
    store = queryable(source)
    labels = {c: str(label) for c, label in store.select(_NODES, {}).rows}
    categories = _kinds(store, labels)
    synonyms: dict = defaultdict(set)
    for c, synonym in store.select(_SYNONYMS, {}).rows:
        synonyms[c].add(str(synonym))
    mapped: dict = defaultdict(set)
    for c, x in store.select(_XREFS, {}).rows:
        mapped[c].add(compact(x))
    if kind is not None:
        kind = choose_kind(kind, sorted(set(categories.values()) - {""}))
    rows = [[labels[c], compact(c), categories.get(c, ""), "; ".join(sorted(synonyms[c])),
             "; ".join(sorted(mapped[c]))]
            for c in labels if kind is None or categories.get(c) == kind]
    rows.sort(key=lambda r: (r[0].lower(), r[1]))
    return _table(["label", "curie", "kind", "synonyms", "mapped"], rows)


def list_predicates(source) -> Result:  # noqa: ANN001
    """Every relation (object and data property), sorted by label, with its CURIE, kind
    of edge and sign (``positive`` promotes, ``negative`` impairs, ``neutral``)."""
    store = queryable(source)
    rows = {}
    for p, label, kind, sign, ptype in store.select(_PREDICATES, {}).rows:
        data = "data" if str(ptype).endswith("DatatypeProperty") else None
        rows[p] = [str(label or compact(p)), compact(p), data or str(kind or "causal"),
                   str(sign or ("" if data else "neutral"))]
    ordered = sorted(rows.values(), key=lambda r: (r[0].lower(), r[1]))
    return _table(["label", "curie", "kind", "sign"], ordered)


__all__ = ["choose_kind", "list_entities", "list_predicates"]
