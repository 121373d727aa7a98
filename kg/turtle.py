"""Turtle that keeps every triple as it is: rdflib's writer, with some of its habits
changed.

- rdflib writes any xsd:integer, xsd:decimal, xsd:double or xsd:boolean literal in
  Turtle's shorthand (``1``, ``true``) from its value, not its lexical form:
  ``"1"^^xsd:boolean`` became ``1``, an xsd:integer; ``"TRUE"^^xsd:boolean`` became
  ``true``; ``"1."^^xsd:decimal`` became ``1.``, which is not Turtle; and even in full
  form an ill-typed ``"nan"^^xsd:decimal`` became ``"NaN"``. Here the shorthand is used
  only where it reads back as the same literal; else the lexical form is written as it is.
- rdflib writes a literal with a line break as a long string (in triple quotes) holding
  the raw line break; here it is escaped (``\\n``), so every line break of the text ends a
  line of Turtle, and TriG can indent the lines of a layer's block without changing a
  literal.
- rdflib wrote as a list ``( ... )`` a blank node with rdf:first and any one other
  triple (that triple lost, an rdf:rest added), and a list whose nodes other triples
  also point to (those triples then pointed to a new node); here only a list that
  reads back as the same triples is written as one.
- rdflib wrote the predicate rdf:nil as ``()``, which is not Turtle, and nested blank
  nodes inside one another without end (out of stack from about 250 levels; its parser
  reads about 200 back); here rdf:nil is a name there, and blank nodes deeper than
  :attr:`LosslessTurtleSerializer.MAX_NESTING` are written by label.
- A blank node that another graph of the same TriG file holds too must be written by
  label (``_:c14n0``) there: ``[ ... ]`` would make a new node. :func:`turtle` takes
  such nodes as ``labelled``.
- rdflib makes up prefixes (``ns1:``) for namespaces it has no prefix for; two layers'
  Turtle in one TriG file both had an ``ns1:`` for different namespaces, and some made-up
  prefixes were never declared or not valid IRIs. Here an IRI outside the bound prefixes
  is written in full.

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
from collections.abc import Iterable

from rdflib import RDF, XSD, BNode, Graph, Literal
from rdflib.plugins.serializers.turtle import VERB, TurtleSerializer

#: Turtle's grammar for the shorthand of each datatype rdflib writes in shorthand
_SHORTHAND = {
    XSD.integer: re.compile(r"[+-]?[0-9]+"),
    XSD.decimal: re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD.double: re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD.boolean: re.compile(r"true|false"),
}


#: the characters a short Turtle string escapes (the line breaks, the quote, the backslash)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class LosslessTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle serializer: shorthand only if lossless, no raw line break in a
    literal, no made-up prefix."""

    #: blank nodes written inside one another (``[ ... [ ... ] ]``) at most; deeper ones
    #: are written by label. rdflib's writer ran out of stack from about 250 levels, and
    #: its parser cannot read more than about 200 back.
    MAX_NESTING = 50

    #: blank nodes always written by label, never as ``[ ... ]`` or in a list ``( ... )``
    labelled: frozenset = frozenset()

    def get_pname(self, uri, gen_prefix=True):  # noqa: ANN001, ANN201 - rdflib's signature
        return super().get_pname(uri, gen_prefix=False)

    def p_squared(self, node, position, newline=False):  # noqa: ANN001, ANN201, FBT002
        nesting = getattr(self, "_nesting", 0)
        if nesting >= self.MAX_NESTING or node in self.labelled:
            return False
        self._nesting = nesting + 1
        try:
            return super().p_squared(node, position, newline)
        finally:
            self._nesting = nesting

    def isValidList(self, l_) -> bool:  # noqa: ANN001, N802 - rdflib's name
        """A list only if ``( ... )`` reads back as the same triples: every node a blank
        node with exactly one rdf:first and one rdf:rest and nothing else, every node after
        the first the object of its predecessor's rdf:rest only, ending at rdf:nil.
        rdflib's check wrote a node with rdf:first and any one other triple as a list."""
        seen = set()
        node = l_
        while node != RDF.nil:
            if not isinstance(node, BNode) or node in seen or node in self.labelled or (
                    node != l_ and self._references[node] != 1):
                return False
            seen.add(node)
            predicates = sorted(p for p, _ in self.store.predicate_objects(node))
            if predicates != [RDF.first, RDF.rest]:
                return False
            node = self.store.value(node, RDF.rest)
        return True

    def s_squared(self, subject):  # noqa: ANN001, ANN201 - rdflib's signature
        return subject not in self.labelled and super().s_squared(subject)

    def _full_form(self, node: Literal) -> str:
        """``"lexical"`` escaped, with its language tag or datatype."""
        text = '"' + str(node).translate(_ESCAPES) + '"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype:
            return f"{text}^^{self.get_pname(node.datatype) or node.datatype.n3()}"
        return text

    def label(self, node, position):  # noqa: ANN001, ANN201 - rdflib's signature
        if node == RDF.nil and position == VERB:  # (rdflib wrote it "()" here too)
            return self.get_pname(node) or node.n3()
        if isinstance(node, Literal):
            lexical = str(node)
            if node.datatype in _SHORTHAND and not (
                    _SHORTHAND[node.datatype].fullmatch(lexical)
                    and node._literal_n3(use_plain=True) == lexical):
                return self._full_form(node)
            if "\n" in lexical or "\r" in lexical:
                return self._full_form(node)
        return super().label(node, position)


def turtle(graph: Graph, labelled: Iterable[BNode] = ()) -> bytes:
    """``graph`` as Turtle (UTF-8) written by :class:`LosslessTurtleSerializer`, the blank
    nodes ``labelled`` by their labels."""
    buffer = io.BytesIO()
    serializer = LosslessTurtleSerializer(graph)
    serializer.labelled = frozenset(labelled)
    serializer.serialize(buffer, encoding="utf-8")
    return buffer.getvalue()


__all__ = ["LosslessTurtleSerializer", "turtle"]
