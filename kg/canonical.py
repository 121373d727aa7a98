"""Canonical blank node labels, so the same graph is always written with the same bytes.

The W3C RDF Dataset Canonicalization algorithm (RDFC-1.0) labels a blank node from its
first-degree hash: the SHA-256 of the N-Quads lines that hold it, sorted, the node itself
written ``_:a`` and every other blank node ``_:z``. When every blank node has its own
hash, RDFC-1.0 issues ``c14n0``, ``c14n1``... in the order of the hashes and is done:
:func:`rdfc_labels` does that on the lines Oxigraph writes (its canonical N-Triples
form), in time linear in the graph. Two blank nodes with the same hash send RDFC-1.0 into
its Hash N-Degree Quads step, exponential on a clique; pyoxigraph's implementation of it
has no work limit and holds the GIL, so ``--timeout`` could not stop it. Such a graph
(and one with a term Oxigraph refuses) is labelled by kg.lookalike_labels instead
(``_:bliss0``..., BLISS's canonical labelling, polynomial in practice; rdflib's
``to_canonical_graph``, used before, took minutes on 16 triples). Either way the labels
depend only on the graph; where RDFC-1.0 labels it, they
are pyoxigraph's ``Dataset.canonicalize`` labels (tests/test_canonical.py,
tests/test_oxigraph_export.py), without building the Dataset it needs (17 s and 1.2 GB
for the 800,000 blank node triples of a 1M-triple store).

    >>> from rdflib import BNode, Graph, Literal, URIRef
    >>> p = URIRef("http://example.org/p")
    >>> g = Graph()
    >>> g.add((BNode(), p, Literal("one"))); g.add((BNode(), p, Literal("two")))  # doctest: +ELLIPSIS
    <Graph ...>
    >>> sorted(str(s) for s, _, _ in canonical_triples(g))
    ['c14n0', 'c14n1']
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from rdflib import BNode, Graph, URIRef

from kg.errors import InputError

#: the characters no IRI holds (RFC 3987; rdflib refuses to write them, with a bare
#: Exception), as a regular expression class's contents
_NOT_IRI_CHARACTERS = r'\x00-\x20<>"{}|^`\\'
#: one N-Triples line as Oxigraph writes it, its three terms as groups: an IRI holds none
#: of the characters IRIREF forbids (a store loaded with ``--lenient`` can hold any), a
#: literal's quotes and backslashes are escaped, a language tag may carry a direction
_IRI = b"<[^" + _NOT_IRI_CHARACTERS.encode() + b"]*>"
_BLANK = b"_:[^" + _NOT_IRI_CHARACTERS.encode() + b"]+"
_LITERAL = (rb'"(?:[^"\\\n\r]|\\.)*"'
            rb"(?:@[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?:--[a-z]+)?|\^\^" + _IRI + rb")?")
_LINE = re.compile(b"(" + _IRI + b"|" + _BLANK + b") (" + _IRI + b") (" + _IRI + b"|" + _BLANK
                   + b"|" + _LITERAL + rb") \.")


def terms_of(line: bytes) -> tuple[bytes, bytes, bytes] | None:
    """Subject, predicate and object of an N-Triples line as Oxigraph writes it; None if
    the line is not one well-formed triple (a store loaded with ``--lenient`` can hold an
    IRI with a space, a quote or a '>'; an RDF 1.2 triple term is not read here).

    >>> terms_of(b'_:b <http://e/p> "x y"@en .')
    (b'_:b', b'<http://e/p>', b'"x y"@en')
    >>> terms_of(b'<http://e/a b> <http://e/p> _:b .') is None
    True
    """
    match = _LINE.fullmatch(line)
    return None if match is None else match.groups()


def read_terms(line: bytes) -> list[bytes]:
    """Subject, predicate and object of a line :func:`terms_of` has read (its subject and
    predicate hold no space), at the speed of ``bytes.split``."""
    return line[:-2].split(b" ", 2)


def is_blank(term: bytes) -> bool:
    """Whether an N-Triples term (from :func:`terms_of`) is a blank node."""
    return term.startswith(b"_:")


def first_degree_hash(node: bytes, triples: Iterable[Sequence[bytes]]) -> bytes:
    """RDFC-1.0's first-degree hash of blank node ``node`` (raw SHA-256) from the
    N-Triples terms of every triple that holds it: the lines sorted, ``node`` written
    ``_:a`` and any other blank node ``_:z``.

    >>> first_degree_hash(b"_:x", [(b"_:x", b"<http://e/p>", b"_:y")]).hex()[:8]
    '83eb8e6c'
    """
    written = [b" ".join((
        (b"_:a" if subject == node else b"_:z") if is_blank(subject) else subject,
        predicate,
        (b"_:a" if obj == node else b"_:z") if is_blank(obj) else obj, b".\n"))
        for subject, predicate, obj in triples]
    return hashlib.sha256(b"".join(sorted(written))).digest()


def rdfc_labels(lines: list[bytes]) -> dict[bytes, bytes] | None:
    """RDFC-1.0's label (``_:c14n0``...) of each blank node of these N-Triples lines (each
    once), where every blank node has its own first-degree hash; else None. A line whose
    terms cannot be told apart (:func:`terms_of`) is an :class:`InputError`: neither
    this nor rdflib can write it as RDF.

    >>> rdfc_labels([b'_:x <http://e/p> "1" .', b'_:y <http://e/p> _:x .'])
    {b'_:x': b'_:c14n0', b'_:y': b'_:c14n1'}
    """
    mentions: dict[bytes, list[int]] = defaultdict(list)  # (line numbers: less memory)
    for number, line in enumerate(lines):
        terms = terms_of(line)
        if terms is None:
            raise InputError(None, "cannot write a triple as RDF (an IRI with a space or '>', "
                             "from a file loaded with --lenient, or an RDF 1.2 triple term): "
                             + line[:200].decode("utf-8", "replace"))
        subject, _, obj = terms
        if is_blank(subject):
            mentions[subject].append(number)
        if is_blank(obj) and obj != subject:
            mentions[obj].append(number)
    hashes: dict[bytes, bytes] = {}
    for node, numbers in mentions.items():
        digest = first_degree_hash(node, [read_terms(lines[number]) for number in numbers])
        if hashes.setdefault(digest, node) != node:
            return None  # two blank nodes alike at the first degree
    # (raw digests sort as their hex forms do, the order RDFC-1.0 issues labels in)
    return {hashes[digest]: b"_:c14n%d" % n for n, digest in enumerate(sorted(hashes))}


def blank_labels(lines: list[bytes]) -> dict[bytes, bytes]:
    """The canonical label of each blank node of these N-Triples lines (each once, every
    line that holds one of their blank nodes): RDFC-1.0's (:func:`rdfc_labels`) where
    every blank node has its own first-degree hash, else kg.lookalike_labels'
    (``_:bliss0``...). A line that is not one triple is an :class:`InputError`.

    >>> p = b"<http://e/p>"
    >>> sorted(blank_labels([b"_:x %s _:y ." % p, b"_:y %s _:x ." % p]).values())
    [b'_:bliss0', b'_:bliss1']
    """
    from kg.lookalike_labels import lookalike_labels  # (only for look-alikes)

    labels = rdfc_labels(lines)  # (reads every line first)
    if labels is None:
        labels = lookalike_labels([tuple(read_terms(line)) for line in lines])
    return labels


def _written(term) -> bytes:  # noqa: ANN001 - an rdflib term
    """An rdflib term as N-Triples-like text for kg.lookalike_labels: a blank node
    ``_:`` and its id; any other term as rdflib writes it (never starting ``_:``)."""
    text = "_:" + term if isinstance(term, BNode) else term.n3()
    return text.encode("utf-8", "surrogatepass")


def to_oxigraph_triples(graph: Iterable[tuple]) -> tuple[list, dict] | None:
    """The pyoxigraph triples of rdflib ``graph``, and each IRI and literal's rdflib term by
    its pyoxigraph term; None if Oxigraph refuses a term (an IRI with a space, a literal
    as subject) or would make one of two (``"x"`` and ``"x"^^xsd:string``)."""
    import pyoxigraph as ox

    from kg.terms import to_oxigraph

    back: dict = {}
    triples = []
    try:
        for triple in graph:
            converted = []
            for term in triple:
                ox_term = to_oxigraph(term)
                if not isinstance(term, BNode) and back.setdefault(ox_term, term) != term:
                    return None
                converted.append(ox_term)
            triples.append(ox.Triple(*converted))
    except (ValueError, TypeError):  # a term Oxigraph refuses; a literal as subject
        return None
    return triples, back


def _check_iris(graph: Graph) -> None:
    """An InputError for an IRI of ``graph`` (a datatype's too) that is not one (with a
    space or a ``{``, relative, a bad percent escape; from a store loaded with
    ``--lenient``), as Oxigraph's IRI parser reads it: no format can be written with it."""
    import pyoxigraph as ox

    checked = set()
    for triple in graph:
        for term in triple:
            iri = term if isinstance(term, URIRef) else getattr(term, "datatype", None)
            if iri is not None and iri not in checked:
                checked.add(iri)
                try:
                    ox.NamedNode(iri)
                except ValueError as exc:
                    raise InputError(None, f"cannot write the graph as RDF: <{iri}> is not an "
                                     f"IRI ({exc}; a file loaded with --lenient?)") from None


def canonical_triples(graph: Graph) -> Iterable[tuple]:
    """The triples of ``graph`` with canonical blank node labels: RDFC-1.0 (``c14n0``...)
    where every blank node has its own first-degree hash, else kg.lookalike_labels'
    (``bliss0``...; always, for a graph with a term Oxigraph refuses or merges)."""
    import pyoxigraph as ox

    converted = to_oxigraph_triples(graph)
    if converted is None:
        from kg.lookalike_labels import lookalike_labels

        _check_iris(graph)
        with_blank = [triple for triple in graph if any(isinstance(t, BNode) for t in triple)]
        new = lookalike_labels([tuple(map(_written, triple)) for triple in with_blank])
        relabel = {term: BNode(new[_written(term)][2:].decode())
                   for triple in with_blank for term in triple if isinstance(term, BNode)}
        return [tuple(relabel.get(term, term) for term in triple) for triple in graph]
    triples, back = converted
    blank = ox.BlankNode
    text = ox.serialize((t for t in triples if isinstance(t.subject, blank)
                         or isinstance(t.object, blank)), format=ox.RdfFormat.N_TRIPLES)
    labels = blank_labels(sorted(set(text.splitlines())))
    label = {node[2:].decode(): new[2:].decode() for node, new in labels.items()}
    return [tuple(BNode(label[t.value]) if isinstance(t, blank) else back[t] for t in triple)
            for triple in triples]


def _repeats(graphs: Iterable[Iterable[tuple]]) -> Iterator[tuple[BNode, int, int]]:
    """(blank node, the first graph that holds it, a later one that holds it too), by the
    graphs' places in ``graphs``, each time a blank node turns up in a later graph."""
    owner: dict[BNode, int] = {}
    for number, graph in enumerate(graphs):
        for triple in graph:
            for term in triple:
                if isinstance(term, BNode) and owner.setdefault(term, number) != number:
                    yield term, owner[term], number


def shared_blank_nodes(graphs: Iterable[Iterable[tuple]]) -> set[BNode]:
    """The blank nodes that two or more of ``graphs`` hold (a dataset's graphs may share a
    blank node: then it is one node, in each of them).

    >>> from rdflib import RDF, Literal
    >>> x, y = BNode("x"), BNode("y")
    >>> sorted(shared_blank_nodes([[(x, RDF.type, y)], [(x, RDF.value, Literal(1))]]))
    [rdflib.term.BNode('x')]
    """
    return {node for node, _, _ in _repeats(graphs)}


def sharing_groups(graphs: list[Iterable[tuple]]) -> list[list[int]]:
    """The graphs (by their place in ``graphs``) in groups that blank nodes join: two
    graphs that share a blank node are in one group, with those either shares one with;
    a graph that shares none is a group of its own. Groups in the order of their first
    graph, each in order.

    >>> from rdflib import RDF, Literal
    >>> x, y = BNode("x"), BNode("y")
    >>> sharing_groups([[(x, RDF.value, Literal(1))], [(y, RDF.value, Literal(2))],
    ...                 [(x, RDF.value, y)]])
    [[0, 1, 2]]
    >>> sharing_groups([[(x, RDF.value, Literal(1))], [(y, RDF.value, Literal(2))]])
    [[0], [1]]
    """
    parent = list(range(len(graphs)))

    def root(number: int) -> int:
        while parent[number] != number:
            parent[number] = number = parent[parent[number]]
        return number

    for _, first, later in _repeats(graphs):
        a, b = root(first), root(later)
        parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for number in range(len(graphs)):
        groups.setdefault(root(number), []).append(number)
    return list(groups.values())


#: a predicate of one graph, tagged (see :func:`canonical_dataset`)
_TAGGED = "urn:x-b12ms-kg:in-graph:"


def canonical_dataset(graphs: list[tuple[str, Graph]]) -> list[list[tuple]]:
    """The triples of each graph (its name, an IRI, and the graph), blank nodes labelled
    for the whole dataset, so that a blank node graphs share has one label in all of
    them. The dataset is labelled as one graph in which each predicate is replaced by a
    tag, a hash of the graph's name and the predicate (so it is always an IRI), and put
    back after: by :func:`canonical_triples`, so RDFC-1.0's labels where every blank node
    has its own first-degree hash and kg.lookalike_labels' otherwise, with the same guard
    against RDFC-1.0's exponential step as every other export.

    >>> from rdflib import RDF, Literal
    >>> x = BNode("x")
    >>> a, b = Graph(), Graph()
    >>> _ = a.add((x, RDF.value, Literal(1))), b.add((x, RDF.value, Literal(2)))
    >>> [[t[0] for t in triples] for triples in canonical_dataset([("http://e/a", a),
    ...                                                            ("http://e/b", b)])]
    [[rdflib.term.BNode('c14n0')], [rdflib.term.BNode('c14n0')]]
    """
    untag: dict[URIRef, tuple[str, URIRef]] = {}
    tagged = Graph()
    for name, graph in graphs:
        _check_iris(graph)
        tags: dict[URIRef, URIRef] = {}
        for s, p, o in graph:
            tag = tags.get(p)
            if tag is None:
                digest = hashlib.sha256(f"{name} {p}".encode("utf-8", "surrogatepass"))
                tag = tags[p] = URIRef(_TAGGED + digest.hexdigest())
                untag[tag] = (name, p)
            tagged.add((s, tag, o))
    out: dict[str, list[tuple]] = {name: [] for name, _ in graphs}
    for s, tag, o in canonical_triples(tagged):
        name, p = untag[tag]
        out[name].append((s, p, o))
    return [out[name] for name, _ in graphs]


__all__ = ["blank_labels", "canonical_dataset", "canonical_triples", "first_degree_hash",
           "is_blank", "rdfc_labels", "read_terms", "shared_blank_nodes", "sharing_groups",
           "terms_of", "to_oxigraph_triples"]
