"""What a picture shows: the article's story (the default), one condition's mechanism,
the paths between two entities, or two conditions side by side.

Every view but the paths view leaves out the *summary edges*: an edge implied by a longer
chain of drawn edges with the same net sign (the transitive reduction that ``compare``
uses), such as "vitamin B12 deficiency involves disrupted nerve cell communication",
implied by deficiency -> impaired myelin production -> disrupted communication. Each one
left out is kept in ``View.dropped`` so the picture can list it in its caption. A chain
through a condition does not count, nor one weaker than the edge (an asserted edge is
never replaced by a chain with a hypothesis in it).

    >>> from kg.build import build_dataset
    >>> from kg.network import to_networkx
    >>> g = to_networkx(build_dataset())
    >>> view = story_view(g)
    >>> ("b12ms:VitaminB12Deficiency", "b12ms:NerveCommunicationDisruption") in view.dropped
    True
    >>> sorted(condition_view(g, "vitamin B12 deficiency").graph)[:2]
    ['b12ms:ImpairedMyelination', 'b12ms:MyelinSheath']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg.certainty import strongest, weakest
from kg.derivation import STATED, combined_status, edge_status
from kg.errors import InputError
from kg.names import resolve_node
from kg.paths import (
    DEFAULT_KINDS,
    combined_sign,
    find_paths,
    mechanism_view,
    path_stops,
    reachable,
)

SYMPTOM_CATEGORY = "symptom"
CONDITION_CATEGORY = "disease or disorder"


@dataclass
class View:
    """The graph to draw, its title, the summary edges left out (each with the chain that
    implies it and its own edges), the highlighted nodes and every node's label."""

    graph: nx.DiGraph
    title: str
    dropped: dict[tuple[str, str], tuple[list[str], list[dict]]] = field(default_factory=dict)
    highlighted: set[str] = field(default_factory=set)
    highlight_name: str = ""
    labels: dict[str, str] = field(default_factory=dict)


def _drawable(g: nx.MultiDiGraph, kinds: Iterable[str]) -> nx.DiGraph:
    view = mechanism_view(g, kinds)
    view = nx.DiGraph(view.subgraph(n for n in view if view.degree(n) > 0))
    if view.number_of_nodes() == 0:
        raise InputError(None, "nothing to draw: the graph has no edges of the kinds asked for")
    return view


def _ranked(view: nx.DiGraph) -> nx.DiGraph:
    """Mark each node's rank constraint: ``condition`` or ``symptom`` (last column)."""
    for node, data in view.nodes(data=True):
        if data.get("category") == SYMPTOM_CATEGORY and view.out_degree(node) == 0:
            data["rank"] = "symptom"
        elif data.get("category") == CONDITION_CATEGORY:
            data["rank"] = "condition"
        else:
            data["rank"] = ""
    return view


def _labelled(g: nx.MultiDiGraph, view: View) -> View:
    view.labels = {n: g.nodes[n]["label"] for n in g}
    return view


def _certainty(view: nx.DiGraph, source: str, target: str) -> str | None:
    """The firmest certainty of the stated edges between two nodes; a derived step lends
    its weakest premise."""
    edges = view.edges[source, target]["edges"]
    stated = [e["certainty"] for e in edges if edge_status(e) == STATED and e["certainty"]]
    if stated:
        return strongest(stated)
    return weakest(d["weakest_premise_certainty"] for e in edges
                   for d in e.get("derivations", []) if d["weakest_premise_certainty"])


def _sign(view: nx.DiGraph, source: str, target: str) -> int:
    return combined_sign(view.edges[source, target]["edges"])


def without_summary_edges(view: nx.DiGraph) -> tuple[nx.DiGraph, dict[tuple[str, str], list[str]]]:
    """``view`` without the stated edges a longer chain of its edges implies (same net
    sign, not through a condition, no weaker than the edge's certainty), and those edges,
    each with the chain that implies it (node names) and its own edges. Edges the toolkit
    derived stay: they are drawn when the inferred layer is asked for.

    >>> v = nx.DiGraph()
    >>> for s, t in [("a", "b"), ("b", "c"), ("a", "c")]:
    ...     v.add_edge(s, t, edges=[{"sign": "positive", "certainty": "asserted"}])
    >>> reduced, dropped = without_summary_edges(v)
    >>> sorted(reduced.edges), dropped[("a", "c")][0]
    ([('a', 'b'), ('b', 'c')], ['a', 'b', 'c'])
    """
    if not nx.is_directed_acyclic_graph(view):
        return view, {}
    reduced = nx.transitive_reduction(view)
    dropped = {}
    for source, target in sorted(set(view.edges) - set(reduced.edges)):
        if combined_status(edge_status(e) for e in view.edges[source, target]["edges"]) != STATED:
            continue  # a derived edge is drawn: it is what --layers ...,inferred asks to see
        sign = _sign(view, source, target)
        certainty = _certainty(view, source, target)
        # shortest chains first, then by name: the same caption in every process
        for chain in sorted(nx.all_simple_paths(reduced, source, target),
                            key=lambda c: (len(c), c)):
            if any(view.nodes[n].get("category") == CONDITION_CATEGORY for n in chain[1:-1]):
                continue  # what holds of a condition's mechanism is not implied through it
            if weakest([certainty, *(_certainty(view, a, b)
                                     for a, b in zip(chain, chain[1:], strict=False))]) \
                    != certainty:
                continue  # a firmer claim is never shown only as a weaker chain
            signs = [_sign(view, a, b) for a, b in zip(chain, chain[1:], strict=False)]
            product = 1
            for s in signs:
                product *= s
            if len(chain) > 2 and product == sign:
                dropped[(source, target)] = (chain, view.edges[source, target]["edges"])
                break
    kept = nx.DiGraph(view)
    kept.remove_edges_from(dropped)
    return kept, dropped


