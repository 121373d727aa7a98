"""Layered layout of a mechanism drawing by Graphviz ``dot`` (``dot -Tjson``): node boxes,
edge splines routed around nodes, arrowhead tips on the target's border and edge-label
positions, in points (y up). Both pictures (SVG/PNG and HTML) draw this one layout.

Rank constraints: the conditions (diseases or disorders) share one rank; symptoms that
lead nowhere share the last rank (``rank=sink``: nothing else is put there, so a process
is never drawn in the symptom column); the rest (mechanisms, structures) falls between, in
the order of the edges. Without ``dot`` on the PATH the layout falls back to columns of
topological generations with straight edges, after a one-line warning.

    >>> import networkx as nx
    >>> view = nx.DiGraph([("a", "b")])
    >>> layout = layout_graph(view, {"a": (40.0, 20.0), "b": (40.0, 20.0)}, {})
    >>> layout.nodes["a"].x < layout.nodes["b"].x
    True
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

import networkx as nx

from kg.errors import InputError

POINTS_PER_INCH = 72.0
#: the font dot measures edge labels with (matplotlib's default, so both agree)
FONT = "DejaVu Sans"
EDGE_LABEL_SIZE = 7.0
#: arrowhead length (points) of the fallback's straight edges
ARROW = 8.0
#: seconds dot may take before the column layout is used instead
DOT_TIMEOUT = 120.0
#: the invisible node that keeps processes out of the symptom column
ANCHOR = "_symptom_rank"


@dataclass(frozen=True)
class NodeBox:
    """A node's box: centre and size, in points."""

    name: str
    x: float
    y: float
    width: float
    height: float

    def contains(self, x: float, y: float, margin: float = 0.0) -> bool:
        """Whether (x, y) lies inside the box shrunk by ``margin`` on every side."""
        return (abs(x - self.x) < self.width / 2 - margin
                and abs(y - self.y) < self.height / 2 - margin)

    def border_distance(self, x: float, y: float) -> float:
        """Distance from (x, y) to the box's border (0 on the border)."""
        dx, dy = abs(x - self.x) - self.width / 2, abs(y - self.y) - self.height / 2
        if dx <= 0 and dy <= 0:
            return -max(dx, dy)
        return float(max(dx, 0.0) ** 2 + max(dy, 0.0) ** 2) ** 0.5


@dataclass(frozen=True)
class EdgeRoute:
    """An edge as drawn: a cubic Bezier spline (3n+1 control points) from the source's
    border to the base of the arrowhead, the arrowhead's tip, and the label's centre."""

    source: str
    target: str
    points: tuple[tuple[float, float], ...]
    tip: tuple[float, float]
    label: str = ""
    label_pos: tuple[float, float] | None = None


@dataclass(frozen=True)
class Layout:
    """Where everything is drawn; ``engine`` is ``dot`` or ``fallback``."""

    width: float
    height: float
    nodes: dict[str, NodeBox]
    edges: dict[tuple[str, str], EdgeRoute]
    engine: str
    warnings: list[str] = field(default_factory=list)


