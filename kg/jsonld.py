"""JSON-LD that keeps every triple as it is, written by Oxigraph.

rdflib's compact JSON-LD lost triples in several ways a fuzzing review found: a cycle of
blank nodes no IRI reaches was left out; ``""``, ``0`` or ``false`` was dropped when the
same subject and predicate had a second value; a list node used twice was written twice
or vanished; ``rdf:type`` with a literal object was dropped or written as ``@type`` that
readers refuse; and literals became JSON values that read back as other literals
(``"abc"^^xsd:integer`` as the string ``"abc"``, ``"1e0"`` as ``"1.0E0"``). Oxigraph writes
expanded JSON-LD (full IRIs, every literal as ``{"@value": ..., "@type"|"@language": ...}``),
which has none of these problems; its nodes are written here in sorted order, with sorted
keys and indented, so the same graph is always the same bytes.

    >>> import pyoxigraph as ox
    >>> p = ox.NamedNode("http://e/p")
    >>> text = ox.serialize([ox.Triple(ox.BlankNode("a"), p, ox.BlankNode("a"))],
    ...                     format=ox.RdfFormat.N_TRIPLES)
    >>> print(jsonld(text).decode(), end="")
    [
      {
        "@id": "_:a",
        "http://e/p": [
          {
            "@id": "_:a"
          }
        ]
      }
    ]
"""

from __future__ import annotations

import json

from kg.oxigraph_export import not_rdf


def jsonld(ntriples: bytes) -> bytes:
    """JSON-LD of N-Triples text (the lines sorted, as kg.export writes them, so that
    each subject's lines are together and Oxigraph writes it as one node)."""
    import pyoxigraph as ox

    try:
        nodes = json.loads(ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES),
                                        format=ox.RdfFormat.JSON_LD))
    except SyntaxError as exc:  # an IRI that is not RDF, from a store loaded with --lenient
        raise not_rdf(exc) from None
    return (json.dumps(nodes, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
            + "\n").encode("utf-8")


__all__ = ["jsonld"]
