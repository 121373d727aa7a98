"""Pictures of the mechanism: a static diagram (SVG/PNG) and an interactive HTML page,
both drawn from one layout by Graphviz dot (:mod:`kg.layout`), so the two agree.

What is drawn is a view (:mod:`kg.drawviews`): by default the article's story without the
summary edges a longer chain implies (listed in the caption), or one condition, the paths
between two entities, or two conditions compared. Edges are coloured by certainty with the
Okabe-Ito colour-blind-safe palette and styled by sign (promotes: solid arrow; impairs:
dashed, flat "bar" head; neutral: dotted). Edges the toolkit derived (``--layers
...,inferred``) are drawn hollow, in colours of their own (derived, cross-context
hypothesis), so they are never mistaken for what a source states. Legends list only what
is drawn. The HTML page is the same SVG with a legend, hover text (sentence, certainty,
context, source) and a panel showing a clicked node's identifiers and synonyms.

    >>> from kg.build import build_dataset
    >>> from kg.network import to_networkx
    >>> drawing = make_drawing(to_networkx(build_dataset()))
    >>> stats = drawing.stats()
    >>> stats.through_foreign_nodes, stats.arrowheads_off_target, stats.overlapping_labels
    (0, 0, 0)
"""

from __future__ import annotations

import html
import io
import json
import sys
import textwrap
import types
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import networkx as nx

from kg.certainty import strongest
from kg.derivation import STATED, combined_status, edge_status
from kg.drawstats import DrawingStats, drawing_stats
from kg.drawviews import View, compare_view, condition_view, paths_view, story_view
from kg.errors import InputError
from kg.layout import EDGE_LABEL_SIZE, Layout, layout_graph
from kg.paths import DEFAULT_KINDS, combined_sign

#: Okabe & Ito (2008), "Color Universal Design": distinct for colour-blind readers
OKABE_ITO = {"orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
             "reddish purple": "#CC79A7", "grey": "#999999", "black": "#000000"}
CERTAINTY_COLOURS = {"asserted": OKABE_ITO["blue"], "hypothesis": OKABE_ITO["orange"],
                     "open": OKABE_ITO["grey"]}
#: edges no source states: what the toolkit derived (drawn hollow)
DERIVED_COLOURS = {"derived": OKABE_ITO["bluish green"],
                   "cross-context hypothesis": OKABE_ITO["reddish purple"]}
EDGE_COLOURS = {**{f"certainty: {k}": v for k, v in CERTAINTY_COLOURS.items()},
                **{f"toolkit: {k}": v for k, v in DERIVED_COLOURS.items()}}
UNKNOWN_COLOUR = "#6b7280"


