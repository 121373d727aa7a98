"""Commands that check the graph and explain it: validate, reason, explain."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import (
    Choice,
    LazyChoice,
    cli,
    emit,
    graph_options,
    open_source,
    output_option,
    steps,
    verbose_option,
)

VALIDATE_DEFAULT = ("article", "background", "inferred")


@cli.command()
@click.option("-f", "--format", "fmt", default="text", show_default=True,
              type=LazyChoice("kg.validate", "REPORT_FORMATS"))
@click.option("--reason/--no-reason", default=True, show_default=True,
              help="Also run HermiT (consistency, unsatisfiable classes; needs Java).")
@graph_options(layers_help="Comma-separated layers to validate besides the ontology "
               "(default: article, background, inferred and the --claims files for the "
               "built-in graph; every claims layer in a store). Other graphs of a store "
               "are not read.")
@output_option
@verbose_option
def validate(fmt: str, reason: bool, layers: str | None, claims_files: tuple[Path, ...],
             store_path: Path | None, endpoint: str | None, timeout: float,
             output: Path | None, verbose: bool) -> None:
    """QC report: SHACL shapes, sentence offsets, declarations, HermiT, curation hints.

    Exit code 0 when there is no ERROR, 1 when there is one, 2 on bad input. On a
    terminal, a step that takes more than a second shows a spinner; --verbose prints
    each step's time on stderr.
    """
    from kg.build import load_claim_files
    from kg.claims import load_claims
    from kg.validate import render_report, summary, validate_dataset

    timed = steps(verbose)
    with timed.step("read the graph (with the reasoner's entailments)"):
        source = open_source(layers, claims_files, store_path, endpoint, timeout,
                             built_default=VALIDATE_DEFAULT)
        claims = (load_claims() + load_claims(packaged="background")
                  + load_claim_files(claims_files))
        dataset = source.dataset()
    findings = validate_dataset(dataset, {c.source for c in claims}, reason=reason,
                                step=timed.step)
    emit(render_report(findings, fmt, source.layers), output)
    if verbose:
        click.echo(f"  total {timed.total():.2f} s", err=True)
    if summary(findings)["ERROR"]:
        raise SystemExit(1)


@cli.command()
@click.option("-f", "--format", "fmt", default="text", show_default=True,
              type=Choice(["text", "json"]))
@graph_options
def reason(fmt: str, layers: str | None, claims_files: tuple[Path, ...],
           store_path: Path | None, endpoint: str | None, timeout: float) -> None:
    """Run HermiT: consistency, unsatisfiable classes and the inferred class hierarchy."""
    import json

    from rdflib.namespace import RDFS

    from kg.export import merged_graph
    from kg.reason import check_consistency, render_hierarchy

    ds = open_source(layers, claims_files, store_path, endpoint, timeout).dataset()
    # (HermiT's answers do not depend on blank node labels: no canonical ones needed)
    report = check_consistency(merged_graph(ds.graphs()))
    labels = {str(s): str(o) for s, o in ds.subject_objects(RDFS.label)}
    if fmt == "json":
        click.echo(json.dumps({"reasoner": report.reasoner, "consistent": report.consistent,
                               "unsatisfiable": report.unsatisfiable,
                               "hierarchy": report.hierarchy}, indent=2, sort_keys=True))
    else:
        click.echo(f"{report.reasoner}: {'consistent' if report.consistent else 'INCONSISTENT'}")
        click.echo(f"unsatisfiable classes: {len(report.unsatisfiable)}")
        for iri in report.unsatisfiable:
            click.echo(f"  {labels.get(iri, iri)} ({iri})")
        if report.consistent:
            click.echo("inferred class hierarchy:")
            for line in render_hierarchy(report, labels):
                click.echo("  " + line)
    if not report.coherent:
        raise SystemExit(1)


@cli.command()
@click.argument("subject")
@click.argument("predicate")
@click.argument("object_")
@click.option("-f", "--format", "fmt", default="text", show_default=True,
              type=Choice(["text", "json"]))
@graph_options
def explain(subject: str, predicate: str, object_: str, fmt: str, layers: str | None,
            claims_files: tuple[Path, ...], store_path: Path | None, endpoint: str | None,
            timeout: float) -> None:
    """Why does SUBJECT PREDICATE OBJECT hold? The stated claims and the rules behind it.

    A derived edge is shown with its rule, its status (derived, or cross-context
    hypothesis) and the weakest certainty of its premises, never a certainty of its own.
    Exit code 1 if the edge is neither stated nor follows from the graph.
    """
    import json

    from rdflib.namespace import RDFS

    from kg.infer import explain as explain_edge
    from kg.lookup import resolve_in_store
    from kg.prebuilt import prebuilt_closure
    from kg.report import render_derivation

    source = open_source(layers, claims_files, store_path, endpoint, timeout)
    terms = [resolve_in_store(source, subject, where="subject"),
             RDFS.subClassOf if predicate.casefold() in ("subclass of", "rdfs:subclassof", "is a")
             else resolve_in_store(source, predicate, where="predicate", what="predicate"),
             resolve_in_store(source, object_, where="object")]
    ds = source.dataset()
    derivation = explain_edge(ds, *terms, closure=prebuilt_closure(source))
    if derivation is None:
        import shlex

        click.echo(f"not entailed: {subject} {predicate} {object_}")
        click.echo("  no claim states it and no rule of the reasoner (subproperties, inverses, "
                   "transitive relations, the property chains) derives it from the claims; "
                   "to see what does connect them, try:\n    "
                   + shlex.join(["b12ms-kg", "paths", subject, object_]))
        raise SystemExit(1)
    if fmt == "json":
        click.echo(json.dumps(derivation.as_dict(), indent=2, ensure_ascii=False))
    else:
        labels = {s: str(o) for s, o in ds.subject_objects(RDFS.label)}
        click.echo("\n".join(render_derivation(derivation, labels)))
