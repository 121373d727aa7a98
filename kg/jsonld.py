"""Compact JSON-LD that keeps every triple as it is: rdflib's converter, with JSON values
for booleans and integers only where they read back as the same literal, and every blank
node written.

With a context, rdflib writes xsd:boolean, xsd:integer and xsd:double literals as JSON
values made from their Python value: ``"abc"^^xsd:integer`` became the string ``"abc"``,
``"NaN"`` of xsd:double became ``NaN``, which is not JSON, and ``"1e0"`` became ``1.0``,
which reads back as ``"1.0E0"``. Here such a literal is written
``{"@type": ..., "@value": "lexical"}``; so is an integer beyond 2^53, which JSON readers
(JavaScript's numbers, pyoxigraph from 10^20) do not keep exact. rdflib also starts the
nodes it writes only at IRIs and at blank nodes that are no triple's object, so a cycle
of blank nodes that no IRI reaches (``_:a :p _:a``) was left out; here it is written.
"""

from __future__ import annotations

import re

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.plugins.serializers.jsonld import PLAIN_LITERAL_TYPES, Converter
from rdflib.plugins.shared.jsonld.context import Context

#: the lexical forms a JSON value reads back as (JSON-LD 1.1, Object to RDF Conversion):
#: a JSON boolean as "true" or "false", an integer in its canonical form (written only up
#: to 2^53, :data:`_EXACT`); a JSON float reads back in xsd:double's canonical form
#: ("1.0E0"), so none is written
_NATIVE = {XSD.boolean: re.compile(r"true|false"),
           XSD.integer: re.compile(r"0|-?[1-9][0-9]{0,15}"),
           XSD.string: re.compile(r".*", re.DOTALL)}
_EXACT = 2**53


class _LosslessConverter(Converter):
    """rdflib's JSON-LD converter; a JSON boolean or number only where it is lossless."""

    def to_raw_value(self, graph, s, o, nodemap):  # noqa: ANN001, ANN201 - rdflib's signature
        if isinstance(o, Literal) and o.datatype in PLAIN_LITERAL_TYPES and not (
                o.datatype in _NATIVE and _NATIVE[o.datatype].fullmatch(str(o))
                and (o.datatype != XSD.integer or abs(int(o)) <= _EXACT)):
            return {self.context.type_key: self.context.to_symbol(o.datatype),
                    self.context.value_key: str(o)}
        return super().to_raw_value(graph, s, o, nodemap)

    def from_graph(self, graph):  # noqa: ANN001, ANN201 - rdflib's signature
        # rdflib's loop (the roots: IRIs, blank nodes that are no object), then, in a stable
        # order, each blank node no root reaches (a cycle of blank nodes) and what it reaches
        nodemap: dict = {}
        subjects = set(graph.subjects())
        roots = [s for s in subjects if isinstance(s, URIRef) or (
            isinstance(s, BNode) and not any(graph.subjects(None, s)))]
        for s in roots:
            self.process_subject(graph, s, nodemap)
        reached = _reached(graph, roots)
        for s in sorted((s for s in subjects if isinstance(s, BNode)), key=str):
            if s not in reached:
                self.process_subject(graph, s, nodemap)
                reached |= _reached(graph, [s])
        return list(nodemap.values())


def _reached(graph: Graph, starts: list) -> set:
    """The blank nodes that ``starts`` lead to, through objects (a list's nodes too)."""
    seen: set = set()
    todo = list(starts)
    while todo:
        for o in graph.objects(todo.pop()):
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
    return seen


def jsonld_document(graph: Graph, context: dict[str, str]) -> dict:
    """``graph`` as a compact JSON-LD document with ``context`` (prefixes), as rdflib's
    writer makes it, every literal lossless.

    >>> from rdflib import XSD, Graph, Literal, URIRef
    >>> g = Graph()
    >>> for lexical in ("1", "+2"):
    ...     _ = g.add((URIRef("http://e/s"), URIRef("http://e/p"),
    ...                Literal(lexical, datatype=XSD.integer, normalize=False)))
    >>> sorted(jsonld_document(g, {"xsd": str(XSD)})["http://e/p"], key=str)
    [1, {'@type': 'xsd:integer', '@value': '+2'}]
    """
    converter = _LosslessConverter(Context(context), use_native_types=True, use_rdf_type=False)
    document = converter.convert(graph)
    if isinstance(document, list):
        document = {converter.context.get_key("@graph"): document}
    document["@context"] = context
    return document


__all__ = ["jsonld_document"]