def dot_binary() -> str | None:
    """The ``dot`` program, or None if Graphviz is not installed."""
    return shutil.which("dot")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot_source(view: nx.DiGraph, sizes: dict[str, tuple[float, float]],
               labels: dict[tuple[str, str], str]) -> str:
    """The DOT text of the drawing: fixed-size boxes, edge labels, rank constraints.

    >>> print(dot_source(nx.DiGraph([("a", "b")]), {"a": (72, 36), "b": (72, 36)}, {}))
    ... # doctest: +ELLIPSIS
    digraph mechanism {
    ...
      "a" [width=1.0000, height=0.5000];
    ...
      "a" -> "b";
    }
    """
    lines = ["digraph mechanism {",
             "  graph [rankdir=LR, splines=spline, nodesep=0.25, ranksep=0.55, "
             "newrank=true];",
             f"  node [shape=box, fixedsize=true, label=\"\", fontname={_quote(FONT)}];",
             f"  edge [fontname={_quote(FONT)}, fontsize={EDGE_LABEL_SIZE}, arrowsize=0.8];"]
    for node in sorted(view):
        width, height = sizes[node]
        lines.append(f"  {_quote(node)} [width={width / POINTS_PER_INCH:.4f}, "
                     f"height={height / POINTS_PER_INCH:.4f}];")
    conditions = sorted(n for n in view if view.nodes[n].get("rank") == "condition")
    symptoms = sorted(n for n in view if view.nodes[n].get("rank") == "symptom")
    if len(conditions) > 1:
        lines.append("  { rank=same; " + " ".join(_quote(n) for n in conditions) + " }")
    if symptoms and len(symptoms) < view.number_of_nodes():
        # an invisible anchor in the symptom rank, after every other sink: nothing but
        # symptoms is drawn in the last column
        lines.append(f"  {_quote(ANCHOR)} [style=invis, width=0.01, height=0.01];")
        lines.append("  { rank=sink; " + " ".join(_quote(n) for n in [*symptoms, ANCHOR]) + " }")
        for node in sorted(n for n in view if view.out_degree(n) == 0 and n not in symptoms):
            lines.append(f"  {_quote(node)} -> {_quote(ANCHOR)} [style=invis, weight=0];")
    for source, target in sorted(view.edges):
        label = labels.get((source, target))
        attrs = f" [label={_quote(label)}]" if label else ""
        lines.append(f"  {_quote(source)} -> {_quote(target)}{attrs};")
    lines.append("}")
    return "\n".join(lines)


def _point(text: str) -> tuple[float, float]:
    x, y = text.split(",")
    return float(x), float(y)


def parse_dot_json(data: dict, labels: dict[tuple[str, str], str]) -> Layout:
    """A :class:`Layout` from ``dot -Tjson`` output."""
    names = {}
    nodes = {}
    for obj in data.get("objects", []):
        if "pos" not in obj or obj["name"] == ANCHOR:
            continue
        names[obj["_gvid"]] = obj["name"]
        x, y = _point(obj["pos"])
        nodes[obj["name"]] = NodeBox(obj["name"], x, y, float(obj["width"]) * POINTS_PER_INCH,
                                     float(obj["height"]) * POINTS_PER_INCH)
    edges = {}
    for obj in data.get("edges", []):
        if obj.get("style") == "invis":
            continue
        source, target = names[obj["tail"]], names[obj["head"]]
        points, tip = [], None
        for part in obj["pos"].split():
            if part.startswith("e,"):
                tip = _point(part[2:])
            elif not part.startswith("s,"):
                points.append(_point(part))
        label_pos = _point(obj["lp"]) if "lp" in obj else None
        edges[(source, target)] = EdgeRoute(source, target, tuple(points),
                                            tip or points[-1], labels.get((source, target), ""),
                                            label_pos)
    x0, y0, x1, y1 = (float(v) for v in data["bb"].split(","))
    return Layout(x1 - x0, y1 - y0, nodes, edges, "dot")


def _columns(view: nx.DiGraph) -> dict[str, tuple[int, int]]:
    """(column, row) of each node: topological generations, symptoms alone in the last
    column, rows ordered by the mean row of their predecessors (the layout before dot)."""
    condensed = nx.condensation(view)
    column = {}
    for depth, members in enumerate(nx.topological_generations(condensed)):
        for component in members:
            for node in condensed.nodes[component]["members"]:
                column[node] = depth
    symptoms = {n for n in view if view.nodes[n].get("rank") == "symptom"}
    last = max(column.values(), default=0)
    if any(column[n] == last for n in view if n not in symptoms):
        last += 1  # nothing but symptoms in the symptom column
    for node in symptoms:
        column[node] = last
    columns: dict[int, list[str]] = {}
    for node in sorted(view, key=lambda n: (view.nodes[n].get("label", n), n)):
        columns.setdefault(column[node], []).append(node)
    position: dict[str, float] = {}
    for depth in sorted(columns):
        def weight(node: str) -> tuple:
            rows = [position[p] for p in view.predecessors(node) if p in position]
            return (sum(rows) / len(rows) if rows else -1.0, view.nodes[node].get("label", node))
        columns[depth].sort(key=weight)
        for row, node in enumerate(columns[depth]):
            position[node] = row / max(len(columns[depth]) - 1, 1)
    return {n: (c, r) for c, members in columns.items() for r, n in enumerate(members)}


