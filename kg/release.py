"""The main job: build the graph, check it, write the release files, summarise.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as out:
    ...     summary = build_release(out, reason=False)
    ...     sorted(str(p.relative_to(out)) for p in summary.written)
    ['b12ms-kg.graphml', 'b12ms-kg.jsonld', 'b12ms-kg.kgx.json', 'b12ms-kg.owl', 'b12ms-kg.trig', 'b12ms-kg.ttl', 'kgx/edges.tsv', 'kgx/nodes.tsv', 'mechanism.html', 'mechanism.png', 'mechanism.svg']
    >>> summary.claims_by_certainty["hypothesis"]
    7
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.namespace import OWL, RDF

from kg.build import build_dataset
from kg.claims import load_claims
from kg.draw import DRAW_FORMATS, draw_html, draw_static, make_drawing
from kg.errors import CheckError, InputError
from kg.export import FORMATS, canonical_graph, graphml, serialize
from kg.files import write_atomic
from kg.kgx import kgx_json, kgx_records, kgx_tsv
from kg.network import to_networkx
from kg.paths import find_paths
from kg.reason import ReasonerReport, check_consistency
from kg.steps import no_step
from kg.validate import Finding, render_report, summary, validate_dataset

RELEASE_NAME = "b12ms-kg"
RELEASE_FORMATS = ("turtle", "xml", "trig", "json-ld", "graphml", "kgx-json")
SYMPTOMS = ("fatigue", "muscle weakness", "coordination problems", "cognitive impairment")
CONDITIONS = ("vitamin B12 deficiency", "multiple sclerosis")


@dataclass
class Summary:
    """Counts, checks and key paths of one build."""

    counts: dict[str, int]
    claims_by_certainty: Counter
    sources: int
    reasoner: ReasonerReport | None
    symptom_paths: dict[str, list] = field(default_factory=dict)
    layers: tuple[str, ...] = ("article", "background")
    #: the layers validated (the release layers and what the reasoner derives from them)
    checked_layers: tuple[str, ...] = ("article", "background", "inferred")
    findings: list = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        c = self.counts
        certainty = ", ".join(f"{k} {v}" for k, v in sorted(self.claims_by_certainty.items()))
        counts = summary(self.findings)
        lines = [
            f"b12ms-kg build: {sum(self.claims_by_certainty.values())} claims from "
            f"{self.sources} source(s) in layers {', '.join(self.layers)}",
            f"  classes {c['classes']}, object properties {c['object properties']}, "
            f"data properties {c['data properties']}, annotation properties "
            f"{c['annotation properties']}, statements {c['statements']} (in all named graphs)",
            f"  claims by certainty (layers {', '.join(self.layers)}): {certainty}",
            f"  validate (layers {', '.join(self.checked_layers)}): {counts['ERROR']} "
            f"error(s), {counts['WARN']} warning(s), {counts['INFO']} info (b12ms-kg "
            "validate for the report)",
        ]
        if self.reasoner is not None:
            state = "consistent" if self.reasoner.consistent else "INCONSISTENT"
            lines.append(f"  {self.reasoner.reasoner}: {state}, "
                         f"{len(self.reasoner.unsatisfiable)} unsatisfiable classes")
        from kg.report import path_summary

        lines.append("  paths to the symptoms the article names for MS (shortest shown):")
        for (condition, symptom), paths in self.symptom_paths.items():
            if paths:
                lines.append(f"    {condition} -> {symptom}: {len(paths)} path(s); "
                             f"{' -> '.join(paths[0].labels())} [{path_summary(paths[0])}]")
            else:
                lines.append(f"    {condition} -> {symptom}: none")
        lines += [f"  wrote {p}" for p in self.written]
        return lines


def count_terms(ds: Dataset) -> dict[str, int]:
    """Numbers of declared classes and properties, and of triples."""
    def count(kind):  # noqa: ANN001, ANN202
        return len({s for s in ds.subjects(RDF.type, kind) if isinstance(s, URIRef)})
    return {"classes": count(OWL.Class), "object properties": count(OWL.ObjectProperty),
            "data properties": count(OWL.DatatypeProperty),
            "annotation properties": count(OWL.AnnotationProperty),
            "statements": sum(len(g) for g in ds.graphs())}


def build_release(out_dir: str | Path, *, reason: bool = True,
                  step=no_step) -> Summary:  # noqa: ANN001
    """Build, check (provenance, declarations, and HermiT if ``reason``), then write files.

    Nothing is written unless every check passes. ``step(name)`` is a context manager
    each step runs in (:class:`kg.steps.Steps` times them and shows progress).
    """
    out = Path(out_dir)
    with step("build the graph"):
        claims = load_claims() + load_claims(packaged="background")
        ds = build_dataset()
    with step("infer (OWL 2 RL)"):
        checked = build_dataset(layers=("article", "background", "inferred"))
    findings = validate_dataset(checked, {c.source for c in claims}, reason=False, step=step)
    report = None
    if reason:
        with step("HermiT consistency"):
            report = check_consistency(canonical_graph(ds.graphs()))
    if report is not None and not report.consistent:
        findings.append(Finding("ERROR", "consistency", "ontology", "HermiT: inconsistent"))
    if report is not None:
        findings += [Finding("ERROR", "unsatisfiable-class", iri, "HermiT: no members possible")
                     for iri in report.unsatisfiable]
    errors = [f for f in findings if f.severity == "ERROR"]
    if errors:
        raise CheckError(f"the graph failed {len(errors)} check(s):\n" + render_report(errors))
    with step("mechanism network and paths"):
        g = to_networkx(ds)
        summary = Summary(counts=count_terms(ds), sources=len({c.source for c in claims}),
                          claims_by_certainty=Counter(c.certainty for c in claims),
                          reasoner=report, symptom_paths={(c, s): find_paths(g, c, s)
                                                          for c in CONDITIONS for s in SYMPTOMS},
                          findings=findings)
    with step("export (RDF formats, GraphML, KGX)"):
        records = kgx_records(ds, graph=g)  # the network is read once, for every output
        files = {out / f"{RELEASE_NAME}{FORMATS[f].extension}": serialize(ds, f)
                 for f in RELEASE_FORMATS if f not in ("graphml", "kgx-json")}
        files[out / f"{RELEASE_NAME}{FORMATS['graphml'].extension}"] = graphml(g)
        files[out / f"{RELEASE_NAME}{FORMATS['kgx-json'].extension}"] = kgx_json(records=records)
        files.update({out / "kgx" / name: data
                      for name, data in kgx_tsv(records=records).items()})
    with step("pictures (layout, SVG, PNG, HTML)"):
        drawing = make_drawing(g)  # one layout for the three pictures
        files.update({out / f"mechanism.{fmt}": draw_html(drawing) if fmt == "html"
                      else draw_static(drawing, fmt) for fmt in DRAW_FORMATS})
    try:
        (out / "kgx").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(out), f"cannot create output folder: {exc.strerror}") from None
    for path, data in files.items():
        write_atomic(path, data)
        summary.written.append(path)
    return summary