def _tint(colour: str, share: float = 0.35) -> str:
    """``colour`` mixed with white (``share`` of the colour)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in rgb)


#: node fills: light tints of the same palette, one per top-level category
CATEGORY_COLOURS = {
    "disease or disorder": _tint(OKABE_ITO["vermillion"], 0.5),
    "symptom": _tint(OKABE_ITO["yellow"], 0.5),
    "biological process": _tint(OKABE_ITO["sky blue"]),
    "anatomical or cellular structure": _tint(OKABE_ITO["bluish green"]),
    "chemical entity": _tint(OKABE_ITO["reddish purple"]),
    "intervention": _tint(OKABE_ITO["orange"], 0.25),
    "health outcome": "#e5e5e5", "treatment goal": "#e5e5e5",
}
LINE_STYLES = {1: "solid", -1: (0, (5, 3)), 0: (0, (1.2, 2))}
SIGN_NAMES = {1: "promotes (+)", -1: "impairs (-)", 0: "neutral / structural"}
DRAW_FORMATS = ("svg", "png", "html")
NODE_FONT = 9.0
WRAP = 18
PAD = 12.0
LEGEND_WIDTH = 230.0


@cache
def _measurer():  # noqa: ANN202
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(dpi=72)
    canvas = FigureCanvasAgg(figure)
    return figure, canvas.get_renderer()


def text_size(text: str, size: float) -> tuple[float, float]:
    """Width and height in points of ``text`` as matplotlib draws it (DejaVu Sans).

    >>> w, h = text_size("fatigue", 9)
    >>> 25 < w < 40 and 8 < h < 14
    True
    """
    figure, renderer = _measurer()
    artist = figure.text(0, 0, text, fontsize=size, ha="center", va="center",
                         multialignment="center")
    extent = artist.get_window_extent(renderer)
    artist.remove()
    return float(extent.width), float(extent.height)


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
            where = f"in {ev['context_label']}" if ev.get("context_label") else "in general"
            source_name = ", ".join(ev.get("publications") or []) or ev["source"]
            lines.append(f"{ev['claim_id']} ({ev['certainty']}; {where}; source {source_name}"
                         f" {ev['start']}-{ev['end']}): {ev['sentence']}")
        for d in edge.get("derivations", []):
            lines.append(f"{d['status']} by {d['rule']} from {', '.join(d['premises'])}; "
                         f"weakest premise: {d['weakest_premise_certainty']}")
    return "\n".join(lines)


@dataclass
class Drawing:
    """A view, its labels and its layout: what both pictures draw."""

    view: View
    layout: Layout
    node_labels: dict[str, str]
    edge_labels: dict[tuple[str, str], str]

    @property
    def graph(self) -> nx.DiGraph:
        return self.view.graph

    def caption(self) -> list[str]:
        """One line per summary edge left out, with the chain that implies it."""
        lines = []
        for (source, target), (chain, data) in sorted(self.view.dropped.items()):
            names = [self.view.labels[n] for n in chain]
            claims = ", ".join(ev["claim_id"] for e in data for ev in e["evidence"])
            lines.append(f"{names[0]} {' / '.join(e['predicate_label'] for e in data)} "
                         f"{names[-1]} ({claims}): implied by {' → '.join(names)}")
        return lines

    def label_boxes(self) -> list[tuple[str, tuple[float, float, float, float], str | None]]:
        """The text boxes drawn: node labels and edge labels (points)."""
        boxes = []
        for node, box in sorted(self.layout.nodes.items()):
            w, h = text_size(self.node_labels[node], NODE_FONT)
            boxes.append((f"{node} label", (box.x - w / 2, box.y - h / 2, box.x + w / 2,
                                            box.y + h / 2), node))
        for key, edge in sorted(self.layout.edges.items()):
            if edge.label_pos is None:
                continue
            w, h = text_size(self.edge_labels[key], EDGE_LABEL_SIZE)
            x, y = edge.label_pos
            boxes.append((f"{key[0]} -> {key[1]} label", (x - w / 2, y - h / 2, x + w / 2,
                                                           y + h / 2), None))
        return boxes

    def stats(self) -> DrawingStats:
        """Crossings, edges through foreign nodes, arrowheads off target, label overlaps."""
        return drawing_stats(self.layout, self.label_boxes())


def select_view(g: nx.MultiDiGraph, kinds: Iterable[str] = DEFAULT_KINDS, *,
                condition: str | None = None, path: tuple[str, str] | None = None,
                compare: tuple[str, str] | None = None, reduce: bool = True,
                max_length: int = 6, max_paths: int = 20) -> View:
    """The view asked for (at most one of ``condition``, ``path``, ``compare``)."""
    asked = [x for x in (condition, path, compare) if x]
    if len(asked) > 1:
        raise InputError(None, "choose one view: --condition, --from/--to or --compare")
    if condition:
        view = condition_view(g, condition, kinds, reduce=reduce, max_length=max_length)
    elif path:
        view = paths_view(g, *path, kinds, max_length=max_length, max_paths=max_paths)
    elif compare:
        view = compare_view(g, *compare, kinds, reduce=reduce, max_length=max_length)
    else:
        view = story_view(g, kinds, reduce=reduce)
    return view


def make_drawing(g: nx.MultiDiGraph, kinds: Iterable[str] = DEFAULT_KINDS, *,
                 engine: str = "auto", **options) -> Drawing:  # noqa: ANN003
    """Select the view (see :func:`select_view` for ``options``) and lay it out."""
    view = select_view(g, kinds, **options)
    labels = {n: textwrap.fill(d["label"], WRAP) for n, d in view.graph.nodes(data=True)}
    sizes = {}
    for node, text in labels.items():
        w, h = text_size(text, NODE_FONT)
        sizes[node] = (round(w + 14.0, 1), round(h + 10.0, 1))
    edge_labels = {key: "\n".join(sorted({e["predicate_label"] for e in d["edges"]}))
                   for key, d in view.graph.edges.items()}
    return Drawing(view, layout_graph(view.graph, sizes, edge_labels, engine=engine), labels,
                   edge_labels)


def _figure(drawing: Drawing, *, framed: bool = True):  # noqa: ANN202, C901
    """The matplotlib figure of a drawing; one data unit is one point. ``framed``: with
    the title, legend and caption (the HTML page has them as HTML)."""
    from matplotlib import patheffects
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyBboxPatch, Patch, PathPatch, Polygon
    from matplotlib.path import Path as MPath

    layout, view = drawing.layout, drawing.graph
    caption = drawing.caption() if framed else []
    caption_lines = [textwrap.fill(c, 150, subsequent_indent="    ") for c in caption]
    caption_height = (sum(c.count("\n") + 1 for c in caption_lines) * 10.5 + 22.0
                      if caption else 0.0)
    styles = {key: _edge_style(view.edges[key]["edges"]) for key in layout.edges}
    drawn = {"colour": {c for _, c in styles.values()}, "sign": {s for s, _ in styles.values()},
             "category": {view.nodes[n]["category"] for n in layout.nodes}}
    handles = [Line2D([], [], color=colour, linewidth=2, label=name)
               if not name.startswith("toolkit") else
               Line2D([], [], color="white", linewidth=1.2, label=name + " (hollow)",
                      path_effects=[patheffects.Stroke(linewidth=3.6, foreground=colour),
                                    patheffects.Normal()])
               for name, colour in EDGE_COLOURS.items() if name in drawn["colour"]]
    # the sign's line, with its head: an arrowhead for promotes, a flat bar for impairs
    heads = {1: {"marker": ">", "markersize": 6}, -1: {"marker": "|", "markersize": 11,
                                                       "markeredgewidth": 2.6}}
    handles += [Line2D([], [], color="#374151", linestyle=LINE_STYLES[s], linewidth=1.4,
                       label=SIGN_NAMES[s], **heads.get(s, {}))
                for s in (1, -1, 0) if s in drawn["sign"]]
    handles += [Patch(facecolor=CATEGORY_COLOURS.get(c, "#ffffff"), edgecolor="#4b5563",
                      label=c or "other") for c in sorted(drawn["category"])]
    if drawing.view.highlighted:
        handles.append(Patch(facecolor="#ffffff", edgecolor="#000000", linewidth=2.6,
                             label=f"bold border: {drawing.view.highlight_name}"))
    width = layout.width + 2 * PAD
    height = max(layout.height + 2 * PAD, 30.0 + 14.0 * len(handles))
    title_height, legend_width = (26.0, LEGEND_WIDTH) if framed else (0.0, 0.0)
    if not framed:
        height = layout.height + 2 * PAD
    fig_w, fig_h = width + legend_width, height + title_height + caption_height
    fig = Figure(figsize=(fig_w / 72, fig_h / 72))
    ax = fig.add_axes((0, caption_height / fig_h, width / fig_w, height / fig_h))
    ax.set_axis_off()
    ax.set_xlim(-PAD, width - PAD)
    ax.set_ylim(-PAD - (height - layout.height - 2 * PAD), layout.height + PAD)
    for index, (key, edge) in enumerate(sorted(layout.edges.items())):
        sign, colour_key = styles[key]
        colour = EDGE_COLOURS.get(colour_key, UNKNOWN_COLOUR)
        hollow = colour_key.startswith("toolkit:")
        codes = [MPath.MOVETO] + [MPath.CURVE4] * (len(edge.points) - 1)
        spline = MPath(edge.points, codes)
        ax.add_patch(PathPatch(spline, facecolor="none", edgecolor="none", linewidth=9,
                               alpha=0.0, gid=f"hit-{index}", zorder=0))
        ax.add_patch(PathPatch(spline, facecolor="none", edgecolor=colour,
                               linewidth=3.2 if hollow else 1.4, linestyle=LINE_STYLES[sign],
                               gid=f"edge-{index}", zorder=1))
        if hollow:
            ax.add_patch(PathPatch(spline, facecolor="none", edgecolor="white", linewidth=1.2,
                                   linestyle=LINE_STYLES[sign], zorder=1.1))
        (bx, by), (tx, ty) = edge.points[-1], edge.tip
        length = max(((tx - bx) ** 2 + (ty - by) ** 2) ** 0.5, 1e-9)
        nx_, ny_ = -(ty - by) / length, (tx - bx) / length
        if sign == -1:  # a flat bar at the tip
            ax.add_line(Line2D([bx, tx], [by, ty], color=colour, linewidth=1.4, zorder=1))
            ax.add_line(Line2D([tx - 7 * nx_, tx + 7 * nx_], [ty - 7 * ny_, ty + 7 * ny_],
                               color=colour, linewidth=2.8, solid_capstyle="butt", zorder=1))
        else:
            ax.add_patch(Polygon([(tx, ty), (bx + 3.2 * nx_, by + 3.2 * ny_),
                                  (bx - 3.2 * nx_, by - 3.2 * ny_)], closed=True,
                                 facecolor=colour, edgecolor=colour, linewidth=0.5, zorder=1))
        if edge.label_pos is not None:
            ax.text(*edge.label_pos, drawing.edge_labels[key], fontsize=EDGE_LABEL_SIZE,
                    ha="center", va="center", multialignment="center", color="#333333",
                    zorder=3, gid=f"elabel-{index}")
    for index, (node, box) in enumerate(sorted(layout.nodes.items())):
        data = view.nodes[node]
        highlighted = node in drawing.view.highlighted
        ax.add_patch(FancyBboxPatch((box.x - box.width / 2, box.y - box.height / 2),
                                    box.width, box.height,
                                    boxstyle="round,pad=0,rounding_size=4",
                                    facecolor=CATEGORY_COLOURS.get(data["category"], "#ffffff"),
                                    edgecolor="#000000" if highlighted else "#4b5563",
                                    linewidth=2.6 if highlighted else 0.8, zorder=2,
                                    gid=f"node-{index}"))
        ax.text(box.x, box.y, drawing.node_labels[node], fontsize=NODE_FONT, ha="center",
                va="center", multialignment="center", zorder=3, gid=f"nlabel-{index}")
    if not framed:
        return fig
    legend_ax = fig.add_axes((width / fig_w, caption_height / fig_h, legend_width / fig_w,
                              height / fig_h))
    legend_ax.set_axis_off()
    legend_ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False,
                     title="legend", title_fontsize=9, alignment="left")
    fig.text(PAD / fig_w, 1 - 8 / fig_h, drawing.view.title, fontsize=11, va="top", ha="left")
    if caption:
        fig.text(PAD / fig_w, (caption_height - 6) / fig_h,
                 "Left out as implied by a longer chain of drawn edges with the same sign "
                 "(summary edges):\n" + "\n".join(caption_lines),
                 fontsize=7.5, va="top", ha="left", color="#333333", linespacing=1.25)
    return fig


def draw_static(g: nx.MultiDiGraph | Drawing, fmt: str = "svg", *,
                kinds: Iterable[str] = DEFAULT_KINDS, framed: bool = True,
                **options) -> bytes:  # noqa: ANN003
    """Render the diagram with matplotlib as SVG or PNG bytes (deterministic SVG);
    ``framed``: with title, legend and caption."""
    import matplotlib

    drawing = g if isinstance(g, Drawing) else make_drawing(g, kinds, **options)
    fig = _figure(drawing, framed=framed)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "b12ms-kg", "svg.fonttype": "none"}):
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, dpi=150 if fmt == "png" else 72, metadata=metadata)
    return buffer.getvalue()


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font: 13px sans-serif; margin: 12px; color: #111; }}
#b12ms-figure svg {{ max-width: 100%; height: auto; }}
#b12ms-figure g[id^="hit-"] path {{ pointer-events: stroke; stroke-width: 9; cursor: help; }}
#b12ms-figure g[id^="node-"] path, #b12ms-figure g[id^="nlabel-"] text {{ cursor: pointer; }}
#b12ms-tooltip {{ position: fixed; visibility: hidden; max-width: 620px; white-space: pre-wrap;
  background: #fffff0; border: 1px solid #555; padding: 6px; font: 12px sans-serif;
  pointer-events: none; z-index: 10; }}
#b12ms-legend span.swatch {{ display: inline-block; width: 14px; height: 10px;
  border: 1px solid #555; margin: 0 4px 0 10px; vertical-align: middle; }}
#b12ms-panel {{ border-top: 1px solid #ccc; margin-top: 8px; padding-top: 6px;
  white-space: pre-wrap; }}
</style>
</head>
<body>
<h2 style="font-size:16px">{title}</h2>
<div id="b12ms-legend">
<div><b>Node colours</b>: {categories}{highlight}</div>
<div><b>Edge colours</b>: {colours}</div>
<div><b>Edge lines</b>: {signs}.{hollow}</div>
<div>Hover over an edge for its sentences, certainty, context and source; click a node for
its identifiers and synonyms.</div>
</div>
<div id="b12ms-figure">
{svg}
</div>
{caption}
<div id="b12ms-panel">Click a node to see its identifiers.</div>
<div id="b12ms-tooltip"></div>
<script type="application/json" id="b12ms-data">{data}</script>
<script>
(function () {{
  var data = JSON.parse(document.getElementById("b12ms-data").textContent);
  var tip = document.getElementById("b12ms-tooltip");
  var panel = document.getElementById("b12ms-panel");
  function show(text, event) {{
    tip.textContent = text; tip.style.visibility = "visible";
    tip.style.left = Math.min(event.clientX + 14, window.innerWidth - 640) + "px";
    tip.style.top = (event.clientY + 14) + "px";
  }}
  function hide() {{ tip.style.visibility = "hidden"; }}
  Object.keys(data.edges).forEach(function (id) {{
    ["hit-", "edge-", "elabel-"].forEach(function (prefix) {{
      var element = document.getElementById(prefix + id);
      if (!element) {{ return; }}
      element.addEventListener("mousemove", function (e) {{ show(data.edges[id], e); }});
      element.addEventListener("mouseout", hide);
    }});
  }});
  Object.keys(data.nodes).forEach(function (id) {{
    ["node-", "nlabel-"].forEach(function (prefix) {{
      var element = document.getElementById(prefix + id);
      if (!element) {{ return; }}
      element.addEventListener("mousemove", function (e) {{ show(data.nodes[id], e); }});
      element.addEventListener("mouseout", hide);
      element.addEventListener("click", function () {{ panel.textContent = data.nodes[id]; }});
    }});
  }});
}})();
</script>
</body>
</html>
"""


