"""Pictures of the mechanism: a static diagram (SVG/PNG) and an interactive HTML page.

Both are laid out left to right, cause -> mechanism -> symptom (columns are the
topological generations of the causal graph, symptoms last); edges are coloured by
certainty and styled by sign (promotes: solid arrow; impairs: dashed, flat "bar" head;
neutral: dotted). Edges the toolkit derived (``--layers ...,inferred``) have colours of
their own: teal for derived, magenta for a cross-context hypothesis, so they are never
mistaken for what a source states. The legend lists only what is drawn. The HTML page
shows each edge's sentences and certainty (or derivation) on hover.

    >>> from kg.build import build_dataset
    >>> from kg.network import to_networkx
    >>> view = drawing_graph(to_networkx(build_dataset()))
    >>> view.nodes["b12ms:VitaminB12Deficiency"]["layer"], view.nodes["b12ms:Fatigue"]["layer"]
    (1, 4)
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from kg.certainty import strongest
from kg.derivation import STATED, combined_status, edge_status
from kg.errors import InputError
from kg.paths import DEFAULT_KINDS, combined_sign, mechanism_view

CERTAINTY_COLOURS = {"asserted": "#1f4e79", "hypothesis": "#d97706", "open": "#9ca3af"}
#: edges no source states: what the toolkit derived
DERIVED_COLOURS = {"derived": "#0d9488", "cross-context hypothesis": "#be185d"}
EDGE_COLOURS = {**{f"certainty: {k}": v for k, v in CERTAINTY_COLOURS.items()},
                **{f"toolkit: {k}": v for k, v in DERIVED_COLOURS.items()}}
UNKNOWN_COLOUR = "#6b7280"
CATEGORY_COLOURS = {
    "disease or disorder": "#fde2e4", "symptom": "#fff1c1", "biological process": "#dbeafe",
    "anatomical or cellular structure": "#dcfce7", "chemical entity": "#ede9fe",
    "intervention": "#ffedd5", "health outcome": "#f3f4f6", "treatment goal": "#f3f4f6",
}
SIGN_STYLES = {1: ("solid", "-|>"), -1: ("dashed", "-["), 0: ("dotted", "->")}
SIGN_NAMES = {1: "promotes (+)", -1: "impairs (-)", 0: "neutral / structural"}
DRAW_FORMATS = ("svg", "png", "html")
SYMPTOM_CATEGORY = "symptom"


def drawing_graph(g: nx.MultiDiGraph, kinds: Iterable[str] = DEFAULT_KINDS) -> nx.DiGraph:
    """The mechanism view to draw: nodes with an edge of the given kinds, each with a
    ``layer`` (column) and ``order`` (row within the column)."""
    view = mechanism_view(g, kinds)
    view = nx.DiGraph(view.subgraph(n for n in view if view.degree(n) > 0))
    if view.number_of_nodes() == 0:
        raise InputError(None, "nothing to draw: the graph has no edges of the kinds asked for")
    condensed = nx.condensation(view)  # cycles (possible in user claims) share a column
    layer_of = {}
    for depth, members in enumerate(nx.topological_generations(condensed)):
        for component in members:
            for node in condensed.nodes[component]["members"]:
                layer_of[node] = depth
    last = max(layer_of.values())
    for node in view:
        if view.nodes[node]["category"] == SYMPTOM_CATEGORY and view.out_degree(node) == 0:
            layer_of[node] = last
    columns: dict[int, list[str]] = {}
    for node in sorted(view, key=lambda n: (view.nodes[n]["label"], n)):
        columns.setdefault(layer_of[node], []).append(node)
    position: dict[str, float] = {}
    for depth in sorted(columns):  # barycentre ordering: rows follow their predecessors
        def weight(node: str) -> tuple:
            rows = [position[p] for p in view.predecessors(node) if p in position]
            return (sum(rows) / len(rows) if rows else -1.0, view.nodes[node]["label"])
        columns[depth].sort(key=weight)
        for row, node in enumerate(columns[depth]):
            position[node] = row / max(len(columns[depth]) - 1, 1)
    for depth, nodes in columns.items():
        for row, node in enumerate(nodes):
            view.nodes[node]["layer"], view.nodes[node]["order"] = depth, row
    return view


def _edge_style(edges: list[dict]) -> tuple[int, str]:
    """The sign and the colour key (``certainty: ...`` or ``toolkit: ...``) of a drawn edge."""
    status = combined_status(edge_status(e) for e in edges)
    if status == STATED:
        stated = [e for e in edges if edge_status(e) == STATED]
        return combined_sign(edges), f"certainty: {strongest(e['certainty'] for e in stated)}"
    return combined_sign(edges), f"toolkit: {status}"


def _tooltip(source: str, target: str, edges: list[dict]) -> str:
    lines = []
    for edge in edges:
        how = edge["certainty"] if edge_status(edge) == STATED else edge["status"]
        lines.append(f"{source} --{edge['predicate_label']}--> {target}  "
                     f"[{how}; sign {edge['sign']}]")
        for ev in edge["evidence"]:
            where = f"; in {ev['context_label']}" if ev.get("context_label") else ""
            lines.append(f"{ev['claim_id']} ({ev['certainty']}{where}): {ev['sentence']}")
        for d in edge.get("derivations", []):
            lines.append(f"{d['status']} by {d['rule']} from {', '.join(d['premises'])}; "
                         f"weakest premise: {d['weakest_premise_certainty']}")
    return "\n".join(lines)


def draw_static(g: nx.MultiDiGraph, fmt: str = "svg", *,
                kinds: Iterable[str] = DEFAULT_KINDS) -> bytes:
    """Render the diagram with matplotlib as SVG or PNG bytes (deterministic SVG)."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    view = drawing_graph(g, kinds)
    columns = max(d["layer"] for _, d in view.nodes(data=True)) + 1
    rows = max(d["order"] for _, d in view.nodes(data=True)) + 1
    pos = {n: (d["layer"] * 3.2, -d["order"] * 1.25 - (0.6 * (d["layer"] % 2)))
           for n, d in view.nodes(data=True)}
    fig = Figure(figsize=(3.0 * columns + 3.5, 1.15 * rows + 2.2))
    ax = fig.add_subplot()
    ax.set_axis_off()
    drawn = set()
    for (source, target), data in sorted(view.edges.items()):
        sign, colour_key = _edge_style(data["edges"])
        drawn.add(colour_key)
        style, arrow = SIGN_STYLES[sign]
        ax.annotate("", xy=pos[target], xytext=pos[source], zorder=1,
                    arrowprops={"arrowstyle": arrow + (",widthB=0.5" if sign == -1 else ""),
                                "linestyle": style, "linewidth": 1.6,
                                "color": EDGE_COLOURS.get(colour_key, UNKNOWN_COLOUR),
                                "shrinkA": 38, "shrinkB": 38,
                                "connectionstyle": "arc3,rad=0.06"})
    for node, data in sorted(view.nodes(data=True)):
        ax.text(*pos[node], textwrap.fill(data["label"], 18), ha="center", va="center",
                fontsize=9, zorder=2,
                bbox={"boxstyle": "round,pad=0.4", "linewidth": 0.8, "edgecolor": "#374151",
                      "facecolor": CATEGORY_COLOURS.get(data["category"], "#ffffff")})
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    ax.set_xlim(min(xs) - 1.6, max(xs) + 1.6)
    ax.set_ylim(min(ys) - 0.9, max(ys) + 0.9)
    handles = [Line2D([], [], color=colour, linewidth=2, label=name)
               for name, colour in EDGE_COLOURS.items() if name in drawn]
    handles += [Line2D([], [], color="#374151", linestyle=SIGN_STYLES[s][0], linewidth=1.6,
                       label=SIGN_NAMES[s]) for s in (1, -1, 0)]
    categories = sorted({d["category"] for _, d in view.nodes(data=True)})
    handles += [Patch(facecolor=CATEGORY_COLOURS.get(c, "#ffffff"), edgecolor="#374151",
                      label=c or "other") for c in categories]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8,
              frameon=False, title="legend", title_fontsize=9)
    ax.set_title("vitamin B12 deficiency and multiple sclerosis: cause → mechanism → symptom",
                 fontsize=11, loc="left")
    fig.tight_layout()
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "b12ms-kg", "svg.fonttype": "none"}):
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, dpi=130, metadata=metadata)
    return buffer.getvalue()


