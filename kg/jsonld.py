"""Compact JSON-LD that keeps every literal as it is: rdflib's converter, with JSON
values for booleans and integers only where they read back as the same literal.

With a context, rdflib writes xsd:boolean, xsd:integer and xsd:double literals as JSON
values made from their Python value: ``"abc"^^xsd:integer`` became the string ``"abc"``,
``"NaN"`` of xsd:double became ``NaN``, which is not JSON, and ``"1e0"`` became ``1.0``,
which reads back as ``"1.0E0"``. Here such a literal is written
``{"@type": ..., "@value": "lexical"}``.
"""

from __future__ import annotations

import re

from rdflib import XSD, Graph, Literal
from rdflib.plugins.serializers.jsonld import PLAIN_LITERAL_TYPES, Converter
from rdflib.plugins.shared.jsonld.context import Context

#: the lexical forms a JSON value reads back as (JSON-LD 1.1, Object to RDF Conversion):
#: a JSON boolean as "true" or "false", an integer under 10^21 in its canonical form;
#: a JSON float reads back in xsd:double's canonical form ("1.0E0"), so none is written
_NATIVE = {XSD.boolean: re.compile(r"true|false"),
           XSD.integer: re.compile(r"0|-?[1-9][0-9]{0,20}"),
           XSD.string: re.compile(r".*", re.DOTALL)}


class _LosslessConverter(Converter):
    """rdflib's JSON-LD converter; a JSON boolean or number only where it is lossless."""

    def to_raw_value(self, graph, s, o, nodemap):  # noqa: ANN001, ANN201 - rdflib's signature
        if isinstance(o, Literal) and o.datatype in PLAIN_LITERAL_TYPES and not (
                o.datatype in _NATIVE and _NATIVE[o.datatype].fullmatch(str(o))
                and (o.datatype != XSD.integer or abs(int(o)) < 10**21)):
            return {self.context.type_key: self.context.to_symbol(o.datatype),
                    self.context.value_key: str(o)}
        return super().to_raw_value(graph, s, o, nodemap)


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