def fallback_layout(view: nx.DiGraph, sizes: dict[str, tuple[float, float]],
                    labels: dict[tuple[str, str], str]) -> Layout:
    """Columns of topological generations, straight edges from border to border."""
    place = _columns(view)
    column_width = max((w for w, _ in sizes.values()), default=60.0) + 90.0
    row_height = max((h for _, h in sizes.values()), default=30.0) + 30.0
    rows = max((r for _, r in place.values()), default=0) + 1
    nodes = {n: NodeBox(n, 40.0 + c * column_width + sizes[n][0] / 2,
                        (rows - r) * row_height, *sizes[n]) for n, (c, r) in place.items()}
    edges = {}
    for source, target in sorted(view.edges):
        a, b = nodes[source], nodes[target]
        start, tip = _clip(a, b.x, b.y), _clip(b, a.x, a.y)
        length = max(((tip[0] - start[0]) ** 2 + (tip[1] - start[1]) ** 2) ** 0.5, 1e-9)
        base = (tip[0] - (tip[0] - start[0]) * ARROW / length,
                tip[1] - (tip[1] - start[1]) * ARROW / length)
        third = ((base[0] - start[0]) / 3, (base[1] - start[1]) / 3)
        points = (start, (start[0] + third[0], start[1] + third[1]),
                  (start[0] + 2 * third[0], start[1] + 2 * third[1]), base)
        mid = ((start[0] + base[0]) / 2, (start[1] + base[1]) / 2)
        label = labels.get((source, target), "")
        edges[(source, target)] = EdgeRoute(source, target, points, tip, label,
                                            mid if label else None)
    width = max((b.x + b.width / 2 for b in nodes.values()), default=0.0) + 40.0
    return Layout(width, (rows + 1) * row_height, nodes, edges, "fallback")


def _clip(box: NodeBox, x: float, y: float) -> tuple[float, float]:
    """Where the segment from the box's centre towards (x, y) leaves the box."""
    dx, dy = x - box.x, y - box.y
    scale = min(box.width / 2 / abs(dx) if dx else float("inf"),
                box.height / 2 / abs(dy) if dy else float("inf"))
    return box.x + dx * scale, box.y + dy * scale


def layout_graph(view: nx.DiGraph, sizes: dict[str, tuple[float, float]],
                 labels: dict[tuple[str, str], str], *, engine: str = "auto") -> Layout:
    """Lay out ``view`` (node sizes and edge labels in points) with dot, or with the
    fallback columns when dot is missing or fails (``engine='auto'``, with a one-line
    warning) or when asked for (``engine='fallback'``); ``engine='dot'`` insists on dot."""
    binary = dot_binary() if engine != "fallback" else None
    if binary is None:
        if engine == "dot":
            raise InputError(None, "Graphviz 'dot' is not installed (Debian: apt-get install "
                                   "graphviz)")
        if engine == "auto":
            print("warning: Graphviz 'dot' not found; using the simple column layout "
                  "(install graphviz for routed edges)", file=sys.stderr)
        return fallback_layout(view, sizes, labels)
    try:
        result = subprocess.run([binary, "-Tjson"],
                                input=dot_source(view, sizes, labels).encode(),
                                capture_output=True, timeout=DOT_TIMEOUT, check=False)
        failure = (result.stderr.decode(errors="replace").strip().splitlines() or ["?"])[-1] \
            if result.returncode != 0 else None
    except subprocess.TimeoutExpired:
        failure = f"no answer in {DOT_TIMEOUT:.0f} s"
    if failure is not None:
        if engine == "dot":
            raise InputError(None, f"Graphviz 'dot' failed: {failure}")
        print(f"warning: Graphviz 'dot' failed ({failure}); using the simple column layout",
              file=sys.stderr)
        return fallback_layout(view, sizes, labels)
    return parse_dot_json(json.loads(result.stdout), labels)


__all__ = ["EdgeRoute", "Layout", "NodeBox", "dot_source", "fallback_layout", "layout_graph",
           "parse_dot_json"]
