"""N-Triples and N-Quads written by Oxigraph: RDFC-1.0 blank node labels, lines sorted.

RDFC-1.0 labels each blank node from the triples that hold blank nodes, and from no
other, so only those lines are read: every other line is written as Oxigraph writes it,
by a store's own dump (the engine's speed). A line is read if its text holds ``_:``
anywhere (every blank node is written ``_:label``); a literal or an IRI that holds ``_:``
only goes along with them, with the same result. kg.canonical.blank_labels gives the
labels: RDFC-1.0's (pyoxigraph's, without the Dataset its ``canonicalize`` needs: 17 s
and 1.2 GB for the 800,000 blank node triples of a 1M-triple store, against about 3 s
here), or kg.lookalike_labels' where two blank nodes have one first-degree hash.

What cannot be read for sure is refused (an InputError), never guessed: a blank node line
that is not one well-formed triple, and a layer whose dump has more lines than the layer
has triples (an IRI with a line break). Both come only from a store loaded with
``--lenient``. The input is each layer's N-Triples, as a store dumps them
(:func:`store_layers`) or as :func:`layer_text` writes pyoxigraph triples.

    >>> import pyoxigraph as ox
    >>> p = ox.NamedNode("http://example.org/p")
    >>> text = layer_text([ox.Triple(ox.BlankNode("x"), p, ox.Literal("1")),
    ...                    ox.Triple(p, p, ox.Literal("_:y"))])
    >>> print(ntriples_of([("article", text)]).decode(), end="")
    <http://example.org/p> <http://example.org/p> "_:y" .
    _:c14n0 <http://example.org/p> "1" .
"""

from __future__ import annotations

import collections
import itertools
from collections.abc import Iterable, Iterator

from kg.canonical import blank_labels, is_blank, read_terms
from kg.errors import InputError
from kg.namespaces import layer_iri_text

#: (layer name, the layer's N-Triples); a flat graph's default graph is named ""
LayerText = tuple[str, bytes]


def layer_text(triples: Iterable) -> bytes:  # noqa: ANN001 - pyoxigraph triples
    """``triples`` as N-Triples, written by Oxigraph."""
    import pyoxigraph as ox

    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def count_triples(store, query: str = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",  # noqa: ANN001
                  **dataset) -> int:  # noqa: ANN003 - ox.Store, its query's dataset options
    """The number a COUNT ``query`` gives on an Oxigraph store (by default: the triples of
    the ``default_graph`` given)."""
    return int(next(iter(store.query(query, **dataset)))["n"].value)


def store_layers(store, names: Iterable[str]) -> Iterator[LayerText]:  # noqa: ANN001 - ox.Store
    """The non-empty layers ``names`` of an Oxigraph store (``""``: its default graph),
    each dumped by the store as N-Triples when it is read (one held at a time). A dump
    with more lines than the layer has triples holds an IRI with a line break, from a
    file loaded with ``--lenient`` (Oxigraph writes IRIs as they are): an InputError,
    since no line of it can be trusted."""
    import pyoxigraph as ox

    for name in names:
        graph = ox.NamedNode(layer_iri_text(name)) if name else ox.DefaultGraph()
        count = count_triples(store, default_graph=graph)
        if not count:
            continue
        text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        if text.count(b"\n") != count or b"\r" in text:
            raise InputError(None, f"cannot write layer {name or '(default graph)'!r} as RDF: "
                             "an IRI holds a line break (a file loaded with --lenient?)")
        yield name, text


def prefix(name: str) -> str:
    """The blank node label prefix of a layer in TriG and N-Quads, where a label names one
    node in the whole file, so two layers must never share one: the name's ASCII letters
    and digits, any other character as ``_``, its code in hex and ``_``, then ``_`` (one
    name, one prefix; a valid label).

    >>> prefix("article"), prefix("a-b"), prefix("a.b"), prefix("")
    ('article_', 'a_2d_b_', 'a_2e_b_', '_')
    """
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in name) + "_"


