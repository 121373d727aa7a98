"""Commands that list the names a user can type: entities, predicates."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import LazyChoice, cli, emit, graph_options, open_source, output_option

RESULT_FORMATS = LazyChoice("kg.query", "RESULT_FORMATS")


def _emit_result(result, fmt: str, output: Path | None) -> None:  # noqa: ANN001
    from kg.query import iter_result

    emit("".join(iter_result(result, fmt)), output)


@cli.command()
@click.option("--kind", metavar="KIND",
              help="Only entities of this kind (a top-level class: symptom, disease, "
                   "biological process, ...; a word of it is enough when only one has it).")
@click.option("-f", "--format", "fmt", default="table", show_default=True,
              type=RESULT_FORMATS)
@graph_options
@output_option
def entities(kind: str | None, fmt: str, layers: str | None, claims_files: tuple[Path, ...],
             store_path: Path | None, endpoint: str | None, timeout: float,
             output: Path | None) -> None:
    """List every entity (class): label, CURIE, kind, synonyms, mapped identifiers.

    Any of these names an entity in 'paths', 'explain', 'query -p' and the claims files
    (labels and synonyms case-insensitively).
    """
    from kg.listing import list_entities

    source = open_source(layers, claims_files, store_path, endpoint, timeout)
    _emit_result(list_entities(source, kind), fmt, output)


@cli.command()
@click.option("-f", "--format", "fmt", default="table", show_default=True,
              type=RESULT_FORMATS)
@graph_options
@output_option
def predicates(fmt: str, layers: str | None, claims_files: tuple[Path, ...],
               store_path: Path | None, endpoint: str | None, timeout: float,
               output: Path | None) -> None:
    """List every predicate (relation): label, CURIE, kind of edge, sign.

    The kind says how analysis treats an edge (causal edges make mechanism paths;
    structural ones only with --include-structural); the sign is its direction of
    effect (positive promotes, negative impairs, neutral).
    """
    from kg.listing import list_predicates

    source = open_source(layers, claims_files, store_path, endpoint, timeout)
    _emit_result(list_predicates(source), fmt, output)
