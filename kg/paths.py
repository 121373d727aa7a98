"""Mechanism paths over the networkx graph of :func:`kg.network.to_networkx`: signed,
bounded, deterministic, each step with the claims (or derivations) behind it.

A one-step path is an edge a source states; a longer one is a chain the toolkit derives
(see :mod:`kg.derivation`): it has a status and the weakest certainty of its premises,
never a certainty of its own.

    >>> from kg.build import build_dataset
    >>> from kg.network import to_networkx
    >>> g = to_networkx(build_dataset())
    >>> [p.labels() for p in find_paths(g, "vitamin B12 deficiency", "neurological symptom")][0]
    ['vitamin B12 deficiency', 'neurological symptom']
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg.certainty import strongest, weakest
from kg.derivation import STATED, combined_status, edge_status
from kg.errors import InputError
from kg.names import resolve_node

DEFAULT_KINDS = ("causal",)
SIGNS = {"positive": 1, "negative": -1, "neutral": 0}
EFFECT_WORDS = {1: "increases", -1: "decreases", 0: "unsigned"}
STATE_WORDS = {1: "increased", -1: "decreased", 0: "affected, direction unknown"}


def combined_sign(edges: Iterable[dict]) -> int:
    """The sign of parallel edges: theirs if they agree, else 0 (neutral or conflicting).

    >>> combined_sign([{"sign": "negative"}, {"sign": "negative"}])
    -1
    >>> combined_sign([{"sign": "negative"}, {"sign": "positive"}])
    0
    """
    signs = {SIGNS.get(e["sign"], 0) for e in edges}
    return signs.pop() if len(signs) == 1 else 0

@dataclass(frozen=True)
class Step:
    """One hop of a path, with every edge that connects the two nodes."""

    source: str
    target: str
    source_label: str
    target_label: str
    edges: tuple[dict, ...]

    @property
    def certainty(self) -> str | None:
        """The sources' certainty of the step: the firmest claim of its stated edges
        (None if only derived edges join the two nodes)."""
        return strongest(e["certainty"] for e in self.edges if e["certainty"])

    @property
    def stated(self) -> bool:
        return self.status == STATED

    @property
    def status(self) -> str:
        """``stated`` if a source states one of its edges, else the derived status."""
        return combined_status(edge_status(e) for e in self.edges)

    @property
    def premise_certainty(self) -> str | None:
        """The certainty the step lends a chain: its sources' certainty if stated, else the
        weakest premise of the derivation behind it."""
        if self.stated:
            return self.certainty
        return weakest(d["weakest_premise_certainty"] for e in self.edges
                       for d in e.get("derivations", []) if d["weakest_premise_certainty"])

    @property
    def contexts(self) -> frozenset | None:
        """None if the step holds in general (an edge stated in general), else the
        contexts (CURIEs) its edges are stated in."""
        found: set[str] = set()
        for edge in self.edges:
            if not edge.get("contexts"):
                return None
            found.update(edge["contexts"])
        return frozenset(found)

    def context_labels(self) -> dict[str, str]:
        labels = {ev["context"]: ev.get("context_label") or ev["context"]
                  for e in self.edges for ev in e["evidence"] if ev.get("context")}
        for e in self.edges:
            for d in e.get("derivations", []):
                labels.update(zip(d["contexts"], d["context_labels"]))
        return labels

    @property
    def sign(self) -> int:
        """+1 (promotes), -1 (impairs) or 0 (neutral, or edges that disagree)."""
        return combined_sign(self.edges)


@dataclass(frozen=True)
class Path:
    """A mechanism path: a chain of claims the toolkit follows. A one-step path is the
    edge a source states (with the source's certainty); a longer one is derived: it has
    a status (``derived``, or ``cross-context hypothesis`` when its claims are stated in
    different contexts) and the weakest certainty among its premises, never a certainty
    of its own (see :mod:`kg.derivation`)."""

    steps: tuple[Step, ...]
    nodes: tuple[str, ...] = field(default=())

    @property
    def status(self) -> str:
        from kg.derivation import status

        if len(self.steps) == 1 and self.steps[0].stated:
            return "stated"
        return status((s.contexts for s in self.steps), derived=(s.status for s in self.steps))

    @property
    def certainty(self) -> str | None:
        """The source's certainty, for a one-step path a source states; None otherwise."""
        return self.steps[0].certainty if self.status == "stated" else None

    @property
    def weakest_premise_certainty(self) -> str | None:
        """The weakest certainty among the claims the path rests on."""
        return weakest(c for c in (s.premise_certainty for s in self.steps) if c)

    @property
    def cross_context(self) -> bool:
        return self.status == "cross-context hypothesis"

    def contexts(self) -> dict[str, str]:
        """Every context a step's claims are bound to: CURIE -> label, sorted by label."""
        labels: dict[str, str] = {}
        for step in self.steps:
            if step.contexts:
                names = step.context_labels()
                labels.update({c: names.get(c, c) for c in step.contexts})
        return dict(sorted(labels.items(), key=lambda item: (item[1], item[0])))

    def premise_claims(self) -> list[str]:
        return sorted({ev["claim_id"] for s in self.steps for e in s.edges
                       for ev in e["evidence"] if ev["claim_id"]}
                      | {c for s in self.steps for e in s.edges
                         for d in e.get("derivations", []) for c in d["premises"]})

    def labels(self) -> list[str]:
        return [self.steps[0].source_label] + [s.target_label for s in self.steps]

    @property
    def signs(self) -> list[int]:
        """The running effect on each node: the source is present (+1); each step
        multiplies by its sign, so an impaired producer gives an impaired product."""
        running = [1]
        for step in self.steps:
            running.append(running[-1] * step.sign)
        return running

    @property
    def sign(self) -> int:
        """Net effect of the source on the target: +1, -1, or 0 (a neutral step)."""
        return self.signs[-1]

    @property
    def effect(self) -> str:
        """The net effect in words: 'increases', 'decreases' or 'unsigned'."""
        return EFFECT_WORDS[self.sign]

    def states(self) -> list[str]:
        """Each node with its state along the path, e.g. 'myelination (decreased)'."""
        return [f"{label} ({'present' if i == 0 else STATE_WORDS[sign]})"
                for i, (label, sign) in enumerate(zip(self.labels(), self.signs))]

    def as_dict(self) -> dict:
        out = {"nodes": list(self.nodes), "labels": self.labels(), "length": len(self.steps),
               "status": self.status}
        if self.status == "stated":
            out["certainty"] = self.certainty
        out.update({"weakest_premise_certainty": self.weakest_premise_certainty,
                    "contexts": [{"id": c, "label": label} for c, label in self.contexts().items()],
                    "premise_claims": self.premise_claims(),
                    "net_effect": self.effect, "sign": self.sign, "states": self.states(),
                    "steps": [{"source": s.source, "target": s.target,
                               "source_label": s.source_label, "target_label": s.target_label,
                               "status": s.status, "certainty": s.certainty, "sign": s.sign,
                               "edges": [_public_edge(e) for e in s.edges]} for s in self.steps]})
        return out


def _public_edge(data: dict) -> dict:
    keys = ("predicate", "predicate_label", "kind", "sign", "layer", "status", "certainty",
            "contexts", "evidence", "derivations")
    return {k: data.get(k) for k in keys}


def mechanism_view(g: nx.MultiDiGraph, kinds: Iterable[str] = DEFAULT_KINDS) -> nx.DiGraph:
    """Collapse the edges of the given kinds into a DiGraph whose edges list them.

    Built once per graph and set of kinds (cached on the graph), so repeated path
    searches on a large graph do not rebuild it.
    """
    kinds = frozenset(kinds)
    cache = g.graph.setdefault("_cache", {})
    if ("view", kinds) not in cache:
        cache[("view", kinds)] = _build_view(g, kinds)
    return cache[("view", kinds)]


def _build_view(g: nx.MultiDiGraph, kinds: frozenset) -> nx.DiGraph:
    view = nx.DiGraph()
    view.add_nodes_from(g.nodes(data=True))
    for source, target, key, data in g.edges(keys=True, data=True):
        if data["kind"] not in kinds:
            continue
        if not view.has_edge(source, target):
            view.add_edge(source, target, edges=[])
        view.edges[source, target]["edges"].append(data)
    ends = set(filter(None, g.graph.get("path_ends", "").split(";")))
    for _, _, data in view.edges(data=True):
        data["edges"] = without_restatements(data["edges"])
        data["ends_path"] = any(e["predicate"] in ends for e in data["edges"])
    return view


def without_restatements(edges: list[dict]) -> list[dict]:
    """Drop derived edges that only restate another edge between the same two nodes
    through a superproperty (*causes* entails *causally related to*): they add no
    mechanism, and their neutral sign would hide the step's sign.

    >>> stated = {"status": "stated", "derivations": []}
    >>> restated = {"status": "derived", "derivations": [{"rule": "subproperty of b12ms:x"}]}
    >>> without_restatements([stated, restated]) == [stated]
    True
    """
    def restates(edge: dict) -> bool:
        rules = [d["rule"] for d in edge.get("derivations", [])]
        return edge_status(edge) != STATED and bool(rules) and all(
            rule.startswith("subproperty of") for rule in rules)

    kept = [e for e in edges if not restates(e)]
    return kept or edges


def _path(view: nx.DiGraph, nodes: list[str]) -> Path:
    steps = tuple(
        Step(a, b, view.nodes[a]["label"], view.nodes[b]["label"],
             tuple(sorted(view.edges[a, b]["edges"], key=lambda e: e["predicate"])))
        for a, b in zip(nodes, nodes[1:]))
    return Path(steps=steps, nodes=tuple(nodes))


def find_paths(g: nx.MultiDiGraph, source: str, target: str, *, max_length: int = 6,
               max_paths: int = 20, kinds: Iterable[str] = DEFAULT_KINDS,
               time_limit: float | None = None) -> list[Path]:
    """Mechanism paths from ``source`` to ``target``, shortest first, at most ``max_paths``.

    Follows only edges of the given ``kinds`` (by default causal ones; add
    ``"structural"`` to follow e.g. *surrounds*). The search is a generator
    (Yen's k-shortest simple paths), so it stops after ``max_paths`` paths or at
    the first path longer than ``max_length`` steps, or when ``time_limit`` seconds
    have passed (returning the paths found so far). Ties are broken by labels.
    """
    check_bounds(max_length, max_paths)
    start, end = resolve_node(g, source), resolve_node(g, target)
    view = mechanism_view(g, kinds)
    taken = k_shortest(view, start, end, max_length=max_length, max_paths=max_paths,
                       time_limit=time_limit, stops=_stops_of(g, view))
    return sorted((_path(view, nodes) for nodes in taken),
                  key=lambda p: (len(p.steps), p.labels()))


def path_stops(view: nx.DiGraph) -> set[tuple[str, str]]:
    """The steps of ``view`` a path may end with but not pass: those with an edge whose
    relation is marked ``b12ms:endsPaths`` (another edge beside it, such as the entailed
    *causally related to* it implies, does not reopen the step), as the view's builder
    marked them (``ends_path``: :func:`mechanism_view`, :class:`kg.pathindex.PathIndex`)."""
    return {(a, b) for a, b, ends in view.edges(data="ends_path") if ends}


def _stops_of(g: nx.MultiDiGraph, view: nx.DiGraph) -> set[tuple[str, str]]:
    """:func:`path_stops` of a graph's cached view, found once per view (``intervene``
    searches paths to every symptom of each condition on one view)."""
    cache = g.graph.setdefault("_cache", {})
    seen, stops = cache.get(("stops", id(view)), (None, None))
    if seen is not view:
        stops = path_stops(view)
        cache[("stops", id(view))] = (view, stops)
    return stops


def shortest_paths(view: nx.DiGraph, start: str,
                   stops: set[tuple[str, str]] | frozenset = frozenset(),
                   cutoff: int | None = None, *,
                   before: Callable[[list[str]], None] | None = None) -> dict[str, list[str]]:
    """A shortest path (node list) from ``start`` to each node it reaches in at most
    ``cutoff`` steps, as ``networkx.single_source_shortest_path`` finds them, except that a
    path never continues past a step in ``stops`` (it may end with one). ``before`` is
    called with each frontier before its successors are asked for: a view read lazily
    (:class:`kg.localnet.LocalNetwork`) adds their edges, and stops, then.

    >>> view = nx.DiGraph([("a", "b"), ("a", "x"), ("x", "b"), ("b", "c")])
    >>> shortest_paths(view, "a", stops={("a", "b")})["c"]
    ['a', 'x', 'b', 'c']
    """
    paths, going_on, frontier, depth = {start: [start]}, {start: [start]}, [start], 0
    while frontier and (cutoff is None or depth < cutoff):
        if before is not None:
            before(frontier)
        following = []
        for node in frontier:
            for nxt in view.successors(node):
                path = going_on[node] + [nxt]
                paths.setdefault(nxt, path)
                if (node, nxt) not in stops and nxt not in going_on:
                    going_on[nxt] = path
                    following.append(nxt)
        frontier, depth = following, depth + 1
    return paths


def reachable(view: nx.DiGraph, start: str, stops: set[tuple[str, str]] | frozenset = frozenset(),
              cutoff: int | None = None) -> dict[str, int]:
    """The nodes paths from ``start`` reach, with their distance in steps (breadth first),
    never continuing past a step in ``stops`` (see :func:`k_shortest`).

    >>> reachable(nx.DiGraph([("a", "b"), ("b", "c")]), "a", stops={("a", "b")})
    {'a': 0, 'b': 1}
    >>> reachable(nx.DiGraph([("a", "b"), ("a", "x"), ("x", "b"), ("b", "c")]), "a",
    ...           stops={("a", "b")})
    {'a': 0, 'b': 1, 'x': 1, 'c': 3}
    """
    return {node: len(path) - 1
            for node, path in shortest_paths(view, start, stops, cutoff).items()}


def check_bounds(max_length: int, max_paths: int) -> None:
    """Path search bounds must be at least 1 (an InputError otherwise)."""
    if max_length < 1 or max_paths < 1:
        raise InputError(None, "max length and max paths must be at least 1")


def k_shortest(view: nx.DiGraph, start: str, end: str, *, max_length: int, max_paths: int,
               time_limit: float | None = None,
               stops: set[tuple[str, str]] | frozenset = frozenset()) -> list[list[str]]:
    """The node lists of at most ``max_paths`` shortest simple paths of at most
    ``max_length`` steps, from a generator (Yen's algorithm) stopped at the first bound
    reached, or after ``time_limit`` seconds. A step in ``stops`` (see :func:`path_stops`:
    a claim such as *alleviates symptoms of*) may only be a path's last step: a path never
    continues past it.

    >>> view = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")])
    >>> k_shortest(view, "a", "c", max_length=5, max_paths=5)
    [['a', 'c'], ['a', 'b', 'c']]
    >>> k_shortest(view, "a", "c", max_length=5, max_paths=5, stops={("a", "b")})
    [['a', 'c']]
    """
    if start == end:
        return []
    deadline = None if time_limit is None else time.monotonic() + time_limit
    taken: list[list[str]] = []
    try:
        for nodes in nx.shortest_simple_paths(view, start, end):
            if len(nodes) - 1 > max_length or len(taken) >= max_paths:
                break
            if not any(step in stops for step in zip(nodes[:-2], nodes[1:-1])):
                taken.append(nodes)
            if deadline is not None and time.monotonic() > deadline:
                break
    except (nx.NetworkXNoPath, nx.NodeNotFound):  # no path at all, or a node without edges
        pass
    return taken


@dataclass(frozen=True)
class SharedNode:
    """A node reachable from both conditions, with the shortest path from each."""

    node: str
    label: str
    category: str
    from_a: Path
    from_b: Path

    def as_dict(self) -> dict:
        return {"node": self.node, "label": self.label, "category": self.category,
                "distance_a": len(self.from_a.steps), "distance_b": len(self.from_b.steps),
                "path_from_a": self.from_a.as_dict(), "path_from_b": self.from_b.as_dict()}


def shared_mechanisms(g: nx.MultiDiGraph, a: str = "vitamin B12 deficiency",
                      b: str = "multiple sclerosis", *, max_length: int = 6,
                      kinds: Iterable[str] = DEFAULT_KINDS) -> list[SharedNode]:
    """Nodes both ``a`` and ``b`` lead to along causal edges, nearest first.

    Each comes with the shortest path from each condition, so every shared node
    is backed by the claims (sentences, certainty) that reach it.
    """
    start_a, start_b = resolve_node(g, a), resolve_node(g, b)
    view = mechanism_view(g, kinds)
    stops = path_stops(view)
    paths_a = shortest_paths(view, start_a, stops, cutoff=max_length)
    paths_b = shortest_paths(view, start_b, stops, cutoff=max_length)
    common = (set(paths_a) & set(paths_b)) - {start_a, start_b}
    shared = [SharedNode(n, view.nodes[n]["label"], view.nodes[n]["category"],
                         _path(view, paths_a[n]), _path(view, paths_b[n])) for n in common]
    return sorted(shared, key=lambda s: (s.category == "symptom",
                                         len(s.from_a.steps) + len(s.from_b.steps), s.label))


__all__ = ["DEFAULT_KINDS", "Path", "SharedNode", "Step", "check_bounds", "combined_sign",
           "find_paths", "k_shortest", "mechanism_view", "path_stops", "reachable", "shortest_paths",
           "shared_mechanisms",
           "without_restatements"]
