"""Pictures (SVG, PNG, interactive HTML checked in headless Chromium) and docs (issue 7)."""

from __future__ import annotations

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
from kg.draw import draw, drawing_graph

SVG = "{http://www.w3.org/2000/svg}"


def test_layout_runs_cause_to_mechanism_to_symptom(mechanism_graph):
    view = drawing_graph(mechanism_graph)
    layer = {view.nodes[n]["label"]: view.nodes[n]["layer"] for n in view}
    assert layer["targeted treatment"] == 0  # "treats" (open): upstream of both conditions
    assert layer["vitamin B12 deficiency"] < layer["impaired myelin production"] \
        < layer["disrupted nerve cell communication"] < layer["neurological symptom"]
    assert layer["multiple sclerosis"] < layer["autoimmune attack on myelin"] < layer["fatigue"]
    last = max(layer.values())
    assert all(layer[s] == last for s in ("fatigue", "muscle weakness", "coordination problems",
                                          "cognitive impairment"))
    for source, target in view.edges:  # every edge runs left to right
        assert view.nodes[source]["layer"] < view.nodes[target]["layer"]


def test_svg_has_every_node_and_edge_and_is_deterministic(mechanism_graph, tmp_path):
    data = draw(mechanism_graph, "m.svg")
    assert data == draw(mechanism_graph, "again.svg")
    root = ET.fromstring(data)
    text = " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    view = drawing_graph(mechanism_graph)
    for node in view:
        for word in view.nodes[node]["label"].split():
            assert word in text
    for entry in ("certainty: asserted", "certainty: hypothesis", "impairs (-)", "promotes (+)"):
        assert entry in text  # the legend
    patches = [g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("patch")]
    assert len(patches) >= view.number_of_edges()
    assert b"#d97706" in data and b"#1f4e79" in data  # hypothesis and asserted colours
    out = tmp_path / "mechanism.svg"
    result = run_cli("draw", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == data  # the command writes what the API draws


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
    assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="https?://', data)
    assert "vis.Network" in data
    view = drawing_graph(mechanism_graph)
    for node in view:
        assert f'"id": "{node}"' in data
    assert "When there is a deficiency of vitamin B12, the production of myelin is impaired." \
        in data
    assert data.count('"from": ') == view.number_of_edges()


def test_draw_rejects_an_unknown_format(tmp_path):
    result = run_cli("draw", "-o", str(tmp_path / "m.gif"))
    assert result.returncode == 2
    assert "unknown picture format 'gif'" in result.stderr.decode()
    assert not list(tmp_path.iterdir())


_PROBE = """<script>
window.addEventListener("load", function () { setTimeout(function () {
  var target = null;
  network.body.data.edges.forEach(function (e) {
    if (e.title && e.title.indexOf("C013") >= 0) { target = e; } });
  var canvas = document.querySelector("#mynetwork canvas");
  var rect = canvas.getBoundingClientRect();
  var points = [0.5, 0.35, 0.65, 0.25, 0.75, 0.15, 0.85, 0.45, 0.55, 0.1, 0.9], tries = 0;
  function hover() {
    // another edge may cross this one at a point: try a few points along it
    var mid = network.canvasToDOM(network.body.edges[target.id].edgeType.getPoint(points[tries]));
    canvas.dispatchEvent(new MouseEvent("mousemove", {clientX: rect.left + mid.x,
                                                      clientY: rect.top + mid.y, bubbles: true}));
    setTimeout(function () {
      var tip = document.querySelector("div.vis-tooltip");
      tries += 1;
      if ((!tip || tip.innerText.indexOf("C013") < 0) && tries < points.length) {
        canvas.dispatchEvent(new MouseEvent("mousemove", {clientX: rect.left + 1,
                                                          clientY: rect.top + 1, bubbles: true}));
        setTimeout(hover, 300); return; }
      var out = document.createElement("pre"); out.id = "probe";
      out.textContent = JSON.stringify({nodes: network.body.data.nodes.length,
        edges: network.body.data.edges.length,
        tooltip: tip ? tip.innerText : null, visible: tip ? tip.style.visibility : null});
      document.body.appendChild(out); }, 800); }
  hover(); }, 1000); });
</script>"""


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.environ.get("KG_REQUIRE_BROWSER"):
        pytest.fail("Chromium is required (scripts/test.sh installs Debian's chromium)")
    return found


def test_html_renders_and_shows_the_sentence_on_hover_in_headless_chromium(mechanism_graph,
                                                                          tmp_path):
    import json

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
         "--virtual-time-budget=15000", "--dump-dom", page.as_uri()],
        capture_output=True, timeout=120)
    match = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout.decode())
    assert match, result.stderr.decode()[-2000:]
    probe = json.loads(match.group(1).replace("&gt;", ">").replace("&lt;", "<")
                       .replace("&amp;", "&"))
    view = drawing_graph(mechanism_graph)
    assert (probe["nodes"], probe["edges"]) == (view.number_of_nodes(), view.number_of_edges())
    assert probe["visible"] == "visible"
    assert "vitamin B12 deficiency --impairs--> myelination [asserted; sign negative]" \
        in probe["tooltip"]
    assert "C013 (asserted; in vitamin B12 deficiency): When there is a deficiency of vitamin " \
           "B12, the production of myelin is impaired." in probe["tooltip"]


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
    assert oct((tmp_path / "docs" / "claims.md").stat().st_mode & 0o777) != "0o600"


def test_the_main_job_writes_both_pictures(tmp_path):
    result = run_cli("build", "-o", str(tmp_path), "--no-reason")
    assert result.returncode == 0, result.stderr
    for name in ("mechanism.svg", "mechanism.png", "mechanism.html"):
        assert (tmp_path / name).stat().st_size > 10_000