_EXTERNAL_TAG = re.compile(r'<(?:link|script)[^>]+(?:href|src)="https?://[^"]+"[^>]*>(?:</script>)?\s*')

_LEGEND = """<div id="b12ms-legend" style="font:13px sans-serif;margin:8px 0">
<b>Edges</b>: colour = {certainty}; solid arrow = promotes (+),
dashed with a bar = impairs (-), dotted = neutral / structural.
Hover over an edge for its sentences and certainty, over a node for its identifiers.
</div>
"""


def draw_html(g: nx.MultiDiGraph, *, kinds: Iterable[str] = DEFAULT_KINDS) -> bytes:
    """An interactive page (vis-network through pyvis, inlined: it works offline)."""
    from pyvis.network import Network

    view = drawing_graph(g, kinds)
    net = Network(directed=True, cdn_resources="in_line", height="760px", width="100%",
                  heading="")
    for node, data in sorted(view.nodes(data=True)):
        title = "\n".join(x for x in (f"{data['label']} ({node})", data["category"],
                                      f"xrefs: {data['xrefs']}" if data["xrefs"] else "") if x)
        net.add_node(node, label=textwrap.fill(data["label"], 20), title=title,
                     level=data["layer"], shape="box",
                     color={"background": CATEGORY_COLOURS.get(data["category"], "#ffffff"),
                            "border": "#374151"})
    drawn = set()
    for (source, target), data in sorted(view.edges.items()):
        sign, certainty = _edge_style(data["edges"])
        drawn.add(certainty)
        net.add_edge(source, target,
                     title=_tooltip(view.nodes[source]["label"], view.nodes[target]["label"],
                                    data["edges"]),
                     label=" | ".join(e["predicate_label"] for e in data["edges"]),
                     color=EDGE_COLOURS.get(certainty, UNKNOWN_COLOUR),
                     dashes=sign == -1 or ([2, 4] if sign == 0 else False),
                     arrows={"to": {"enabled": True, "type": "bar" if sign == -1 else "arrow"}},
                     style=certainty, sign=sign)
    net.set_options(json.dumps({
        "layout": {"hierarchical": {"enabled": True, "direction": "LR",
                                    "sortMethod": "directed", "levelSeparation": 260,
                                    "nodeSpacing": 90}},
        "physics": {"enabled": False},
        "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "cubicBezier"}},
        "interaction": {"hover": True, "tooltipDelay": 100},
    }))
    html = _EXTERNAL_TAG.sub("", net.generate_html())
    legend = _LEGEND.format(certainty=", ".join(
        f'<span style="color:{c}">{n}</span>' for n, c in EDGE_COLOURS.items() if n in drawn))
    html = html.replace("<body>", "<body>\n" + legend, 1)
    return html.encode("utf-8")


def draw(g: nx.MultiDiGraph, path: str | Path, fmt: str | None = None, *,
         kinds: Iterable[str] = DEFAULT_KINDS) -> bytes:
    """Render to the format named by ``fmt`` or by the file's extension (svg, png, html)."""
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt == "htm":
        fmt = "html"
    if fmt not in DRAW_FORMATS:
        raise InputError(str(path), f"unknown picture format '{fmt}' "
                         f"(choose from {', '.join(DRAW_FORMATS)})")
    return draw_html(g, kinds=kinds) if fmt == "html" else draw_static(g, fmt, kinds=kinds)
