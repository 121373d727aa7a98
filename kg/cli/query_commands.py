"""Commands that ask the graph: queries (the library), query."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import (
    LazyChoice,
    cli,
    graph_options,
    note,
    open_source,
    output_option,
    params_of,
)
from kg.errors import InputError


@cli.command("queries")
def list_queries_command() -> None:
    """List the query library: name and title."""
    from kg.query import list_queries

    queries = list_queries()
    width = max(len(q.name) for q in queries)
    for query in queries:
        params = " ".join(f"{p.name}=" + (p.default or "?") for p in query.params)
        click.echo(f"{query.name.ljust(width)}  {query.title}" + (f"  [{params}]" if params else ""))


@cli.command()
@click.argument("name_or_file")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (label, CURIE or IRI for IRI parameters).")
@click.option("-f", "--format", "fmt", default="table", show_default=True,
              type=LazyChoice("kg.query", "RESULT_FORMATS"))
@click.option("--allow-update", is_flag=True,
              help="Run a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP) against --store or "
                   "--endpoint. Refused without this flag.")
@graph_options
@output_option
def query(name_or_file: str, params: tuple[str, ...], fmt: str, allow_update: bool,
          layers: str | None, claims_files: tuple[Path, ...], store_path: Path | None,
          endpoint: str | None, timeout: float, output: Path | None) -> None:
    """Run a library query by NAME, or an ad-hoc FILE.rq.

    CSV, TSV and JSON results from a store (--store, an Oxigraph --endpoint) are written by
    the engine itself as it produces them, so a result of millions of rows is never held
    in memory; the table needs every row first.

    The query sees the ontology and the chosen layers only (--layers; on a store, every
    claims layer by default), on every back end. A query that does not finish within
    --timeout seconds is stopped (exit code 2), on every back end, so a query file from
    someone else cannot run forever; .rq files over --max-query-kb are refused.
    """
    from kg.deadline import deadline
    from kg.query import is_update, load_query, write_query

    loaded = load_query(name_or_file)
    if allow_update and is_update(loaded.text):
        _run_update(loaded, params, store_path, endpoint, timeout)
        return
    source = open_source(layers, claims_files, store_path, endpoint, timeout)
    with deadline(timeout, f"query {loaded.name}"):
        if output is None:
            write_query(source, loaded, params_of(params), fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            from kg.files import write_atomic_with

            write_atomic_with(output, lambda handle: write_query(
                source, loaded, params_of(params), fmt, handle))


def _run_update(loaded, params: tuple[str, ...], store_path: Path | None,  # noqa: ANN001
                endpoint: str | None, timeout: float) -> None:
    """Apply a SPARQL Update to a store (only with --allow-update)."""
    from kg.stores import open_store

    if params:
        raise InputError(loaded.where, "--param is not supported for SPARQL Update")
    if not (store_path or endpoint):
        raise InputError(loaded.where, "an update needs a store to change: give --store PATH "
                         "or --endpoint URL (the built-in graph is rebuilt on every run)")
    if store_path and not store_path.exists():
        raise InputError(str(store_path), "no Oxigraph store here")
    store = open_store(store=store_path, endpoint=endpoint, read_only=False, timeout=timeout)
    store.update(loaded.text)
    note(f"applied update {loaded.where} to {store_path or endpoint}")