def _node_text(g: nx.DiGraph, node: str, dropped: list[str]) -> str:
    data = g.nodes[node]
    lines = [f"{data['label']} ({node})", f"category: {data['category'] or 'other'}",
             f"IRI: {data['iri']}"]
    if data.get("definition"):
        lines.append(f"definition: {data['definition']}")
    if data.get("synonyms"):
        lines.append(f"synonyms: {data['synonyms'].replace(';', ', ')}")
    if data.get("xrefs"):
        lines.append(f"mapped to: {data['xrefs'].replace(';', ', ')}")
    lines += [f"summary edge left out: {line}" for line in dropped]
    return "\n".join(lines)


def draw_html(g: nx.MultiDiGraph | Drawing, *, kinds: Iterable[str] = DEFAULT_KINDS,
              **options) -> bytes:  # noqa: ANN003
    """An interactive page: the SVG of :func:`draw_static` with a legend, hover text for
    every edge and node, and a panel for the clicked node (one offline file)."""
    drawing = g if isinstance(g, Drawing) else make_drawing(g, kinds, **options)
    view = drawing.graph
    svg = draw_static(drawing, "svg", framed=False).decode("utf-8")
    svg = svg[svg.index("<svg"):]
    edges, colours, signs = {}, set(), set()
    for index, key in enumerate(sorted(drawing.layout.edges)):
        data = view.edges[key]["edges"]
        sign, colour_key = _edge_style(data)
        colours.add(colour_key)
        signs.add(sign)
        edges[str(index)] = _tooltip(view.nodes[key[0]]["label"], view.nodes[key[1]]["label"],
                                     data)
    caption = drawing.caption()
    nodes = {}
    for index, node in enumerate(sorted(drawing.layout.nodes)):
        dropped = [line for line, key in zip(caption, sorted(drawing.view.dropped), strict=False)
                   if key[0] == node]
        nodes[str(index)] = _node_text(view, node, dropped)
    categories = sorted({d["category"] for _, d in view.nodes(data=True)})
    swatch = '<span class="swatch" style="background:{}"></span>{}'
    caption_html = ""
    if caption:
        caption_html = ("<div id=\"b12ms-caption\"><b>Left out as implied by a longer chain "
                        "of drawn edges with the same sign (summary edges):</b><ul>"
                        + "".join(f"<li>{html.escape(c)}</li>" for c in caption)
                        + "</ul></div>")
    page = _PAGE.format(
        title=html.escape(drawing.view.title), svg=svg, caption=caption_html,
        categories=" ".join(swatch.format(CATEGORY_COLOURS.get(c, "#ffffff"),
                                          html.escape(c or "other")) for c in categories),
        colours=" ".join(swatch.format(c, html.escape(n)) for n, c in EDGE_COLOURS.items()
                         if n in colours),
        signs="; ".join(SIGN_NAMES[s] for s in (1, -1, 0) if s in signs)
        .replace("promotes (+)", "solid with an arrow = promotes (+)")
        .replace("impairs (-)", "dashed with a bar = impairs (-)")
        .replace("neutral / structural", "dotted = neutral / structural"),
        highlight=(f"; <b>bold border</b>: {html.escape(drawing.view.highlight_name)}"
                   if drawing.view.highlighted else ""),
        hollow=" Hollow lines: derived by the toolkit, stated by no source."
        if any(c.startswith("toolkit:") for c in colours) else "",
        data=json.dumps({"edges": edges, "nodes": nodes}, ensure_ascii=False, sort_keys=True)
        .replace("</", "<\\/"))
    return page.encode("utf-8")


