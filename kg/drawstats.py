"""Quality of a laid-out drawing, measured on the geometry that is drawn: edge crossings,
edges that pass through a node that is not one of their ends, arrowheads that do not
touch their target's border, and labels that overlap (each other, or a node box).

    >>> from kg.layout import EdgeRoute, Layout, NodeBox
    >>> boxes = {"a": NodeBox("a", 0, 0, 20, 10), "b": NodeBox("b", 100, 0, 20, 10),
    ...          "c": NodeBox("c", 50, 0, 20, 10)}
    >>> line = EdgeRoute("a", "b", ((10, 0), (40, 0), (60, 0), (82, 0)), (90, 0))
    >>> stats = drawing_stats(Layout(120, 20, boxes, {("a", "b"): line}, "dot"), [])
    >>> stats.through_foreign_nodes, stats.arrowheads_off_target
    (1, 0)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from itertools import combinations

from kg.layout import EdgeRoute, Layout, NodeBox

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1
#: how far (points) an arrow's tip may be from its target's border
TIP_TOLERANCE = 2.0
#: how deep (points) an edge may graze a foreign node's box before it counts as through it
NODE_MARGIN = 1.0


@dataclass(frozen=True)
class DrawingStats:
    """The measures of one drawing (all but ``crossings`` should be 0)."""

    engine: str
    nodes: int
    edges: int
    crossings: int
    through_foreign_nodes: int
    arrowheads_off_target: int
    overlapping_labels: int
    problems: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        return [f"layout: {self.engine}", f"nodes: {self.nodes}", f"edges: {self.edges}",
                f"edge crossings: {self.crossings}",
                f"edges through a foreign node: {self.through_foreign_nodes}",
                f"arrowheads off target: {self.arrowheads_off_target}",
                f"overlapping labels: {self.overlapping_labels}",
                *(f"  {p}" for p in self.problems)]


def _bezier(points: tuple[Point, ...], samples: int = 16) -> list[Point]:
    """A cubic B-spline in Bezier form (3n+1 points) as a polyline."""
    out = [points[0]]
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i:i + 4]
        for k in range(1, samples + 1):
            t = k / samples
            u = 1 - t
            out.append((u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0]
                        + t ** 3 * p3[0],
                        u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1]
                        + t ** 3 * p3[1]))
    return out


def polyline(edge: EdgeRoute) -> list[Point]:
    """The edge as drawn, spline then arrowhead, as a polyline."""
    return [*_bezier(edge.points), edge.tip]


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _intersection(p: Point, q: Point, r: Point, s: Point) -> Point | None:
    """Where segments pq and rs cross (proper crossings only)."""
    d1, d2 = _cross(r, s, p), _cross(r, s, q)
    d3, d4 = _cross(p, q, r), _cross(p, q, s)
    if (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0) and d1 != d2:
        t = d1 / (d1 - d2)
        return p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])
    return None


def _segment_hits_box(p: Point, q: Point, box: NodeBox, margin: float) -> bool:
    """Liang-Barsky: does segment pq enter the box shrunk by ``margin``?"""
    x0, x1 = box.x - box.width / 2 + margin, box.x + box.width / 2 - margin
    y0, y1 = box.y - box.height / 2 + margin, box.y + box.height / 2 - margin
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return t1 - t0 > 1e-9


def _bounds(points: list[Point]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def count_crossings(layout: Layout) -> int:
    """Points where two edges cross, away from the node boxes they share."""
    lines = {key: polyline(e) for key, e in layout.edges.items()}
    bounds = {key: _bounds(line) for key, line in lines.items()}
    total = 0
    for (ka, a), (kb, b) in combinations(sorted(lines.items()), 2):
        if not _overlap(bounds[ka], bounds[kb], tolerance=-0.1):
            continue
        shared = [layout.nodes[n] for n in set(ka) & set(kb)]
        found: list[Point] = []
        for p, q in zip(a, a[1:], strict=False):
            for r, s in zip(b, b[1:], strict=False):
                hit = _intersection(p, q, r, s)
                if hit is None or any(box.contains(*hit, margin=-4.0) for box in shared):
                    continue
                if all(abs(hit[0] - f[0]) + abs(hit[1] - f[1]) > 2.0 for f in found):
                    found.append(hit)
        total += len(found)
    return total


def _overlap(a: Box, b: Box, tolerance: float = 0.5) -> bool:
    return (min(a[2], b[2]) - max(a[0], b[0]) > tolerance
            and min(a[3], b[3]) - max(a[1], b[1]) > tolerance)


def drawing_stats(layout: Layout, labels: list[tuple[str, Box, str | None]]) -> DrawingStats:
    """Measure ``layout``; ``labels`` are the drawn text boxes (name, box, node the label
    belongs to or None for an edge label). A node's label must lie inside its box; every
    other pair of labels and boxes must not overlap."""
    problems = []
    through = 0
    for (source, target), edge in sorted(layout.edges.items()):
        line = polyline(edge)
        x0, y0, x1, y1 = _bounds(line)
        for name, box in sorted(layout.nodes.items()):
            if name in (source, target) or not _overlap(
                    (x0, y0, x1, y1), (box.x - box.width / 2, box.y - box.height / 2,
                                       box.x + box.width / 2, box.y + box.height / 2),
                    tolerance=-0.1):
                continue
            if any(_segment_hits_box(p, q, box, NODE_MARGIN)
                   for p, q in zip(line, line[1:], strict=False)):
                through += 1
                problems.append(f"edge {source} -> {target} passes through {name}")
    off = 0
    for (source, target), edge in sorted(layout.edges.items()):
        distance = layout.nodes[target].border_distance(*edge.tip)
        if distance > TIP_TOLERANCE:
            off += 1
            problems.append(f"arrow {source} -> {target} stops {distance:.0f} pt from its target")
    overlapping = 0
    boxes = [(name, box) for name, box, _ in labels]
    boxes += [(f"node {n}", (b.x - b.width / 2, b.y - b.height / 2, b.x + b.width / 2,
                             b.y + b.height / 2)) for n, b in sorted(layout.nodes.items())]
    owner = {name: node for name, _, node in labels}
    for name, (x0, y0, x1, y1), node in labels:
        box = layout.nodes.get(node) if node is not None else None
        if box is not None and not (x0 >= box.x - box.width / 2 and x1 <= box.x + box.width / 2
                                    and y0 >= box.y - box.height / 2
                                    and y1 <= box.y + box.height / 2):
            overlapping += 1  # a label wider than its node's box covers what lies around
            problems.append(f"label {name} spills out of its box")
    for (na, a), (nb, b) in combinations(boxes, 2):
        if na.startswith("node ") and nb.startswith("node "):
            if _overlap(a, b):  # two node boxes over each other
                overlapping += 1
                problems.append(f"{na} overlaps {nb}")
            continue
        # a node's own label sits inside its own box
        if f"node {owner.get(na)}" == nb or f"node {owner.get(nb)}" == na:
            continue
        if _overlap(a, b):
            overlapping += 1
            problems.append(f"label {na} overlaps {nb}")
    return DrawingStats(layout.engine, len(layout.nodes), len(layout.edges),
                        count_crossings(layout), through, off, overlapping, tuple(problems))


__all__ = ["DrawingStats", "count_crossings", "drawing_stats", "polyline"]
