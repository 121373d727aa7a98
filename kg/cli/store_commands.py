"""Commands that change a store or merge claims: load, add-claims."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import BUILT_DEFAULT, Choice, cli, emit, note, output_option, split_layers
from kg.errors import InputError
from kg.formats import ALIASES, FORMATS


@cli.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
              help="Embedded Oxigraph store folder (created if missing).")
@click.option("--endpoint", help="SPARQL 1.1 endpoint; loads go to its update URL "
              "(.../update next to .../query), with SPARQL Update.")
@click.option("--graph", "graph_iri", help="Named graph for triple formats (N-Quads and "
              "TriG keep their own graphs).")
@click.option("--append", is_flag=True, help="Add to the graphs the file fills instead of "
              "replacing them (by default, loading a file again gives what loading it once "
              "gives).")
@click.option("--timeout", default=600.0, show_default=True, type=click.FloatRange(min=0.1))
@click.option("--bulk", is_flag=True, help="Oxigraph's bulk loader (the path 'oxigraph load' "
              "takes): parses and sorts the file on all cores and writes the store's files "
              "directly; as fast as the Rust command, and 4x faster than the default with "
              "half to two thirds of its memory at 1M-2M triples "
              "(benchmarks/results/engine.md). Still all or nothing per file; readers see "
              "the file only when it is complete.")
@click.option("--lenient", is_flag=True, help="Skip Oxigraph's validation of IRIs and "
              "literals while parsing (from nothing to 40% less time in the benchmarks); only "
              "for files you trust to be valid RDF. With --store only.")
def load(files: tuple[Path, ...], store_path: Path | None, endpoint: str | None,
         graph_iri: str | None, append: bool, timeout: float, bulk: bool,
         lenient: bool) -> None:
    """Load RDF files (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD) into a store.

    The graphs a file fills (its named graphs; for a triple format, --graph or the
    default graph) replace those in the store, unless --append. A file that fails to
    parse leaves the store as it was, in both modes. The default loads each file in one
    ordinary transaction: the whole file is held in memory and written through the
    store's write path, several times slower than --bulk on large files (for a file of
    a few thousand triples, the two take the same time).
    """
    from kg.loading import check_files
    from kg.stores import open_store

    if bool(store_path) == bool(endpoint):
        raise InputError(None, "give exactly one of --store PATH or --endpoint URL")
    if lenient and endpoint:
        raise InputError(None, "--lenient applies to --store only (an endpoint load is "
                         "validated in full before anything is sent)")
    check_files(files, graph_iri)
    new_folder = store_path is not None and not store_path.exists()
    store = open_store(store=store_path, endpoint=endpoint, read_only=False, timeout=timeout)
    try:
        loaded, seconds = _load_with_progress(store, files, graph_iri, bulk=bulk,
                                              lenient=lenient, append=append)
    except BaseException as exc:
        if new_folder:  # a failed load into a new store leaves no folder behind
            del store
            _remove_folder(store_path, exc)
        raise
    total = sum(d.triples for d in loaded)
    click.echo(f"loaded {total} triples from {len(files)} file(s) in {seconds:.2f} s "
               f"({total / max(seconds, 1e-9):,.0f} triples/s) into {store_path or endpoint}")


def _remove_folder(path: Path, exc: BaseException) -> None:
    """Delete the folder of a store whose last reference is gone (the failed load's frames
    too, so that the store closes first)."""
    import gc
    import shutil
    import traceback

    traceback.clear_frames(exc.__traceback__)
    gc.collect()
    shutil.rmtree(path, ignore_errors=True)


def _load_with_progress(store, files: tuple[Path, ...], graph_iri: str | None,  # noqa: ANN001
                        **options) -> tuple[list, float]:  # noqa: ANN003
    """Load the files with a progress bar (on a terminal) and a line per file; the
    files loaded and the seconds taken."""
    import time

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.loading import load_files

    started = time.perf_counter()
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
               "{task.total} files"), TimeElapsedColumn())
    with Progress(*columns, transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("loading", total=len(files))

        def report(done) -> None:  # noqa: ANN001
            note(f"loaded {done.triples} triples from {done.path} in {done.seconds:.2f} s "
                 f"({done.rate:,.0f} triples/s)")
            progress.advance(task)

        loaded = load_files(store, files, graph_iri, on_file=report, **options)
    return loaded, time.perf_counter() - started


@cli.command("add-claims")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("-f", "--format", "fmt", default="trig", show_default=True,
              type=Choice([alias for alias, name in ALIASES.items() if FORMATS[name].keeps_layers]),
              help="Dataset format of the merged graph: " + ", ".join(
                  f"{name} ({', '.join(f.aliases)})" if f.aliases else name
                  for name, f in FORMATS.items() if f.keeps_layers) + ".")
@click.option("--layers", default=",".join(BUILT_DEFAULT), show_default=True,
              help="Core layers to merge the new claims with.")
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
              help="Add the new graphs to this embedded Oxigraph store instead of writing.")
@click.option("--endpoint", help="Add the new graphs to this SPARQL endpoint instead.")
@output_option
def add_claims_command(files: tuple[Path, ...], fmt: str, layers: str,
                       store_path: Path | None, endpoint: str | None,
                       output: Path | None) -> None:
    """Validate claims FILES and merge each, as its own named graph, into the graph.

    Writes the merged dataset (every layer in its own named graph) to stdout or
    -o FILE, or adds the new named graphs to a store (--store / --endpoint), replacing
    graphs of the same names. Any error in any file stops everything: nothing is written
    or added.
    """
    from kg.build import build_dataset, claims_graphs
    from kg.cli.common import CORE_LAYERS
    from kg.export import serialize
    from kg.namespaces import layer_iri
    from kg.stores import open_store

    new, claims = claims_graphs(files)
    if store_path or endpoint:
        store = open_store(store=store_path, endpoint=endpoint, read_only=False)
        for graph in sorted({c.graph for c in claims}):  # replace, as 'load' does
            store.update(f"DROP SILENT GRAPH <{layer_iri(graph)}>")
        store.load_dataset(new)
    else:
        names = split_layers(layers) or []
        unknown = [n for n in names if n not in CORE_LAYERS]
        if unknown:
            from kg.suggest import unknown_layer

            raise InputError(None, unknown_layer(unknown[0], CORE_LAYERS, "core layers"))
        ds = build_dataset(layers=names, claims_files=files)
        emit(serialize(ds, fmt, [*names, *sorted({c.graph for c in claims})]), output)
    for graph in sorted({c.graph for c in claims}):
        count = sum(1 for c in claims if c.graph == graph)
        note(f"added {count} claim(s) as graph <{layer_iri(graph)}>")
