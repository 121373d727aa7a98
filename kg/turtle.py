"""Turtle that keeps every literal as it is: rdflib's writer, with its shorthand for
numbers and booleans only where the shorthand reads back as the same literal.

rdflib writes any xsd:integer, xsd:decimal, xsd:double or xsd:boolean literal in Turtle's
shorthand (``1``, ``true``) from its value, not its lexical form: ``"1"^^xsd:boolean``
became ``1``, an xsd:integer; ``"TRUE"^^xsd:boolean`` became ``true``; ``"1."^^xsd:decimal``
became ``1.``, which is not Turtle. Here such a literal is written ``"lexical"^^xsd:type``.

    >>> from rdflib import XSD, Graph, Literal, URIRef
    >>> g = Graph()
    >>> g.bind("ex", "http://e/")
    >>> for lexical in ("1", "true"):
    ...     _ = g.add((URIRef("http://e/s"), URIRef("http://e/p"),
    ...                Literal(lexical, datatype=XSD.boolean, normalize=False)))
    >>> print(turtle(g).decode().split("\\n\\n")[1].strip())
    ex:s ex:p "1"^^xsd:boolean,
            true .
"""

from __future__ import annotations

import io
import re

from rdflib import XSD, Graph, Literal
from rdflib.plugins.serializers.turtle import TurtleSerializer

#: Turtle's grammar for the shorthand of each datatype rdflib writes in shorthand
_SHORTHAND = {
    XSD.integer: re.compile(r"[+-]?[0-9]+"),
    XSD.decimal: re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD.double: re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD.boolean: re.compile(r"true|false"),
}


class LosslessTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle serializer; a number or boolean in shorthand only if lossless."""

    def label(self, node, position):  # noqa: ANN001, ANN201 - rdflib's signature
        if isinstance(node, Literal) and node.datatype in _SHORTHAND:
            lexical = str(node)
            if not (_SHORTHAND[node.datatype].fullmatch(lexical)
                    and node._literal_n3(use_plain=True) == lexical):
                return node._literal_n3(use_plain=False,
                                        qname_callback=lambda dt: self.get_pname(dt, False))
        return super().label(node, position)


def turtle(graph: Graph) -> bytes:
    """``graph`` as Turtle (UTF-8) written by :class:`LosslessTurtleSerializer`."""
    buffer = io.BytesIO()
    LosslessTurtleSerializer(graph).serialize(buffer, encoding="utf-8")
    return buffer.getvalue()


__all__ = ["LosslessTurtleSerializer", "turtle"]
