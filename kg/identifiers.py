"""Identifiers: IRIs, CURIEs (with the project's prefix map) and the checks on them.

CURIEs are expanded and compacted here with the prefix map itself (an exact prefix
lookup; the longest matching URI prefix), as ``curies.Converter`` does: importing curies
(and pydantic) takes longer than a query's whole start-up may. tests/test_identifiers.py
checks the two agree on every IRI of the graph. The ``*_text`` functions give the IRIs as
text, without importing rdflib (a query on a store needs no more).

    >>> from rdflib import URIRef
    >>> compact(URIRef("http://purl.obolibrary.org/obo/RO_0002452"))
    'RO:0002452'
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from kg import namespaces

if TYPE_CHECKING:
    from rdflib import URIRef

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_CURIE = re.compile(r"^([A-Za-z_][\w.-]*):(\S*)$")


def is_valid_iri(text: str) -> bool:
    """True if ``text`` is an absolute IRI without characters SPARQL/Turtle forbid.

    >>> is_valid_iri("https://w3id.org/b12ms-kg/X"), is_valid_iri("http://x/a> } DROP ALL #")
    (True, False)
    """
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text)) and not _IRI_FORBIDDEN.search(text)


def expand_curie_text(text: str) -> str | None:
    """Expand ``prefix:local`` with the project's prefix map, or return None.

    >>> expand_curie_text("RO:0002452")
    'http://purl.obolibrary.org/obo/RO_0002452'
    """
    if not _CURIE.match(text):
        return None
    prefix, local = text.split(":", 1)
    uri_prefix = namespaces.PREFIXES.get(prefix)
    iri = uri_prefix + local if uri_prefix is not None else None
    return iri if iri and is_valid_iri(iri) else None


def expand_curie(text: str) -> URIRef | None:
    """Expand ``prefix:local`` with the project's prefix map, or return None.

    >>> expand_curie("RO:0002452")
    rdflib.term.URIRef('http://purl.obolibrary.org/obo/RO_0002452')
    """
    return _uriref(expand_curie_text(text))


def as_iri_text(text: str) -> str | None:
    """The IRI that ``text`` spells as a CURIE, an IRI or an ``<IRI>``, as text, else None.

    >>> as_iri_text("b12ms:Fatigue"), as_iri_text("<https://w3id.org/b12ms-kg/Fatigue>")
    ('https://w3id.org/b12ms-kg/Fatigue', 'https://w3id.org/b12ms-kg/Fatigue')
    >>> as_iri_text("fatigue") is None
    True
    """
    bare = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    iri = expand_curie_text(bare)
    if iri is None and is_valid_iri(bare) and "://" in bare:
        iri = bare
    return iri


def as_iri(text: str) -> URIRef | None:
    """The IRI that ``text`` spells as a CURIE, an IRI or an ``<IRI>``, else None.

    >>> as_iri("b12ms:Fatigue"), as_iri("<https://w3id.org/b12ms-kg/Fatigue>"), as_iri("fatigue")
    (rdflib.term.URIRef('https://w3id.org/b12ms-kg/Fatigue'), rdflib.term.URIRef('https://w3id.org/b12ms-kg/Fatigue'), None)
    """
    return _uriref(as_iri_text(text))


def _uriref(iri: str | None) -> URIRef | None:
    if iri is None:
        return None
    from rdflib import URIRef

    return URIRef(iri)


def compact(iri: URIRef | str) -> str:
    """Return a CURIE for ``iri`` with the project's prefixes, or the IRI itself.

    >>> from rdflib import URIRef
    >>> compact(URIRef("https://w3id.org/b12ms-kg/MyelinSheath"))
    'b12ms:MyelinSheath'
    >>> compact(URIRef("http://purl.obolibrary.org/obo/RO_0002452"))
    'RO:0002452'
    """
    return _compact_text(str(iri))


@functools.lru_cache(maxsize=1 << 18)
def _compact_text(iri: str) -> str:
    """The CURIE of an IRI string, cached: a large network or result compacts the same
    few thousand IRIs hundreds of thousands of times."""
    for uri_prefix, prefix in _longest_first():
        if iri.startswith(uri_prefix):
            return prefix + ":" + iri[len(uri_prefix):]
    return iri


@functools.cache
def _longest_first() -> list[tuple[str, str]]:
    """(URI prefix, prefix) pairs, the longest URI prefix first: the one that wins."""
    return sorted(((ns, p) for p, ns in namespaces.PREFIXES.items()),
                  key=lambda pair: (-len(pair[0]), pair[0]))


__all__ = ["as_iri", "as_iri_text", "compact", "expand_curie", "expand_curie_text", "is_valid_iri"]