def picture_format(path: str | Path, fmt: str | None = None) -> str:
    """The picture format named by ``fmt`` or by the file's extension.

    >>> picture_format("m.htm"), picture_format("m.svg", "png")
    ('html', 'png')
    """
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt == "htm":
        fmt = "html"
    if fmt not in DRAW_FORMATS:
        raise InputError(str(path), f"unknown picture format '{fmt}' "
                         f"(choose from {', '.join(DRAW_FORMATS)})")
    return fmt


def draw(g: nx.MultiDiGraph, path: str | Path, fmt: str | None = None, *,
         kinds: Iterable[str] = DEFAULT_KINDS, **options) -> bytes:  # noqa: ANN003
    """Render to the format named by ``fmt`` or by the file's extension (svg, png, html);
    ``options`` choose the view (see :func:`select_view`)."""
    fmt = picture_format(path, fmt)
    drawing = make_drawing(g, kinds, **options)
    return draw_html(drawing) if fmt == "html" else draw_static(drawing, fmt)


class _CallableModule(types.ModuleType):
    """``kg.draw`` names both this module and its :func:`draw` function (the public API's
    ``kg.draw(g, "b12.html")``). Importing the module binds ``kg.draw`` to it, so the
    module itself forwards a call to the function, whatever was imported first."""

    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN204
        return draw(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["CATEGORY_COLOURS", "DRAW_FORMATS", "Drawing", "EDGE_COLOURS", "draw",
           "draw_html", "draw_static", "make_drawing", "picture_format", "select_view",
           "text_size"]
