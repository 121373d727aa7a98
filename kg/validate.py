"""Quality control: SHACL shapes, provenance offsets, OWL declarations, HermiT, curation hints.

``validate_dataset`` runs every check and returns findings in the spirit of
``robot report``: a rule, a severity (ERROR, WARN, INFO), a subject and a
message. ``render_report`` writes them as text, Markdown, JSON or Turtle
(a SHACL ``sh:ValidationReport``).

    >>> from kg.build import build_dataset
    >>> findings = validate_dataset(build_dataset(), reason=False)
    >>> [f for f in findings if f.severity == "ERROR"]
    []
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.checks import check_declarations, check_provenance
from kg.claims import Source
from kg.identifiers import expand_curie
from kg.lookup import compact
from kg.mappings import read_mappings
from kg.namespaces import B12MS, CERTAINTY, LAYERS, layer_name
from kg.resources import read_text
from kg.steps import no_step

SEVERITIES = ("ERROR", "WARN", "INFO")
REPORT_FORMATS = ("text", "md", "json", "ttl")
_SH_SEVERITY = {SH.Violation: "ERROR", SH.Warning: "WARN", SH.Info: "INFO"}


@dataclass(frozen=True, order=True)
class Finding:
    """One QC result."""

    severity: str
    rule: str
    subject: str
    message: str


def load_shapes() -> Graph:
    """The packaged SHACL shapes (``ontology/shapes/b12ms-shapes.ttl``)."""
    return Graph().parse(data=read_text("ontology", "shapes", "b12ms-shapes.ttl"), format="turtle")


def _merged(ds: Dataset) -> Graph:
    from kg.export import merged_graph

    return merged_graph(ds.graphs())


def _term(node) -> str:  # noqa: ANN001
    return compact(node) if isinstance(node, URIRef) else ("(blank node)" if isinstance(
        node, BNode) else str(node))


#: where pySHACL reads the data graph: a copy in Oxigraph (the default), or rdflib itself
SHACL_ENGINES = ("oxigraph", "rdflib")


def _in_oxigraph(data: Graph):  # noqa: ANN202
    """An in-memory Oxigraph store whose default graph holds the triples of ``data``; None
    if Oxigraph refuses one of its terms (an IRI with a space, a bad language tag, from a
    server or a file) or would make one of two (see kg.canonical.to_oxigraph_triples)."""
    import pyoxigraph as ox

    from kg.canonical import to_oxigraph_triples

    converted = to_oxigraph_triples(data)
    if converted is None:
        return None
    store = ox.Store()
    default = ox.DefaultGraph()
    store.extend([ox.Quad(s, p, o, default) for s, p, o in converted[0]])
    return store


def shacl_findings(data: Graph, shapes: Graph | None = None, *,
                   engine: str = "oxigraph") -> list[Finding]:
    """Validate ``data`` with pySHACL; one finding per validation result.

    pySHACL reads the data from an in-memory Oxigraph copy by default (its Oxigraph
    back end): the shapes' SPARQL targets and constraints then run in Oxigraph, about
    0.1 s on the article graph where rdflib's engine needs over a second. With
    ``engine="rdflib"`` it reads the rdflib graph itself; both give the same findings
    (tests/test_validate.py). A graph with a term Oxigraph refuses (an IRI with a space)
    is read by rdflib.

    >>> from kg.build import build_dataset
    >>> shacl_findings(_merged(build_dataset()))
    []
    """
    import pyshacl

    if engine not in SHACL_ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r} (choose from {SHACL_ENGINES})")
    shapes = load_shapes() if shapes is None else shapes
    copy = _in_oxigraph(data) if engine == "oxigraph" else None
    target = data if copy is None else copy  # (else pySHACL reads rdflib's graph)
    _, report, _ = pyshacl.validate(target, shacl_graph=shapes, advanced=True,
                                    inference="none", allow_warnings=True, allow_infos=True)
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        owner = next(shapes.subjects(SH.property, shape), shape) if isinstance(shape, BNode) \
            else shape
        rule = str(shapes.value(owner, RDFS.label) or _term(owner))
        message = str(report.value(result, SH.resultMessage) or "violates a shape")
        value = report.value(result, SH.value)
        if value is not None and _term(value) not in message:
            message += f" (value: {_term(value)})"
        findings.append(Finding(_SH_SEVERITY.get(report.value(result, SH.resultSeverity), "ERROR"),
                                rule, _term(report.value(result, SH.focusNode)), message))
    return findings


def curation_findings(data: Graph) -> list[Finding]:
    """Hints a curator wants (WARN/INFO), not errors."""
    findings = []
    recorded = {r.subject_id for r in read_mappings()}
    edge_terms = set()
    for s, p, o in data:
        if (p, RDF.type, OWL.ObjectProperty) in data and isinstance(s, URIRef) \
                and isinstance(o, URIRef):
            edge_terms |= {s, o}
    for term in sorted(edge_terms):
        if str(term).startswith(str(B12MS)) and compact(term) not in recorded and \
                data.value(term, SKOS.exactMatch) is None and data.value(term, SKOS.closeMatch) is None:
            findings.append(Finding("WARN", "no-mapping", compact(term),
                                    "no standard identifier mapped and no NoTermFound row in the "
                                    "SSSOM file"))
    # claims (stated, with a source's certainty) per level and layer; derived axioms carry
    # no certainty of their own, so the inferred layer adds none
    counts: Counter = Counter()
    for axiom, level in data.subject_objects(B12MS.certainty):
        counts[(level, layer_name(data.value(axiom, B12MS.layer) or ""))] += 1
    for name in ("hypothesis", "open"):
        level = CERTAINTY[name]
        layers = sorted(layer for (lv, layer), n in counts.items() if lv == level)
        total = sum(n for (lv, _), n in counts.items() if lv == level)
        if total:
            findings.append(Finding("INFO", "hedged-claims", compact(level),
                                    f"{total} claim(s) with certainty {name} in layer(s) "
                                    f"{', '.join(layers)}: possibilities or open questions, "
                                    "not findings"))
    return findings


def validate_dataset(ds: Dataset, sources: Iterable[Source] | None = None, *,
                     reason: bool = True, step=no_step) -> list[Finding]:  # noqa: ANN001
    """Run every check on ``ds``; findings sorted by severity, rule, subject. Each check
    runs in ``step(name)`` (see :class:`kg.steps.Steps`)."""
    data = _merged(ds)
    with step("SHACL shapes"):
        findings = shacl_findings(data)
    if sources is None:
        from kg.claims import load_claims
        sources = {c.source for c in load_claims() + load_claims(packaged="background")}
    sources = list(sources)
    with step("sentences at their offsets, declarations"):
        for graph in ds.graphs():
            if graph.identifier not in (LAYERS["ontology"], LAYERS["inferred"]) and len(graph):
                findings += [Finding("ERROR", "sentence-at-offsets", str(graph.identifier),
                                     problem) for problem in check_provenance(graph, sources)]
        findings += [Finding("ERROR", "owl-declarations", "ontology", problem)
                     for problem in check_declarations(data)]
    if reason:
        from kg.reason import check_consistency

        with step("HermiT consistency"):
            report = check_consistency(data)
        if not report.consistent:
            findings.append(Finding("ERROR", "consistency", "ontology",
                                    "HermiT: the ontology is inconsistent"))
        findings += [Finding("ERROR", "unsatisfiable-class", compact(URIRef(iri)),
                             "HermiT: this class can have no members")
                     for iri in report.unsatisfiable]
    with step("curation hints"):
        findings += curation_findings(data)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(set(findings), key=lambda f: (order[f.severity], f.rule, f.subject, f.message))


def summary(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {s: counts.get(s, 0) for s in SEVERITIES}


def render_report(findings: list[Finding], fmt: str = "text",
                  layers: Iterable[str] | None = None) -> str:
    """The QC report as text (default), Markdown, JSON or Turtle; ``layers``, the layers
    checked, are named in the summary line."""
    counts = summary(findings)
    total = f"{counts['ERROR']} error(s), {counts['WARN']} warning(s), {counts['INFO']} info"
    layers = list(layers) if layers is not None else None
    if layers is not None:
        total += f" (layers {', '.join(layers) or 'none'}, with the ontology)"
    if fmt == "json":
        extra = {"layers": layers} if layers is not None else {}
        return json.dumps({"summary": counts, **extra,
                           "findings": [asdict(f) for f in findings]},
                          indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        lines = ["# b12ms-kg QC report", "", total, "", "| severity | rule | subject | message |",
                 "| --- | --- | --- | --- |"]
        lines += [f"| {f.severity} | {f.rule} | {f.subject} | {f.message.replace('|', '/')} |"
                  for f in findings]
        return "\n".join(lines) + "\n"
    if fmt == "ttl":
        graph = Graph()
        graph.bind("sh", SH)
        graph.bind("b12ms", str(B12MS))
        report = URIRef(str(B12MS) + "qc/report")
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(counts["ERROR"] == 0)))
        severity = {v: k for k, v in _SH_SEVERITY.items()}
        for number, f in enumerate(findings, start=1):
            node = URIRef(f"{B12MS}qc/result/{number}")
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.resultSeverity, severity[f.severity]))
            graph.add((node, SH.resultMessage, Literal(f.message)))
            graph.add((node, B12MS.rule, Literal(f.rule)))
            focus = expand_curie(f.subject)
            graph.add((node, SH.focusNode, focus if focus is not None else Literal(f.subject)))
        return graph.serialize(format="turtle")
    if fmt != "text":
        raise ValueError(fmt)
    width = max([len(f.rule) for f in findings] + [4])
    lines = [f"{f.severity:<5}  {f.rule:<{width}}  {f.subject}  {f.message}" for f in findings]
    return "\n".join(lines + [total]) + "\n"