def not_rdf(exc: SyntaxError) -> InputError:
    """The one-line error for text Oxigraph's strict parser refused, in N-Triples made
    here from a store's own terms: an IRI that is not one, from a file loaded with
    ``--lenient``."""
    problem = str(exc.msg).split(": ", 1)[-1]  # (its place is in a text made here)
    return InputError(None, f"cannot write the store as RDF: {problem} (a file loaded with "
                      "--lenient?)")


#: lines read by the strict parser at a time (a bounded copy of them)
_CHECKED_AT_ONCE = 50_000


def _check(lines: list[bytes]) -> None:
    """Have Oxigraph's strict parser read ``lines`` (N-Triples): an InputError for one that
    is not RDF, rather than writing it as the store holds it (about 0.7 s for a million
    lines)."""
    import pyoxigraph as ox

    for start in range(0, len(lines), _CHECKED_AT_ONCE):
        try:
            collections.deque(ox.parse(b"\n".join(lines[start:start + _CHECKED_AT_ONCE]),
                                       format=ox.RdfFormat.N_TRIPLES), maxlen=0)
        except SyntaxError as exc:
            raise not_rdf(exc) from None


def _split(texts: Iterable[bytes]) -> tuple[list[bytes], list[bytes]]:
    """The lines of ``texts`` without ``_:``, and those with it (each once), all checked
    by :func:`_check` (an IRI can break the rules without a character no IRI holds:
    ``<rel/iri>``, ``<http://e/a%zz>``)."""
    plain: list[bytes] = []
    blank: set[bytes] = set()
    for text in texts:
        for line in text.splitlines():
            if b"_:" in line:
                blank.add(line)
            else:
                plain.append(line)
    lines = sorted(blank)
    _check(plain)
    _check(lines)
    return plain, lines


def _relabelled(lines: list[bytes], labels: dict[bytes, bytes],
                start: bytes = b"_:") -> list[bytes]:
    """``lines`` with each blank node's label from ``labels``, ``_:`` replaced by ``start``
    (in place: each old line is let go as its new one is made)."""
    for number, line in enumerate(lines):
        subject, predicate, obj = read_terms(line)  # (blank_labels has read every line)
        lines[number] = b" ".join((
            start + labels[subject][2:] if is_blank(subject) else subject, predicate,
            start + labels[obj][2:] if is_blank(obj) else obj, b"."))
    return lines


def sorted_lines(lines: list[bytes]) -> bytes:
    """Each line once, sorted, each ended by a newline (sorted in place: no second list)."""
    lines.sort()
    return b"".join(line + b"\n" for line, _ in itertools.groupby(lines))


def ntriples_of(layers: Iterable[LayerText]) -> bytes:
    """N-Triples of the union of ``layers`` with canonical labels
    (kg.canonical.blank_labels), lines sorted."""
    plain, blank = _split(text for _, text in layers)
    plain += _relabelled(blank, blank_labels(blank))
    return sorted_lines(plain)


def nquads_of(layers: Iterable[LayerText]) -> bytes | None:
    """N-Quads of ``layers``, each in its named graph (a flat graph's, ``""``, in the
    default graph), each labelled on its own (kg.canonical.blank_labels) with the layer's
    :func:`prefix`, lines sorted; None if two layers share a blank node (kg.export
    labels the layers that share together)."""
    lines: list[bytes] = []
    seen: set[bytes] = set()  # the blank nodes of the layers before
    for name, text in layers:
        plain, blank = _split([text])
        del text  # (a store's dump of the layer: let it go)
        labels = blank_labels(blank)
        if not seen.isdisjoint(labels):
            return None
        seen.update(labels)
        suffix = f" <{layer_iri_text(name)}> .".encode() if name else b" ."
        for part in (plain, _relabelled(blank, labels, b"_:" + prefix(name).encode())):
            lines += (line[:-2] + suffix for line in part)  # an N-Triples line ends with " ."
            part.clear()
    return sorted_lines(lines)


__all__ = ["LayerText", "count_triples", "layer_text", "not_rdf", "nquads_of", "ntriples_of", "prefix",
           "sorted_lines", "store_layers"]