def story_view(g: nx.MultiDiGraph, kinds: Iterable[str] = DEFAULT_KINDS, *,
               reduce: bool = True) -> View:
    """Every drawable edge (the article's story), summary edges left out."""
    view = _ranked(_drawable(g, kinds))
    graph, dropped = without_summary_edges(view) if reduce else (view, {})
    return _labelled(g, View(graph, "vitamin B12 deficiency and multiple sclerosis: "
                       "cause → mechanism → symptom", dropped))


def condition_view(g: nx.MultiDiGraph, condition: str, kinds: Iterable[str] = DEFAULT_KINDS,
                   *, reduce: bool = True, max_length: int | None = 6) -> View:
    """One condition and what it leads to within ``max_length`` steps (None: all)."""
    view = _drawable(g, kinds)
    start = resolve_node(g, condition)
    if start not in view or view.out_degree(start) == 0:
        raise InputError(None, f"'{condition}' leads to nothing along the drawn edges")
    part = _ranked(nx.DiGraph(view.subgraph(
        reachable(view, start, path_stops(view), cutoff=max_length))))
    graph, dropped = without_summary_edges(part) if reduce else (part, {})
    return _labelled(g, View(graph, f"the mechanism of {g.nodes[start]['label']}", dropped,
                             {start}, "condition"))


def compare_view(g: nx.MultiDiGraph, a: str, b: str, kinds: Iterable[str] = DEFAULT_KINDS,
                 *, reduce: bool = True, max_length: int = 6) -> View:
    """Two conditions and what they lead to within ``max_length`` steps (the nodes
    ``compare`` compares); the nodes both lead to are highlighted."""
    view = _drawable(g, kinds)
    start_a, start_b = resolve_node(g, a), resolve_node(g, b)
    if start_a == start_b:
        raise InputError(None, f"compare needs two different conditions, got '{a}' twice")
    from kg.derivation import CROSS_CONTEXT
    from kg.mechanism import compare

    stops = path_stops(view)
    cones = [set(reachable(view, start, stops, cutoff=max_length)) - {start}
             if start in view else set()
             for start in (start_a, start_b)]
    part = _ranked(nx.DiGraph(view.subgraph(cones[0] | cones[1] | {start_a, start_b})))
    if part.number_of_edges() == 0:
        raise InputError(None, f"'{a}' and '{b}' lead to nothing along the drawn edges")
    graph, dropped = without_summary_edges(part) if reduce else (part, {})
    labels = [g.nodes[n]["label"] for n in (start_a, start_b)]
    # shared only by joining claims made about different conditions: not highlighted
    crossed = {s.node for s in compare(g, start_a, start_b, kinds=kinds,
                                       max_length=max_length).ranking
               if CROSS_CONTEXT in (s.status_a, s.status_b)}
    return _labelled(g, View(graph, f"{labels[0]} compared with {labels[1]}", dropped,
                             (cones[0] & cones[1]) - {start_a, start_b} - crossed,
                             "shared by both\n(not across contexts)"))


def paths_view(g: nx.MultiDiGraph, source: str, target: str,
               kinds: Iterable[str] = DEFAULT_KINDS, *, max_length: int = 6,
               max_paths: int = 20) -> View:
    """Only the edges of the paths ``paths SOURCE TARGET`` finds."""
    found = find_paths(g, source, target, max_length=max_length, max_paths=max_paths,
                       kinds=kinds)
    if not found:
        raise InputError(None, f"no path from '{source}' to '{target}' "
                               f"(at most {max_length} steps)")
    view = _drawable(g, kinds)
    edges = {(step.source, step.target) for path in found for step in path.steps}
    part = _ranked(nx.DiGraph(view.edge_subgraph(edges)))
    ends = [found[0].nodes[0], found[0].nodes[-1]]
    return _labelled(g, View(part, f"paths from {g.nodes[ends[0]]['label']} to "
                                   f"{g.nodes[ends[1]]['label']}", {}, set(ends),
                             "start and end"))


__all__ = ["View", "compare_view", "condition_view", "paths_view", "story_view",
           "without_summary_edges"]
