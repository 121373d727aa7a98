"""Canonical labels for blank nodes that look alike: ``_:bliss0``, ``_:bliss1``...

RDFC-1.0 labels a blank node from its first-degree hash (kg.canonical.rdfc_labels). Two
blank nodes with the same hash need its Hash N-Degree Quads step, exponential on a
clique, and rdflib's ``to_canonical_graph`` is exponential too: eight disjoint pairs of
blank nodes that point at each other (16 triples) took it minutes. This module labels
such a graph in polynomial time, with the BLISS canonical labelling of igraph's
``Graph.canonical_permutation``, so that isomorphic graphs get the same labels:

- each blank node's colour is its first-degree hash (which holds all its triples with an
  IRI or a literal); a triple between two blank nodes becomes a path through two
  vertices coloured by its predicate (one for each end, so the path has a direction);
- the blank nodes are split into components (joined by such triples), each labelled on
  its own: BLISS is slow on many copies of one shape, so copies are not given to it
  together. A component whose colours are all different is ordered by them;
- trees that hang off a component (a node with one neighbour, then the nodes that are
  left with one, round by round) are folded into the node they hang from: its colour
  takes their colours and links, and they are labelled after it, in order of those.
  BLISS is slow on a node with thousands of look-alike branches; this takes 0.16 s
  for 4,000 branches of two nodes (BLISS: 17 s). Blocks (biconnected parts) that hang
  off the rest by one node are folded the same way, each labelled on its own
  (3,333 triangles through one node: 0.85 s; BLISS: 15 s);
- in what is left, each chain of nodes with two neighbours between two other nodes
  becomes one node whose colour holds the chain, so that look-alike chains between two
  nodes are twins (3,333 paths of three links between two nodes: 0.22 s; BLISS: 18 s);
- blank nodes that are twins (the same hash and the same blank node neighbours by the
  same predicates) can be swapped without changing the graph: one stands for them all,
  the others take the labels after it;
- the components are sorted by their canonical form (colours in canonical order, and
  their triples between blank nodes) and numbered in that order. Copies of one
  component have one form: whichever comes first, the labelled triples are the same.

The input is each triple that holds a blank node, its terms as N-Triples text (a blank
node ``_:`` and its label), each triple once.

    >>> p = b"<http://example.org/p>"
    >>> pairs = [(b"_:a", p, b"_:b"), (b"_:b", p, b"_:a"), (b"_:c", p, b"_:d"), (b"_:d", p, b"_:c")]
    >>> sorted(lookalike_labels(pairs).values())
    [b'_:bliss0', b'_:bliss1', b'_:bliss2', b'_:bliss3']
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

from kg.canonical import first_degree_hash, is_blank

#: a triple of N-Triples terms, a blank node written ``_:label``
Terms = tuple[bytes, bytes, bytes]
#: a component's canonical form: colours in canonical order, its blank-to-blank triples
#: by canonical place
Form = tuple[tuple[bytes, ...], tuple[tuple[int, bytes, int], ...]]


def first_degree_hashes(triples: Sequence[Terms]) -> dict[bytes, bytes]:
    """Each blank node's RDFC-1.0 first-degree hash (kg.canonical.first_degree_hash).

    >>> hashes = first_degree_hashes([(b"_:x", b"<http://e/p>", b"_:y")])
    >>> hashes[b"_:x"] != hashes[b"_:y"]
    True
    """
    holding: dict[bytes, list[Terms]] = defaultdict(list)
    for triple in triples:
        for node in {term for term in (triple[0], triple[2]) if is_blank(term)}:
            holding[node].append(triple)
    return {node: first_degree_hash(node, held) for node, held in holding.items()}


def _components(nodes: list[bytes], links: list[Terms]) -> list[list[bytes]]:
    """``nodes`` in groups joined by ``links`` (triples between two blank nodes)."""
    parent = {node: node for node in nodes}

    def root(node: bytes) -> bytes:
        while parent[node] != node:
            parent[node] = node = parent[parent[node]]
        return node

    for subject, _, obj in links:
        a, b = root(subject), root(obj)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[bytes, list[bytes]] = defaultdict(list)
    for node in nodes:
        groups[root(node)].append(node)
    return list(groups.values())


def _twins(nodes: list[bytes], colour: dict[bytes, bytes],
           links: list[Terms]) -> dict[bytes, list[bytes]]:
    """Each node that stands for its twins (itself first): nodes with one colour and the
    same blank node neighbours by the same predicates, each way. Two twins never link
    each other (each would be the other's neighbour), so swapping them is an
    automorphism."""
    ways = _ways(nodes, links)
    classes: dict[tuple, list[bytes]] = defaultdict(list)
    for node in nodes:
        around = sorted((way, predicate, other) for other, links_to in ways[node].items()
                        for way, predicate in links_to)
        classes[(colour[node], tuple(around))].append(node)
    return {members[0]: members for members in classes.values()}


def _bliss_order(nodes: list[bytes], colour: dict[bytes, bytes],
                 links: list[Terms]) -> list[bytes]:
    """``nodes`` in BLISS's canonical order of the coloured graph: a vertex for each node,
    and for each link a path node - (predicate, from) - (predicate, to) - node."""
    import igraph

    place = {node: number for number, node in enumerate(nodes)}
    keys: list[bytes] = [b"n" + colour[node] for node in nodes]
    edges: list[tuple[int, int]] = []
    for subject, predicate, obj in links:
        start = len(keys)
        keys += [b"f" + predicate, b"t" + predicate]
        edges += [(place[subject], start), (start, start + 1), (start + 1, place[obj])]
    rank = {key: number for number, key in enumerate(sorted(set(keys)))}
    graph = igraph.Graph(n=len(keys), edges=edges, vertex_attrs={"at": range(len(keys))})
    permutation = graph.canonical_permutation(color=[rank[key] for key in keys])
    # igraph 1.0 reversed what the permutation means (igraph/igraph#1930), but not what
    # permute_vertices does with it: read the canonical graph's vertices for their places
    canonical = [0] * len(keys)
    for canonical_place, vertex in enumerate(graph.permute_vertices(permutation).vs["at"]):
        canonical[vertex] = canonical_place
    return sorted(nodes, key=lambda node: canonical[place[node]])


def _form(order: list[bytes], colour: dict[bytes, bytes], links: list[Terms]) -> Form:
    """The component's canonical form, given its nodes in canonical order."""
    place = {node: number for number, node in enumerate(order)}
    return (tuple(colour[node] for node in order),
            tuple(sorted((place[s], p, place[o]) for s, p, o in links)))


#: for each node, each neighbour and the links to it: (b">", predicate) for a link from
#: the node, (b"<", predicate) for a link to it
Ways = dict[bytes, dict[bytes, list[tuple[bytes, bytes]]]]


def _ways(nodes: list[bytes], links: list[Terms]) -> Ways:
    """Each node's neighbours by ``links`` and the links to each (a loop is left out: it
    is in the node's colour).

    >>> dict(_ways([b"_:a", b"_:b"], [(b"_:a", b"<p>", b"_:b")])[b"_:b"])
    {b'_:a': [(b'<', b'<p>')]}
    """
    ways: Ways = {node: defaultdict(list) for node in nodes}
    for subject, predicate, obj in links:
        if subject != obj:
            ways[subject][obj].append((b">", predicate))
            ways[obj][subject].append((b"<", predicate))
    return ways


#: for each node, what is folded into it: each part's key and its nodes in order
Hung = dict[bytes, list[tuple[object, list[bytes]]]]


def _pendant_trees(nodes: list[bytes], colour: dict[bytes, bytes], links: list[Terms]
                   ) -> tuple[dict[bytes, bytes], Hung]:
    """Fold the trees that hang off a component into the nodes they hang from, in rounds:
    each round takes every node with one neighbour (unless that neighbour has only it)
    and adds its links to that neighbour and its colour to the neighbour's colour. What
    is left (the core, at least one node) has the new colours; the result maps each
    core or folded node to its folded children, each with the key it was folded by.
    Children with one key hang identical trees from one node: swapping them is an
    automorphism."""
    ways = _ways(nodes, links)
    left = {node: set(around) for node, around in ways.items()}
    colour = dict(colour)
    children: Hung = defaultdict(list)
    leaves = [node for node in nodes if len(left[node]) == 1]
    while leaves:  # (one round: every leaf of the component as it is now)
        folded: dict[bytes, list[tuple[tuple, bytes]]] = defaultdict(list)
        for leaf in leaves:
            (parent,) = left[leaf]
            if len(left[parent]) > 1:  # (else the two are all that is left)
                folded[parent].append(((tuple(sorted(ways[parent][leaf])), colour[leaf]), leaf))
        for parent, taken in folded.items():
            keys = sorted(repr(key).encode() for key, _ in taken)
            colour[parent] = hashlib.sha256(b"\n".join([colour[parent], *keys])).digest()
            children[parent] += [(key, [leaf]) for key, leaf in taken]
            for _, leaf in taken:
                left[parent].discard(leaf)
                del left[leaf]
        leaves = [parent for parent in folded if len(left[parent]) == 1]
    return {node: colour[node] for node in left}, children


def _depth_first(order: list[bytes], hung: Hung) -> list[bytes]:
    """The nodes in ``order``, each followed by the parts folded into it, in order of
    their keys, each part's nodes in its order (and what is folded into them: depth
    first)."""
    out: list[bytes] = []
    stack = list(reversed(order))
    while stack:
        node = stack.pop()
        out.append(node)
        for _, below in sorted(hung.get(node, ()), reverse=True, key=lambda pair: pair[0]):
            stack += reversed(below)
    return out


def _component_order(nodes: list[bytes], colour: dict[bytes, bytes],
                     links: list[Terms]) -> tuple[Form, list[bytes]]:
    """A component's canonical form and its nodes in canonical order, twins together."""
    if len(set(map(colour.get, nodes))) == len(nodes):
        order = sorted(nodes, key=colour.__getitem__)
        return _form(order, colour, links), order
    colour, children = _pendant_trees(nodes, colour, links)
    nodes = sorted(colour)
    links = [(s, p, o) for s, p, o in links if s in colour and o in colour]
    form, order = _blocks_order(nodes, colour, links)
    return form, _depth_first(order, children)


def _blocks_order(nodes: list[bytes], colour: dict[bytes, bytes],
                  links: list[Terms]) -> tuple[Form, list[bytes]]:
    """The canonical form and order of a component without pendant trees, the blocks
    (biconnected parts) that hang off it folded in as :func:`_pendant_trees` folds trees:
    round by round, each block joined to the rest by one cut node is labelled on its own
    (that node marked), and the form it gets goes into the cut node's colour. What is
    left, one block or one cut node, is labelled with those colours. A node with
    thousands of look-alike cycles through it would otherwise go to BLISS in one piece,
    which is slow on it (3,333 triangles through one node: 15 s)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((s, o) for s, _, o in links if s != o)
    blocks = [frozenset(block) for block in nx.biconnected_components(graph)]
    if len(blocks) < 2:
        return _core_order(nodes, colour, links)
    blocks_of: dict[bytes, set[int]] = defaultdict(set)
    for number, block in enumerate(blocks):
        for node in block:
            blocks_of[node].add(number)
    block_links: dict[int, list[Terms]] = defaultdict(list)
    for link in links:  # (a loop is in its node's colour)
        if link[0] != link[2]:
            (number,) = blocks_of[link[0]] & blocks_of[link[2]]
            block_links[number].append(link)
    cuts_of = {number: {node for node in block if len(blocks_of[node]) > 1}
               for number, block in enumerate(blocks)}
    colour = dict(colour)
    hung: Hung = defaultdict(list)
    remaining = set(range(len(blocks)))
    while len(remaining) > 1:  # (one round: every block that hangs off one cut node)
        folded: dict[bytes, list[tuple[int, bytes, list[bytes]]]] = defaultdict(list)
        for number in sorted(remaining):
            if len(cuts_of[number]) == 1:
                (cut,) = cuts_of[number]
                seen = {node: colour[node] for node in blocks[number]}
                seen[cut] = b"cut"  # (no colour is three bytes long)
                form, order = _core_order(sorted(seen), seen, block_links[number])
                key = hashlib.sha256(repr(form).encode()).digest()
                folded[cut].append((number, key, [node for node in order if node != cut]))
        for cut, taken in folded.items():
            keys = sorted(key for _, key, _ in taken)
            colour[cut] = hashlib.sha256(b"\n".join([colour[cut], *keys])).digest()
            hung[cut] += [(key, order) for _, key, order in taken]
            for number, _, _ in taken:
                remaining.discard(number)
                blocks_of[cut].discard(number)
            if len(blocks_of[cut]) == 1:  # (the cut node is now a node of its last block)
                cuts_of[next(iter(blocks_of[cut]))].discard(cut)
    if remaining:
        (number,) = remaining
        seen = {node: colour[node] for node in blocks[number]}
        form, order = _core_order(sorted(seen), seen, block_links[number])
    else:  # (the last blocks all hung off one cut node)
        (cut,) = folded
        form, order = ((colour[cut],), ()), [cut]
    return form, _depth_first(order, hung)


#: the links that stand for a chain: from the node it is read from, to the node it is
#: read to, or from each end of a chain that reads the same both ways (never an IRI, so
#: never the predicate of a link)
_CHAIN_FROM, _CHAIN_TO, _CHAIN_END = b"chain from", b"chain to", b"chain end"
#: a chain: its nodes in the order it is read, whether it reads the same both ways, and
#: the nodes it is read from and to
Chain = tuple[list[bytes], bool, bytes, bytes]


def _chains(nodes: list[bytes], colour: dict[bytes, bytes], links: list[Terms]
            ) -> tuple[list[bytes], dict[bytes, bytes], list[Terms], dict[bytes, Chain]]:
    """Each chain of nodes with two neighbours between two other nodes, as one new node
    whose colour holds the chain (its colours and links, read the way that sorts first)
    linked to its two ends. Many look-alike chains between two nodes become twins; BLISS
    is slow on them (3,333 paths of three links between two nodes: 18 s). Unchanged if
    every node has two neighbours (a cycle) or a chain comes back to where it starts."""
    ways = _ways(nodes, links)
    inner = {node for node in nodes if len(ways[node]) == 2}
    ends = [node for node in nodes if node not in inner]
    unchanged = nodes, colour, links, {}
    if not inner or not ends:
        return unchanged
    chains: dict[bytes, Chain] = {}
    colour, new_links, walked = dict(colour), [], set()
    for end in ends:
        for first in ways[end]:
            if first not in inner or first in walked:  # (walked from its other end)
                continue
            path = [end, first]
            while path[-1] in inner:
                path.append(next(n for n in ways[path[-1]] if n != path[-2]))
            if path[-1] == end:
                return unchanged
            walked.update(path[1:-1])
            readings = []
            for way in (path, path[::-1]):
                reading: list = [tuple(sorted(ways[way[0]][way[1]]))]
                for at, node in enumerate(way[1:-1], start=1):
                    reading += [colour[node], tuple(sorted(ways[node][way[at + 1]]))]
                readings.append(reading)
            forward, backward = readings
            way = path if forward <= backward else path[::-1]
            chain = b"chain %d" % len(chains)
            chains[chain] = (way[1:-1], forward == backward, way[0], way[-1])
            colour[chain] = hashlib.sha256(b"chain\n" + repr(min(readings)).encode()).digest()
            if forward == backward:
                new_links += [(way[0], _CHAIN_END, chain), (way[-1], _CHAIN_END, chain)]
            else:
                new_links += [(way[0], _CHAIN_FROM, chain), (chain, _CHAIN_TO, way[-1])]
    for node in walked:
        del colour[node]
    new_links += [(s, p, o) for s, p, o in links if s not in inner and o not in inner]
    return sorted(colour), colour, new_links, chains


def _core_order(nodes: list[bytes], colour: dict[bytes, bytes],
                links: list[Terms]) -> tuple[Form, list[bytes]]:
    """The canonical form and order of a component without pendant trees, twins
    together, each chain's nodes in the order it is read (see :func:`_chains`)."""
    nodes, colour, links, chains = _chains(nodes, colour, links)
    twins = _twins(nodes, colour, links)
    kept = list(twins)
    if len(kept) < len(nodes):  # a twin's colour says how many it stands for
        colour = {node: colour[node] + b"*%d" % len(twins[node]) for node in kept}
        links = [(s, p, o) for s, p, o in links if s in colour and o in colour]
    if len(set(map(colour.get, kept))) == len(kept):
        order = sorted(kept, key=colour.__getitem__)
    else:
        order = _bliss_order(kept, colour, links)
    form = _form(order, colour, links)
    order = [twin for node in order for twin in twins[node]]
    place = {node: number for number, node in enumerate(order)}
    out: list[bytes] = []
    for node in order:
        if node not in chains:
            out.append(node)
            continue
        inner, both_ways, start, end = chains[node]
        # (a chain that reads the same both ways is read from its end that comes first)
        out += inner[::-1] if both_ways and place[end] < place[start] else inner
    return form, out


def lookalike_labels(triples: Sequence[Terms]) -> dict[bytes, bytes]:
    """A canonical label (``_:bliss0``...) for each blank node of ``triples`` (each triple
    once, every triple that holds one of their blank nodes): isomorphic inputs get the
    same labelled triples, in time polynomial in the graph, whatever its symmetries."""
    colour = first_degree_hashes(triples)
    links = [triple for triple in triples if is_blank(triple[0]) and is_blank(triple[2])]
    groups = _components(sorted(colour), links)
    links_of: dict[bytes, list[Terms]] = defaultdict(list)
    group_of = {node: number for number, group in enumerate(groups) for node in group}
    for link in links:
        links_of[group_of[link[0]]].append(link)
    ordered = sorted((_component_order(group, colour, links_of[number])
                      for number, group in enumerate(groups)), key=lambda pair: pair[0])
    labels: dict[bytes, bytes] = {}
    for _, order in ordered:
        for node in order:
            labels[node] = b"_:bliss%d" % len(labels)
    return labels


__all__ = ["first_degree_hashes", "lookalike_labels"]
