"""Pictures (SVG, PNG, interactive HTML checked in headless Chromium) and docs (issues 7, 20)."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from conftest import run_cli

from kg.claims import load_claims
from kg.draw import draw, make_drawing

SVG = "{http://www.w3.org/2000/svg}"


def test_layout_runs_cause_to_mechanism_to_symptom(mechanism_graph):
    drawing = make_drawing(mechanism_graph)
    assert drawing.layout.engine == "dot"
    x = {drawing.graph.nodes[n]["label"]: box.x for n, box in drawing.layout.nodes.items()}
    assert x["vitamin B12 deficiency"] == x["multiple sclerosis"]  # the conditions: one rank
    assert x["vitamin B12 deficiency"] < x["impaired myelin production"] \
        < x["disrupted nerve cell communication"] < x["neurological symptom"]
    assert x["multiple sclerosis"] < x["autoimmune attack on myelin"] < x["fatigue"]
    last = max(x.values())
    symptoms = ("fatigue", "muscle weakness", "coordination problems", "cognitive impairment",
                "neurological symptom")
    assert all(x[s] == last for s in symptoms)
    # only symptoms in the last column: "nerve signal transmission" is a process
    assert [n for n, v in x.items() if v == last and n not in symptoms] == []
    assert x["nerve signal transmission"] < last
    for source, target in drawing.graph.edges:  # every edge runs left to right
        assert x[drawing.graph.nodes[source]["label"]] < x[drawing.graph.nodes[target]["label"]]


def test_the_default_view_leaves_out_summary_edges_and_lists_them(mechanism_graph):
    drawing = make_drawing(mechanism_graph)
    edges = {(drawing.graph.nodes[s]["label"], drawing.graph.nodes[t]["label"])
             for s, t in drawing.graph.edges}
    # implied by deficiency -> impaired myelin production -> disrupted communication
    assert ("vitamin B12 deficiency", "disrupted nerve cell communication") not in edges
    assert ("vitamin B12 deficiency", "impaired myelin production") in edges
    caption = drawing.caption()
    assert ("vitamin B12 deficiency involves disrupted nerve cell communication (C040): implied "
            "by vitamin B12 deficiency → impaired myelin production → disrupted nerve cell "
            "communication") in caption
    assert len(caption) == len(drawing.view.dropped) > 0
    # an asserted edge is not replaced by a chain with a hypothesis in it, nor by one of
    # the opposite sign, nor by one through a condition
    import networkx as nx

    from kg.drawviews import without_summary_edges

    def edge(certainty, sign="positive"):
        return {"edges": [{"certainty": certainty, "sign": sign}]}

    toy = nx.DiGraph()
    toy.add_edges_from([("a", "b", edge("hypothesis")), ("b", "c", edge("asserted")),
                        ("a", "c", edge("asserted")), ("c", "d", edge("asserted", "negative")),
                        ("b", "d", edge("asserted"))])
    assert without_summary_edges(toy)[1] == {}
    toy.edges["a", "b"]["edges"][0]["certainty"] = "asserted"
    assert list(without_summary_edges(toy)[1]) == [("a", "c")]
    toy.nodes["b"]["category"] = "disease or disorder"
    assert without_summary_edges(toy)[1] == {}
    everything = make_drawing(mechanism_graph, reduce=False)
    assert everything.graph.number_of_edges() == \
        drawing.graph.number_of_edges() + len(caption)


def _assert_clean(stats):
    assert stats.engine == "dot"
    assert stats.through_foreign_nodes == 0, stats.problems
    assert stats.arrowheads_off_target == 0, stats.problems
    assert stats.overlapping_labels == 0, stats.problems


@pytest.mark.parametrize("options", [
    {}, {"condition": "vitamin B12 deficiency"}, {"condition": "multiple sclerosis"},
    {"condition": "correction of vitamin B12 deficiency"},
    {"compare": ("vitamin B12 deficiency", "multiple sclerosis")},
    {"path": ("multiple sclerosis", "neurological symptom")}])
def test_drawing_metrics_are_clean_on_each_view(mechanism_graph, options):
    drawing = make_drawing(mechanism_graph, **options)
    stats = drawing.stats()
    _assert_clean(stats)
    assert stats.edges == drawing.graph.number_of_edges()
    assert stats.crossings >= 0


def test_metrics_count_what_they_measure():
    from kg.drawstats import drawing_stats
    from kg.layout import EdgeRoute, Layout, NodeBox

    boxes = {"a": NodeBox("a", 0, 0, 20, 10), "b": NodeBox("b", 100, 0, 20, 10),
             "c": NodeBox("c", 50, 40, 20, 10), "d": NodeBox("d", 50, -40, 20, 10)}
    short = EdgeRoute("a", "b", ((10, 0), (30, 0), (50, 0), (70, 0)), (78, 0))  # 12 pt short
    across = EdgeRoute("c", "d", ((50, 35), (50, 10), (50, -10), (50, -25)), (50, -35))
    stats = drawing_stats(Layout(120, 100, boxes, {("a", "b"): short, ("c", "d"): across},
                                 "dot"),
                          [("x", (0, 0, 30, 10), None), ("y", (20, 5, 40, 15), None)])
    assert (stats.crossings, stats.arrowheads_off_target, stats.through_foreign_nodes) == \
        (1, 1, 0)
    assert stats.overlapping_labels >= 1  # x and y overlap (and x covers node a)
    routes = {("a", "b"): short}
    inside = drawing_stats(Layout(120, 100, boxes, routes, "dot"), [("a", (-8, -4, 8, 4), "a")])
    spills = drawing_stats(Layout(120, 100, boxes, routes, "dot"), [("a", (-12, -4, 12, 4), "a")])
    assert (inside.overlapping_labels, spills.overlapping_labels) == (0, 1)


def test_metrics_find_the_faults_of_the_old_column_layout(mechanism_graph):
    stats = make_drawing(mechanism_graph, engine="fallback", reduce=False).stats()
    assert stats.engine == "fallback"
    # straight edges across several columns run through boxes and over each other's labels
    assert stats.through_foreign_nodes > 0 and stats.overlapping_labels > 0
    assert stats.crossings > make_drawing(mechanism_graph, reduce=False).stats().crossings


def test_draw_stats_prints_the_measures(tmp_path):
    result = run_cli("draw", "--stats", "--condition", "vitamin B12 deficiency")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert "layout: dot" in lines
    for name in ("edges through a foreign node", "arrowheads off target", "overlapping labels"):
        assert f"{name}: 0" in lines
    assert any(line.startswith("edge crossings: ") for line in lines)
    assert run_cli("draw", "--from", "fatigue").returncode == 2
    assert run_cli("draw").returncode == 2


def test_without_dot_the_layout_falls_back_with_one_warning(tmp_path):
    result = run_cli("draw", "-o", str(tmp_path / "m.svg"), env={"PATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.decode().splitlines()
                if line.startswith("warning")]
    assert len(warnings) == 1 and warnings[0].startswith("warning: Graphviz 'dot' not found")
    assert (tmp_path / "m.svg").stat().st_size > 10_000
    broken = tmp_path / "bin"
    broken.mkdir()
    (broken / "dot").write_text("#!/bin/sh\necho 'Error: out of memory' >&2\nexit 1\n")
    (broken / "dot").chmod(0o755)
    result = run_cli("draw", "--stats", env={"PATH": str(broken)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().strip() == ("warning: Graphviz 'dot' failed (Error: out of "
                                              "memory); using the simple column layout")
    assert "layout: fallback" in result.stdout.decode()


def test_svg_has_every_node_and_edge_and_is_deterministic(mechanism_graph, tmp_path):
    data = draw(mechanism_graph, "m.svg")
    assert data == draw(mechanism_graph, "again.svg")
    root = ET.fromstring(data)
    text = " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    drawing = make_drawing(mechanism_graph)
    for node in drawing.graph:
        for word in drawing.graph.nodes[node]["label"].split():
            assert word in text
    for entry in ("certainty: asserted", "certainty: hypothesis", "certainty: open",
                  "impairs (-)", "promotes (+)", "symptom", "biological process"):
        assert entry in text  # the legend
    assert "toolkit: derived" not in text  # no derived edge is drawn, so none is listed
    assert "summary edges" in text and "(C040)" in text  # the caption
    edges = [g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("edge-")]
    assert len(edges) == drawing.graph.number_of_edges()
    assert b"#E69F00" in data.upper() and b"#0072B2" in data.upper()  # Okabe-Ito
    out = tmp_path / "mechanism.svg"
    result = run_cli("draw", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == data  # the command writes what the API draws


def test_views_draw_what_they_name(mechanism_graph, tmp_path):
    from kg.paths import find_paths

    found = find_paths(mechanism_graph, "multiple sclerosis", "neurological symptom")
    drawing = make_drawing(mechanism_graph, path=("multiple sclerosis", "neurological symptom"))
    assert set(drawing.graph.edges) == {(s.source, s.target) for p in found for s in p.steps}
    condition = make_drawing(mechanism_graph, condition="vitamin B12 deficiency")
    labels = {condition.graph.nodes[n]["label"] for n in condition.graph}
    assert "autoimmune attack on myelin" not in labels and "myelination" in labels
    compared = make_drawing(mechanism_graph,
                            compare=("vitamin B12 deficiency", "multiple sclerosis"))
    shared = {compared.graph.nodes[n]["label"] for n in compared.view.highlighted}
    assert "impaired myelin production" in shared and "fatigue" not in shared
    # MS reaches it only by joining a claim stated for B12 deficiency (C017): not shared
    assert "neurological symptom" not in shared
    intervention = make_drawing(mechanism_graph,
                                condition="correction of vitamin B12 deficiency")
    reached = {intervention.graph.nodes[n]["label"] for n in intervention.graph}
    # 'alleviates symptoms of MS' ends paths: MS's own mechanism is not drawn after it
    assert "multiple sclerosis" in reached and "autoimmune attack on myelin" not in reached
    svg = draw(mechanism_graph, "c.svg", compare=("vitamin B12 deficiency",
                                                   "multiple sclerosis"))
    assert b"bold border: shared by both" in svg
    page = draw(mechanism_graph, "c.html", compare=("vitamin B12 deficiency",
                                                     "multiple sclerosis"))
    assert b"<b>bold border</b>: shared by both" in page
    out = tmp_path / "ms.png"
    result = run_cli("draw", "-o", str(out), "--condition", "multiple sclerosis")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_png_is_a_real_picture(mechanism_graph):
    data = draw(mechanism_graph, "m.png")
    assert data == draw(mechanism_graph, "again.png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 1000 and height > 500
    assert len(data) > 50_000


def test_html_is_offline_and_carries_the_evidence(mechanism_graph):
    data = draw(mechanism_graph, "m.html").decode()
    assert data == draw(mechanism_graph, "again.html").decode()
    assert not re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', data)
    assert "pyvis" not in data and "<svg" in data
    drawing = make_drawing(mechanism_graph)
    payload = json.loads(re.search(r'<script type="application/json" id="b12ms-data">(.*?)'
                                   r"</script>", data, re.S).group(1).replace("<\\/", "</"))
    assert len(payload["edges"]) == drawing.graph.number_of_edges()
    assert len(payload["nodes"]) == drawing.graph.number_of_nodes()
    text = "\n".join(payload["edges"].values())
    assert "When there is a deficiency of vitamin B12, the production of myelin is impaired." \
        in text
    assert "in vitamin B12 deficiency; source" in text  # context and source on hover
    nodes = "\n".join(payload["nodes"].values())
    assert "mapped to: DOID:2377, MONDO:0005301" in nodes


def test_draw_rejects_an_unknown_format(tmp_path):
    result = run_cli("draw", "-o", str(tmp_path / "m.gif"))
    assert result.returncode == 2
    assert "unknown picture format 'gif'" in result.stderr.decode()
    assert not list(tmp_path.iterdir())


_PROBE = """<script>
window.addEventListener("load", function () { setTimeout(function () {
  var data = JSON.parse(document.getElementById("b12ms-data").textContent);
  var id = Object.keys(data.edges).filter(function (k) {
    return data.edges[k].indexOf("C013") >= 0; })[0];
  var path = document.querySelector("#hit-" + id + " path");
  var length = path.getTotalLength(), hovered = null, tries = [0.5, 0.3, 0.7, 0.2, 0.8];
  for (var i = 0; i < tries.length && hovered === null; i++) {
    var p = path.getPointAtLength(length * tries[i]).matrixTransform(path.getScreenCTM());
    // what the mouse would be over, 3 px off the curve (edges are easy to hover)
    var under = document.elementFromPoint(p.x + 3, p.y + 3);
    if (under && under.closest && under.closest("#hit-" + id + ", #edge-" + id)) {
      under.dispatchEvent(new MouseEvent("mousemove", {clientX: p.x, clientY: p.y,
                                                       bubbles: true}));
      hovered = tries[i]; }
  }
  var tip = document.getElementById("b12ms-tooltip");
  var tooltip = tip.textContent, visible = tip.style.visibility;
  var ms = Object.keys(data.nodes).filter(function (k) {
    return data.nodes[k].indexOf("(b12ms:MultipleSclerosis)") >= 0; })[0];
  var box = document.querySelector("#node-" + ms + " path").getBoundingClientRect();
  var under = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  if (under && under.closest && under.closest("#node-" + ms + ", #nlabel-" + ms)) { under.dispatchEvent(
    new MouseEvent("click", {bubbles: true})); }
  var legend = document.getElementById("b12ms-legend");
  var out = document.createElement("pre"); out.id = "probe";
  out.textContent = JSON.stringify({
    edges: document.querySelectorAll("g[id^=edge-]").length,
    nodes: document.querySelectorAll("g[id^=node-]").length,
    hovered: hovered, tooltip: tooltip, visible: visible, legend: legend.innerText,
    panel: document.getElementById("b12ms-panel").textContent});
  document.body.appendChild(out); }, 500); });
