"""Commands that build, export and document the graph: build, export, kgx, docs."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import (
    cli,
    emit,
    graph_options,
    note,
    open_source,
    output_option,
    split_layers,
    steps,
    verbose_option,
)
from kg.errors import InputError
from kg.formats import FORMATS, get_format


@cli.command()
@click.option("-o", "--output", "out_dir", default="out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for release files.")
@click.option("--reason/--no-reason", default=True, show_default=True,
              help="Check consistency with HermiT (needs Java).")
@verbose_option
def build(out_dir: Path, reason: bool, verbose: bool) -> None:
    """Build the graph, check it, write the release files and print a summary.

    On a terminal, a step that takes more than a second shows a spinner; --verbose
    prints each step's time on stderr.
    """
    from kg.release import build_release

    timed = steps(verbose)
    summary = build_release(out_dir, reason=reason, step=timed.step)
    click.echo("\n".join(summary.lines()))
    if verbose:
        click.echo(f"  total {timed.total():.2f} s", err=True)


@cli.command()
@click.option("-f", "--format", "fmt", default="turtle", show_default=True,
              help="Output format: " + ", ".join(
                  f"{name} ({', '.join(f.aliases)})" if f.aliases else name
                  for name, f in FORMATS.items())
              + ". " + " and ".join(n for n, f in FORMATS.items() if f.keeps_layers)
              + " keep each layer as its own named graph.")
@graph_options
@output_option
def export(fmt: str, layers: str | None, claims_files: tuple[Path, ...],
           store_path: Path | None, endpoint: str | None, timeout: float,
           output: Path | None) -> None:
    """Export the graph: the ontology and the chosen layers (stdout by default)."""
    from kg.export import serialize_source

    get_format(fmt)  # fail on a bad format before any work
    source = open_source(layers, claims_files, store_path, endpoint, timeout)
    emit(serialize_source(source, fmt), output)
    left_out = source.left_out() if store_path or endpoint else None
    if left_out:  # (the built-in graph's inferred layer is asked for by name, as documented)
        note(f"note: not exported from the store: {left_out}")


@cli.command("kgx")
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for nodes.tsv, edges.tsv and graph.kgx.json.")
@graph_options
def kgx_command(out_dir: Path, layers: str | None, claims_files: tuple[Path, ...],
                store_path: Path | None, endpoint: str | None, timeout: float) -> None:
    """Export KGX (Biolink) nodes.tsv, edges.tsv and graph.kgx.json into a folder."""
    from kg.files import write_atomic
    from kg.kgx import kgx_json, kgx_records, kgx_tsv

    source = open_source(layers, claims_files, store_path, endpoint, timeout)
    records = kgx_records(source)
    files = {**kgx_tsv(records=records), "graph.kgx.json": kgx_json(records=records)}
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_atomic(out_dir / name, data)
        click.echo(f"wrote {out_dir / name}")


@cli.command()
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for ontology.html, claims.md and the mechanism pictures.")
@click.option("--claims", "claims_files", multiple=True, metavar="FILE.yaml",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Also list the claims of this file (repeatable).")
@click.option("--layers", default=None,
              help="Comma-separated layers whose claims to list (default: article, "
                   "background and the --claims files).")
def docs(out_dir: Path, claims_files: tuple[Path, ...], layers: str | None) -> None:
    """Write ontology.html (pyLODE: each class's definition, synonyms, mappings and place
    in the hierarchy, with the mechanism figure), mechanism.svg, mechanism.html and
    claims.md, a review page for curators: per claim the sentence, the reading in words,
    context, certainty, offsets and curation note. The folder works offline."""
    from kg.build import build_dataset
    from kg.docs import claims_markdown, documentation_graph, ontology_html, select_claims
    from kg.draw import draw_html, draw_static, make_drawing
    from kg.export import canonical_graph
    from kg.files import write_atomic
    from kg.network import to_networkx

    claims, retired = select_claims(split_layers(layers), claims_files)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(out_dir), f"cannot create output folder: {exc.strerror}") from None
    tbox = canonical_graph(build_dataset(layers=()).graphs())
    full = build_dataset()
    drawing = make_drawing(to_networkx(full))
    write_atomic(out_dir / "mechanism.svg", draw_static(drawing, "svg"))
    write_atomic(out_dir / "mechanism.html", draw_html(drawing))
    write_atomic(out_dir / "ontology.html", ontology_html(
        documentation_graph(tbox, full, figure="mechanism.svg")).encode("utf-8"))
    write_atomic(out_dir / "claims.md", claims_markdown(claims, retired=retired).encode("utf-8"))
    note(f"wrote {out_dir / 'ontology.html'}, {out_dir / 'claims.md'}, "
         f"{out_dir / 'mechanism.svg'} and {out_dir / 'mechanism.html'}")
