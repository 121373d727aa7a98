"""Mechanism analysis: compare two conditions, and what-if interventions.

Both work on the networkx graph of :func:`kg.network.to_networkx` and return plain
dataclasses (``as_dict()`` gives JSON-ready dicts), so they are as usable in a notebook
as from the command line.

    >>> from kg.build import build_dataset
    >>> from kg.network import to_networkx
    >>> g = to_networkx(build_dataset())
    >>> c = compare(g, "vitamin B12 deficiency", "multiple sclerosis")
    >>> c.ranking[0].label, c.ranking[0].bridging, c.ranking[0].status_b
    ('impaired myelin production', 1.0, 'stated')
    >>> "autoimmune attack on myelin" in [n["label"] for n in c.only_b]
    True
    >>> w = intervene(g, "vitamin B12")
    >>> [(o.condition_label, len(o.cut), len(o.remaining)) for o in w.outcomes]
    [('vitamin B12 deficiency', 3, 0), ('multiple sclerosis', 0, 11)]
    >>> sorted({e.status for e in w.claimed_effects})
    ['hypothesis']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg.certainty import weakest
from kg.derivation import CROSS_CONTEXT, MEANING, STATED, edge_status
from kg.errors import InputError
from kg.names import resolve_node
from kg.paths import (
    DEFAULT_KINDS,
    Path,
    _path,
    find_paths,
    mechanism_view,
    path_stops,
    reachable,
    shortest_paths,
)

SYMPTOM_CATEGORY = "symptom"
DEFICIENCY_OF = "b12ms:deficiencyOf"


def _node(g: nx.MultiDiGraph, node: str) -> dict:
    data = g.nodes[node]
    return {"node": node, "label": data["label"], "category": data["category"]}


def _cone(view: nx.DiGraph, start: str, max_length: int,
          stops: set[tuple[str, str]] | frozenset = frozenset()) -> set[str]:
    """Nodes ``start`` leads to in at most ``max_length`` steps (itself excluded), never
    past a step that ends paths."""
    return set(reachable(view, start, stops, cutoff=max_length)) - {start}


def _count_shortest(graph: nx.Graph, start: str) -> tuple[dict[str, int], dict[str, int]]:
    """Breadth-first distances and numbers of shortest paths from ``start``."""
    distance, count, frontier = {start: 0}, {start: 1}, [start]
    while frontier:
        following = []
        for node in frontier:
            for neighbour in sorted(graph.neighbors(node)):
                if neighbour not in distance:
                    distance[neighbour] = distance[node] + 1
                    count[neighbour] = 0
                    following.append(neighbour)
                if distance[neighbour] == distance[node] + 1:
                    count[neighbour] += count[node]
        frontier = following
    return distance, count


def bridging_scores(view: nx.DiGraph, a: str, b: str, nodes: Iterable[str],
                    stops: set[tuple[str, str]] | frozenset = frozenset(),
                    cutoff: int | None = None) -> dict[str, float]:
    """How much each node bridges ``a`` and ``b``: the fraction of shortest connections
    between them that pass through it.

    Computed on the causal subgraph the two conditions span: the nodes paths from either
    reach in at most ``cutoff`` steps (``compare`` gives its ``max_length``: the span is
    the comparison's own horizon, the cones its shared and unique nodes come from),
    never past a step that ends paths. That subgraph is taken after its transitive
    reduction (a summary edge such as "B12 deficiency involves disrupted communication",
    implied by a longer chain of claims, would otherwise hide the chain) and read as
    undirected, so a connection may run down from one condition and up to the other.
    This is subset betweenness with the two conditions as the only endpoints.

    >>> view = nx.DiGraph([("A", "m"), ("B", "m"), ("m", "s"), ("A", "s"), ("B", "s")])
    >>> bridging_scores(view, "A", "B", ["m", "s"])
    {'m': 1.0, 's': 0.0}
    >>> chain = nx.DiGraph([("A", "x"), ("x", "m"), ("B", "y"), ("y", "m")])
    >>> bridging_scores(chain, "A", "B", ["x"])  # A and B meet at m, two steps from each
    {'x': 1.0}
    >>> bridging_scores(chain, "A", "B", ["x"], cutoff=1)  # not within one step
    {'x': 0.0}
    """
    span = view.subgraph(set(reachable(view, a, stops, cutoff))
                         | set(reachable(view, b, stops, cutoff)))
    span = nx.DiGraph(span.edges())
    if nx.is_directed_acyclic_graph(span):
        span = nx.transitive_reduction(span)
    undirected = span.to_undirected()
    dist_a, count_a = _count_shortest(undirected, a)
    dist_b, count_b = _count_shortest(undirected, b)
    scores = {}
    for node in nodes:
        through = (b in dist_a and node in dist_a and node in dist_b
                   and dist_a[node] + dist_b[node] == dist_a[b])
        scores[node] = count_a[node] * count_b[node] / count_a[b] if through else 0.0
    return scores


@dataclass(frozen=True)
class SharedNodeScore:
    """A node both conditions lead to, with the measures that rank it."""

    node: str
    label: str
    category: str
    bridging: float
    first_meeting: bool
    downstream_shared: int
    distance_a: int
    distance_b: int
    status_a: str = "derived"  # how the shortest path from a stands (see kg.derivation)
    status_b: str = "derived"

    def as_dict(self) -> dict:
        return {"node": self.node, "label": self.label, "category": self.category,
                "bridging": round(self.bridging, 6), "first_meeting_point": self.first_meeting,
                "downstream_shared": self.downstream_shared,
                "distance_a": self.distance_a, "distance_b": self.distance_b,
                "status_a": self.status_a, "status_b": self.status_b}


@dataclass(frozen=True)
class Comparison:
    """What two conditions share along their causal mechanisms, and what is theirs alone."""

    a: dict
    b: dict
    shared: list[dict]
    only_a: list[dict]
    only_b: list[dict]
    shared_edges: list[dict]
    kinds_shared: list[dict]
    kinds_only_a: list[dict]
    kinds_only_b: list[dict]
    overlap: float
    ranking: list[SharedNodeScore]
    convergence_paths: dict[str, Path | None] = field(default_factory=dict)

    @property
    def convergence_point(self) -> SharedNodeScore | None:
        return self.ranking[0] if self.ranking else None

    def finding(self) -> str:
        """What the ranking found, in plain words, with how its paths stand."""
        a, b = self.a["label"], self.b["label"]
        top = self.convergence_point
        if top is None:
            return f"{a} and {b} lead to no common node along the followed edges."

        def reach(name: str, steps: int, status: str) -> str:
            how = {"stated": "a claim states it", "derived": "a chain of claims",
                   CROSS_CONTEXT: "a cross-context hypothesis"}[status]
            return f"{name} reaches it in {steps} step{'s' if steps != 1 else ''} ({how})"

        ties = [s.label for s in self.ranking[1:] if s.bridging == top.bridging]
        text = (f"{top.label} ranks first: {top.bridging:.0%} of the shortest connections "
                f"between {a} and {b} pass through it, once edges implied by longer chains "
                f"are set aside. {reach(a, top.distance_a, top.status_a)}; "
                f"{reach(b, top.distance_b, top.status_b)}.")
        if ties:
            text += f" Tied on bridging: {', '.join(ties)}."
        crossed = [s.label for s in self.ranking if CROSS_CONTEXT in (s.status_a, s.status_b)]
        if crossed:
            text += (f" Reached only by a cross-context hypothesis from one side: "
                     f"{', '.join(crossed)} ({MEANING[CROSS_CONTEXT]}).")
        return text

    def as_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "overlap": round(self.overlap, 6),
                "finding": self.finding(),
                "convergence_point": self.convergence_point.as_dict()
                if self.convergence_point else None,
                "ranking": [s.as_dict() for s in self.ranking],
                "shared": self.shared, "only_a": self.only_a, "only_b": self.only_b,
                "shared_edges": self.shared_edges,
                "kinds": {"shared": self.kinds_shared, "only_a": self.kinds_only_a,
                          "only_b": self.kinds_only_b},
                "convergence_paths": {k: p.as_dict() if p else None
                                      for k, p in self.convergence_paths.items()}}


def _by_label(g: nx.MultiDiGraph, nodes: Iterable[str]) -> list[dict]:
    return sorted((_node(g, n) for n in nodes), key=lambda d: (d["label"], d["node"]))


def _kinds(g: nx.MultiDiGraph, node: str) -> dict[str, str]:
    """Superclasses of a node (CURIE -> label): TBox ancestors and 'subclass of' claims."""
    data = g.nodes[node]
    kinds = dict(zip((k for k in data.get("ancestors", "").split(";") if k),
                     (k for k in data.get("ancestor_labels", "").split(";") if k)))
    kinds.update({t: g.nodes[t]["label"] for _, t, d in g.out_edges(node, data=True)
                  if d["kind"] == "taxonomic"})
    return kinds


def _kind_rows(kinds: dict[str, str], keys: Iterable[str]) -> list[dict]:
    return sorted(({"node": k, "label": kinds[k]} for k in keys),
                  key=lambda d: (d["label"], d["node"]))


def compare(g: nx.MultiDiGraph, a: str = "vitamin B12 deficiency",
            b: str = "multiple sclerosis", *, max_length: int = 6,
            kinds: Iterable[str] = DEFAULT_KINDS) -> Comparison:
    """Compare the causal mechanisms of two conditions.

    Returns the nodes both lead to (``shared``) and those only one leads to, the edges
    both can travel (``shared_edges``: both ends shared), the conditions' kinds
    (superclasses), the Jaccard ``overlap`` of the two node sets, and the shared nodes
    ranked as convergence points: by :func:`bridging_scores` first (within the same
    ``max_length`` steps of either condition), then first meeting points (no shared node
    upstream) before the rest, then by how many shared nodes each leads to. Nothing
    further than ``max_length`` steps from a condition is looked at, so the comparison
    reads the same from the part of a store :class:`kg.localnet.LocalNetwork` reads.
    """
    if max_length < 1:
        raise InputError(None, "max length must be at least 1")
    start_a, start_b = resolve_node(g, a), resolve_node(g, b)
    if start_a == start_b:
        raise InputError(None, f"compare needs two different conditions, got '{a}' twice")
    view = mechanism_view(g, kinds)
    stops = path_stops(view)
    from_a = shortest_paths(view, start_a, stops, cutoff=max_length)
    from_b = shortest_paths(view, start_b, stops, cutoff=max_length)
    dist_a = {n: len(p) - 1 for n, p in from_a.items()}
    dist_b = {n: len(p) - 1 for n, p in from_b.items()}
    cone_a, cone_b = set(dist_a) - {start_a}, set(dist_b) - {start_b}
    shared = (cone_a & cone_b) - {start_a, start_b}
    only_a, only_b = cone_a - cone_b - {start_b}, cone_b - cone_a - {start_a}
    union = (cone_a | cone_b) - {start_a, start_b}
    bridging = bridging_scores(view, start_a, start_b, shared, stops, cutoff=max_length)
    region = view.subgraph(shared)
    ranking = sorted(
        (SharedNodeScore(n, g.nodes[n]["label"], g.nodes[n]["category"], bridging[n],
                         not any(p in shared for p in view.predecessors(n)),
                         len(nx.descendants(region, n)), dist_a[n], dist_b[n],
                         _path(view, from_a[n]).status, _path(view, from_b[n]).status)
         for n in shared),
        key=lambda s: (-s.bridging, not s.first_meeting, -s.downstream_shared, s.label))
    shared_edges = []
    for source, target in sorted(region.edges()):
        for edge in region.edges[source, target]["edges"]:
            shared_edges.append({"source": source, "target": target,
                                 "source_label": g.nodes[source]["label"],
                                 "target_label": g.nodes[target]["label"],
                                 "predicate": edge["predicate"],
                                 "predicate_label": edge["predicate_label"],
                                 "status": edge["status"], "certainty": edge["certainty"],
                                 "contexts": edge["contexts"], "claim_ids": edge["claim_ids"]})
    kinds_a, kinds_b = _kinds(g, start_a), _kinds(g, start_b)
    names = {**kinds_a, **kinds_b}
    top = ranking[0].node if ranking else None
    # the shortest path from each side, never past a step that ends paths (the one
    # distance_a and distance_b count)
    paths = {} if top is None else {"a": _path(view, from_a[top]), "b": _path(view, from_b[top])}
    return Comparison(
        a=_node(g, start_a), b=_node(g, start_b), shared=_by_label(g, shared),
        only_a=_by_label(g, only_a), only_b=_by_label(g, only_b), shared_edges=shared_edges,
        kinds_shared=_kind_rows(names, kinds_a.keys() & kinds_b.keys()),
        kinds_only_a=_kind_rows(names, kinds_a.keys() - kinds_b.keys()),
        kinds_only_b=_kind_rows(names, kinds_b.keys() - kinds_a.keys()),
        overlap=len(shared) / len(union) if union else 0.0, ranking=ranking,
        convergence_paths=paths)


@dataclass(frozen=True)
class ClaimedEffect:
    """What the sources say an intervention does, with the status that certainty gives it."""

    intervention: str
    intervention_label: str
    edge: dict
    target: str
    target_label: str

    @property
    def certainty(self) -> str | None:
        return self.edge["certainty"]

    @property
    def status(self) -> str:
        """'stated effect' only for asserted claims; otherwise the claim's own certainty
        ('hypothesis', 'open'): never a predicted effect."""
        return "stated effect" if self.certainty == "asserted" else str(self.certainty)

    def as_dict(self) -> dict:
        return {"intervention": self.intervention, "intervention_label": self.intervention_label,
                "predicate_label": self.edge["predicate_label"], "sign": self.edge["sign"],
                "target": self.target, "target_label": self.target_label,
                "certainty": self.certainty, "status": self.status,
                "evidence": [{k: ev[k] for k in ("claim_id", "certainty", "sentence", "source")}
                             for ev in self.edge["evidence"]]}


@dataclass(frozen=True)
class Outcome:
    """The symptom paths of one condition, split into those the intervention cuts and
    those that remain."""

    condition: str
    condition_label: str
    cut: list[Path]
    remaining: list[Path]

    def symptoms(self, paths: list[Path]) -> list[str]:
        return sorted({p.labels()[-1] for p in paths})

    @property
    def symptoms_cut(self) -> list[str]:
        """Symptoms that no remaining path reaches any more."""
        return sorted(set(self.symptoms(self.cut)) - set(self.symptoms(self.remaining)))

    def as_dict(self) -> dict:
        return {"condition": self.condition, "condition_label": self.condition_label,
                "cut": [p.as_dict() for p in self.cut],
                "remaining": [p.as_dict() for p in self.remaining],
                "symptoms_cut": self.symptoms_cut,
                "symptoms_remaining": self.symptoms(self.remaining),
                "cut_weakest_premise_certainty":
                    weakest(p.weakest_premise_certainty for p in self.cut),
                "remaining_weakest_premise_certainty":
                    weakest(p.weakest_premise_certainty for p in self.remaining)}


@dataclass(frozen=True)
class Intervention:
    """A what-if: restoring something removes the deficiency edges; what is left?"""

    restored: dict
    removed: list[dict]
    removed_edges: list[dict]
    outcomes: list[Outcome]
    claimed_effects: list[ClaimedEffect]

    def conclusions(self) -> list[dict]:
        """One statement per finding, each with how it stands.

        Cut and remaining paths are what the toolkit derives from the claims: each
        conclusion has a status (``derived``, or ``cross-context hypothesis`` when one of
        its paths joins claims stated in different contexts), the premise claims and the
        weakest certainty among them; never a certainty of its own. What the sources say
        the correcting intervention does is stated: it keeps the claim's own certainty,
        so a hedged claim reads as a hypothesis, not a prediction.
        """
        restored = self.restored["label"]
        out = []

        def derived(statement: str, paths: list[Path]) -> dict:
            crossed = any(p.cross_context for p in paths)
            return {"statement": statement,
                    "status": CROSS_CONTEXT if crossed else "derived",
                    "weakest_premise_certainty": weakest(p.weakest_premise_certainty
                                                         for p in paths),
                    "premise_claims": sorted({c for p in paths for c in p.premise_claims()}),
                    "contexts": sorted({label for p in paths for label in p.contexts().values()})}

        for o in self.outcomes:
            for symptom in o.symptoms(o.cut):
                paths = [p for p in o.cut if p.labels()[-1] == symptom]
                kept = symptom not in o.symptoms_cut
                out.append(derived(
                    f"restoring {restored} cuts {len(paths)} path(s) from {o.condition_label} "
                    f"to {symptom}" + ("; other paths still reach it" if kept else ""), paths))
            for symptom in o.symptoms(o.remaining):
                paths = [p for p in o.remaining if p.labels()[-1] == symptom]
                via = sorted({label for p in paths for label in p.labels()[1:-1]})
                out.append(derived(
                    f"{len(paths)} path(s) from {o.condition_label} to {symptom} remain"
                    + (f" (via {', '.join(via)})" if via else ""), paths))
        for e in self.claimed_effects:
            claims = ", ".join(ev["claim_id"] for ev in e.edge["evidence"])
            out.append({
                "statement": f"{e.intervention_label} {e.edge['predicate_label']} "
                             f"{e.target_label} (claims {claims})",
                "status": "stated",
                "certainty": e.certainty,
                "premise_claims": [ev["claim_id"] for ev in e.edge["evidence"]],
                "contexts": sorted({ev["context_label"] for ev in e.edge["evidence"]
                                    if ev.get("context_label")}),
                "reading": "stated effect" if e.status == "stated effect"
                else "not a predicted effect"})
        return out

    def as_dict(self) -> dict:
        return {"restored": self.restored, "removed": self.removed,
                "removed_edges": self.removed_edges,
                "outcomes": [o.as_dict() for o in self.outcomes],
                "claimed_effects": [e.as_dict() for e in self.claimed_effects],
                "conclusions": self.conclusions()}


def _deficiencies(g: nx.MultiDiGraph, node: str) -> list[str]:
    """The deficiency nodes of ``node`` (or ``node`` itself if it is a deficiency)."""
    of = sorted(s for s, _, k in g.in_edges(node, keys=True) if k == DEFICIENCY_OF)
    if of:
        return of
    if any(k == DEFICIENCY_OF for _, _, k in g.out_edges(node, keys=True)):
        return [node]
    raise InputError(None, f"nothing in the graph is a deficiency of '{g.nodes[node]['label']}' "
                     "(no 'deficiency of' edge), so there is nothing to restore")


def default_conditions(g: nx.MultiDiGraph, deficiencies: list[str]) -> list[str]:
    """The conditions a what-if checks by default: the deficiencies, then the conditions
    the graph associates with them (an edge of kind ``association``, either way)."""
    found = set(deficiencies)
    for d in deficiencies:
        for _, other, data in g.out_edges(d, data=True):
            if data["kind"] == "association":
                found.add(other)
        for other, _, data in g.in_edges(d, data=True):
            if data["kind"] == "association":
                found.add(other)
    return deficiencies + sorted(found - set(deficiencies))


def _symptom_paths(g: nx.MultiDiGraph, view: nx.DiGraph, condition: str, *, max_length: int,
                   max_paths: int, kinds: Iterable[str]) -> list[Path]:
    symptoms = sorted(n for n in _cone(view, condition, max_length, path_stops(view))
                      if g.nodes[n]["category"] == SYMPTOM_CATEGORY)
    found = []
    for symptom in symptoms:
        found += find_paths(g, condition, symptom, max_length=max_length, max_paths=max_paths,
                            kinds=kinds)
    return found


def intervene(g: nx.MultiDiGraph, restore: str, conditions: Iterable[str] | None = None, *,
              max_length: int = 6, max_paths: int = 20,
              kinds: Iterable[str] = DEFAULT_KINDS) -> Intervention:
    """What-if: restore ``restore`` (e.g. "vitamin B12"), which removes every effect of its
    deficiency, and report, for each condition, the symptom paths that are cut and those
    that remain, each with the certainty of the claims it rests on.

    ``conditions`` default to the deficiency and the conditions the graph associates with
    it (e.g. "shares mechanism with"). What the sources claim an intervention that
    corrects the deficiency would do is listed apart (``claimed_effects``: the direct
    claims only, never chained further), each with its own certainty as its status, so a
    hedged claim stays a hypothesis.
    """
    kinds = tuple(kinds)
    node = resolve_node(g, restore)
    deficiencies = _deficiencies(g, node)
    if conditions is None:
        ordered = default_conditions(g, deficiencies)
    else:
        ordered = list(dict.fromkeys(resolve_node(g, c) for c in conditions))
    removed_edges = sorted(
        ({"source": s, "target": t, "predicate": k, "predicate_label": d["predicate_label"],
          "certainty": d["certainty"], "claim_ids": d["claim_ids"]}
         for dnode in deficiencies for s, t, k, d in g.out_edges(dnode, keys=True, data=True)
         if d["kind"] in kinds),
        key=lambda e: (e["source"], e["target"], e["predicate"]))
    removed_pairs = {(e["source"], e["target"]) for e in removed_edges}
    view = mechanism_view(g, kinds)
    outcomes = []
    for condition in ordered:
        paths = _symptom_paths(g, view, condition, max_length=max_length,
                               max_paths=max_paths, kinds=kinds)
        cut, kept = [], []
        for path in paths:
            uses_removed = any((s.source, s.target) in removed_pairs for s in path.steps)
            (cut if uses_removed else kept).append(path)
        outcomes.append(Outcome(condition, g.nodes[condition]["label"], cut, kept))
    correctors = sorted(n for n, data in g.nodes(data=True)
                        if set(data.get("corrects", "").split(";")) & set(deficiencies))
    claimed = [ClaimedEffect(c, g.nodes[c]["label"], data, t, g.nodes[t]["label"])
               for c in correctors for _, t, data in sorted(g.out_edges(c, data=True),
                                                            key=lambda e: (e[1], e[2]["predicate"]))
               if data["kind"] != "inverse" and edge_status(data) == STATED]
    return Intervention(restored=_node(g, node), removed=[_node(g, d) for d in deficiencies],
                        removed_edges=removed_edges, outcomes=outcomes, claimed_effects=claimed)