</script>"""


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.environ.get("KG_REQUIRE_BROWSER"):
        pytest.fail("Chromium is required (scripts/test.sh installs Debian's chromium)")
    return found


def test_html_renders_with_its_legend_and_shows_the_sentence_on_hover_in_headless_chromium(
        mechanism_graph, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (scripts/test.sh installs it)")
    page = tmp_path / "page.html"
    page.write_text(draw(mechanism_graph, "m.html").decode().replace(
        "</body>", _PROBE + "</body>"))
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,900",
         "--virtual-time-budget=10000", "--dump-dom", page.as_uri()],
        capture_output=True, timeout=120)
    match = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout.decode(), re.S)
    assert match, result.stderr.decode()[-2000:]
    probe = json.loads(match.group(1).replace("&gt;", ">").replace("&lt;", "<")
                       .replace("&amp;", "&"))
    drawing = make_drawing(mechanism_graph)
    assert (probe["nodes"], probe["edges"]) == (drawing.graph.number_of_nodes(),
                                                drawing.graph.number_of_edges())
    assert probe["hovered"] is not None  # the edge is under the mouse, not hidden
    assert probe["visible"] == "visible"
    assert "vitamin B12 deficiency --impairs--> myelination  [asserted; sign negative]" \
        in probe["tooltip"]
    assert "C013 (asserted; in vitamin B12 deficiency; source " in probe["tooltip"]
    assert "When there is a deficiency of vitamin B12, the production of myelin is impaired." \
        in probe["tooltip"]
    for category in ("disease or disorder", "symptom", "biological process"):
        assert category in probe["legend"]  # node colours explained on the page
    assert "Hollow lines" not in probe["legend"]  # no derived edge is drawn
    # a click on a node (through its label, as a reader clicks) shows what it is
    assert probe["panel"].startswith("multiple sclerosis (b12ms:MultipleSclerosis)")
    assert "definition: A long-lasting disease" in probe["panel"]
    assert "synonyms: MS" in probe["panel"] and "MONDO:0005301" in probe["panel"]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def test_docs_lists_every_claim_and_documents_every_class(tmp_path, release_graph):
    from rdflib.namespace import OWL, RDF, RDFS

    result = run_cli("docs", "-o", str(tmp_path / "docs"))
    assert result.returncode == 0, result.stderr
    claims_md = (tmp_path / "docs" / "claims.md").read_text()
    from kg.claims import load_retired
    from kg.docs import reading

    for claim in load_claims() + load_claims(packaged="background"):
        # the table row: reading, context, certainty, offsets
        assert (f"| {claim.id} | {reading(claim)} | {claim.context or ''} | {claim.certainty} | "
                f"{claim.start}-{claim.end} |") in claims_md
        # the full entry: sentence with offsets, context, certainty, note
        entry = claims_md.split(f"### {claim.id}: ", 1)[1].split("\n### ", 1)[0]
        assert f'- sentence ({claim.start}-{claim.end}): "{claim.sentence}"' in entry
        assert f"- context: {claim.context or 'none (stated in general)'}" in entry
        assert f"- certainty: {claim.certainty} (" in entry
        assert f"- note: {claim.note or '(none)'}" in entry
    for retired in load_retired():
        assert f"| {retired['id']} | " in claims_md.split("## Retired claim ids", 1)[1]
    parser = _Text()
    parser.feed((tmp_path / "docs" / "ontology.html").read_text())
    text = " ".join(parser.parts)
    for cls in release_graph.subjects(RDF.type, OWL.Class):
        label = release_graph.value(cls, RDFS.label)
        if label is not None and str(cls).startswith("https://w3id.org/b12ms-kg/"):
            assert str(label) in text
    page = (tmp_path / "docs" / "ontology.html").read_text()
    _assert_classes_documented(release_graph, text, page)
    assert 'src="mechanism.svg"' in page and (tmp_path / "docs" / "mechanism.svg").is_file()
    assert (tmp_path / "docs" / "mechanism.html").is_file()
    # a static site that works offline: nothing is loaded from the network
    assert not re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', page)
    assert oct((tmp_path / "docs" / "claims.md").stat().st_mode & 0o777) != "0o600"


def _assert_classes_documented(graph, text: str, page: str) -> None:
    """Each class of ours: its definition, its mapped identifiers (linked), its synonyms."""
    from rdflib.namespace import OWL, RDF, SKOS

    from kg.identifiers import compact
    from kg.namespaces import DEFINITION, OBOINOWL

    checked = 0
    for cls in graph.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith("https://w3id.org/b12ms-kg/"):
            continue
        for definition in graph.objects(cls, DEFINITION):
            assert " ".join(str(definition).split()) in " ".join(text.split()), cls
            checked += 1
        for match in (SKOS.exactMatch, SKOS.closeMatch):
            for target in graph.objects(cls, match):
                assert f'<a href="{target}">{compact(target)}</a>' in page, (cls, target)
        for synonym in graph.objects(cls, OBOINOWL.hasExactSynonym):
            assert str(synonym) in text
    assert checked > 30
    assert ("multiple sclerosis ⊂ autoimmune disease ⊂ disease or disorder" in text
            and "autoimmune disease (C019, article layer)" in text)  # the full hierarchy


def test_the_main_job_writes_both_pictures(tmp_path):
    result = run_cli("build", "-o", str(tmp_path), "--no-reason")
    assert result.returncode == 0, result.stderr
    for name in ("mechanism.svg", "mechanism.png", "mechanism.html"):
        assert (tmp_path / name).stat().st_size > 10_000
