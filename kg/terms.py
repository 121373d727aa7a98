"""Fast conversion of store terms (pyoxigraph, SPARQL JSON results) to rdflib terms.

A query over a million triples can return hundreds of thousands of terms, and rdflib's
constructors check and normalise each one: ``URIRef`` scans the IRI, ``Literal`` casts
its lexical form (an ``xsd:integer`` costs about 12 µs). A store has already checked its
IRIs and literals, so the common kinds (IRIs, plain and language-tagged strings,
canonical integers) are built here directly, several times faster. The result is the
same object rdflib would build: an import-time check compares both ways on samples and
falls back to rdflib's constructors if any attribute differs (another rdflib release).

    >>> import pyoxigraph as ox
    >>> to_rdflib(ox.Literal("42", datatype=ox.NamedNode(XSD_INTEGER))).value
    42
    >>> literal("fatigue", lang="en") == Literal("fatigue", lang="en")
    True
"""

from __future__ import annotations

import hashlib
import logging
import re

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_CANONICAL_INTEGER = re.compile(r"0|-?[1-9][0-9]*")
_INTEGER = URIRef(XSD_INTEGER)
_RDFLIB_TERM_LOG = logging.getLogger("rdflib.term")


def _built(lexical: str, lang: str | None, datatype: URIRef | None, value, ill_typed):  # noqa: ANN001, ANN202
    term = str.__new__(Literal, lexical)
    term._language, term._datatype, term._value, term._ill_typed = (
        lang, datatype, value, ill_typed)
    return term


def _fast_literal(lexical: str, lang: str | None, datatype: str | None) -> Literal | None:
    """The literal built directly, or None where only rdflib's constructor will do."""
    if lang:
        return _built(lexical, lang, None, lexical, None)
    if datatype is None or datatype == XSD_STRING:
        return _built(lexical, None, None, lexical, None)
    if datatype == XSD_INTEGER and _CANONICAL_INTEGER.fullmatch(lexical):
        return _built(lexical, None, _INTEGER, int(lexical), False)
    return None


def _slow_literal(lexical: str, lang: str | None, datatype: str | None) -> Literal:
    if lang:
        return Literal(lexical, lang=lang, normalize=False)
    if datatype is None or datatype == XSD_STRING:
        return Literal(lexical, normalize=False)
    # the lexical form the store holds ("TRUE"^^xsd:boolean stays "TRUE"): rdflib would
    # normalise it, and then an export or a table would not say what the store says. An
    # ill-typed one ("abc"^^xsd:integer) is valid RDF and kept as it is: rdflib would log
    # a warning with a traceback for each on stderr
    disabled, _RDFLIB_TERM_LOG.disabled = _RDFLIB_TERM_LOG.disabled, True
    try:
        term = Literal(lexical, datatype=URIRef(datatype), normalize=False)
    finally:
        _RDFLIB_TERM_LOG.disabled = disabled
    if str(term) != lexical:  # xsd:token, xsd:normalizedString: rdflib collapses the
        # white space even with normalize=False; the store's form is kept all the same
        return _built(lexical, None, term.datatype, term.value, term.ill_typed)
    return term


def _same(a: Literal, b: Literal) -> bool:
    return (type(a) is type(b) and str(a) == str(b) and a.language == b.language
            and a.datatype == b.datatype and type(a.value) is type(b.value)
            and a.value == b.value and a.ill_typed == b.ill_typed and hash(a) == hash(b)
            and a.n3() == b.n3() and a.eq(b) and a == b)


def _fast_paths_agree() -> bool:
    samples = [("fatigue", "en", None), ("Ünïcode \"quoted\"", "en-GB", None),
               ("plain", None, None), ("typed string", None, XSD_STRING), ("0", None, XSD_INTEGER),
               ("12345", None, XSD_INTEGER), ("-7", None, XSD_INTEGER)]
    try:
        return all(_same(_fast_literal(*s), _slow_literal(*s)) for s in samples)
    except Exception:  # noqa: BLE001 - any difference means: use rdflib's constructors
        return False


_FAST = _fast_paths_agree()


def uri(value: str) -> URIRef:
    """An rdflib IRI from one a store has already validated (rdflib's check skipped)."""
    return str.__new__(URIRef, value)


def literal(lexical: str, lang: str | None = None, datatype: str | None = None) -> Literal:
    """An rdflib Literal, the same as rdflib builds it, quickly for the common kinds."""
    if _FAST:
        term = _fast_literal(lexical, lang, datatype)
        if term is not None:
            return term
    return _slow_literal(lexical, lang, datatype)


def to_rdflib(term) -> Node | None:  # noqa: ANN001 - pyoxigraph term
    """The rdflib term for a pyoxigraph term (None stays None: an unbound variable)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return uri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.direction is not None:
            raise KGError(f"the literal {term} has an RDF 1.2 base direction, which rdflib "
                          "(used here) cannot keep; export N-Triples, JSON-LD or N-Quads "
                          "(where no layers share a blank node) from the store to keep it")
        return literal(term.value, term.language, term.datatype.value)
    if isinstance(term, ox.Triple):
        raise KGError(f"rdflib (used here) cannot hold the RDF 1.2 triple term <<( {term} )>>")
    raise KGError(f"unsupported term {term!r}")


class TermCache:
    """Converts pyoxigraph terms to rdflib terms, each distinct term once.

    Labels, predicates and certainty levels repeat in nearly every row, so a result of
    80,000 rows converts several times faster. The cache is emptied every ``limit``
    terms, so a streamed result of millions of rows keeps a bounded memory.

    >>> import pyoxigraph as ox
    >>> convert = TermCache()
    >>> convert(ox.Literal("fatigue", language="en")) is convert(ox.Literal("fatigue", language="en"))
    True
    """

    def __init__(self, limit: int = 200_000):
        self.terms: dict = {}
        self.limit = limit

    def __call__(self, term) -> Node | None:  # noqa: ANN001 - pyoxigraph term
        if term is None:
            return None
        found = self.terms.get(term)
        if found is None:
            if len(self.terms) >= self.limit:
                self.terms.clear()
            found = self.terms[term] = to_rdflib(term)
        return found


def _blank_node(label: str):  # noqa: ANN202
    """The Oxigraph blank node for an rdflib blank node label. A label Oxigraph does not
    accept (Virtuoso's ``nodeID://b10006``) becomes a hash of it: the same node for the
    same label, distinct for distinct ones.

    >>> _blank_node("b1").value, _blank_node("nodeID://b1").value == _blank_node("nodeID://b1").value
    ('b1', True)
    """
    import pyoxigraph as ox

    try:
        return ox.BlankNode(label)
    except ValueError:
        return ox.BlankNode("h" + hashlib.sha256(label.encode("utf-8")).hexdigest()[:32])


def to_oxigraph(term: Node):  # noqa: ANN201
    """The pyoxigraph term for an rdflib term."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return _blank_node(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise KGError(f"unsupported term {term!r}")


__all__ = ["TermCache", "literal", "to_oxigraph", "to_rdflib", "uri"]
