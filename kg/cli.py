"""The ``b12ms-kg`` command line: a thin layer over the Python API.

Exit codes: 0 success; 1 the graph failed a check; 2 bad input (unknown query,
entity or format, malformed file). Errors are one line on stderr; ``--debug``
shows the traceback.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from kg import __version__
from kg.errors import InputError, KGError

LAYER_NAMES = ("article", "background", "inferred")
DEFAULT_LAYERS = "article,background"


def _emit(text: str | bytes, output: Path | None) -> None:
    """Write to ``output`` atomically, or to stdout."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        from kg.export import write_atomic

        write_atomic(output, data)


def _layers(value: str) -> tuple[str, ...]:
    layers = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [layer for layer in layers if layer not in LAYER_NAMES]
    if unknown:
        raise InputError(None, f"unknown layer '{unknown[0]}' (layers: {', '.join(LAYER_NAMES)})")
    return layers


def _loaded_layers(ds) -> tuple[str, ...]:  # noqa: ANN001
    from kg.namespaces import layer_name

    return tuple(sorted(layer_name(g.identifier) for g in ds.graphs() if len(g)))


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise InputError(None, f"--param '{value}' must look like NAME=VALUE")
        params[name.strip()] = text
    return params


def graph_options(function):  # noqa: ANN001, ANN201
    """``--layers``, ``--claims``, ``--store``, ``--endpoint`` and ``--timeout``, for every
    command that reads the graph."""
    function = click.option(
        "--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
        help="Read the graph from this embedded Oxigraph store (see 'load').")(function)
    function = click.option(
        "--endpoint", help="Read the graph from this SPARQL 1.1 query endpoint URL "
        "(Authorization header from $B12MS_KG_AUTH, if set).")(function)
    function = click.option(
        "--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0.1),
        help="Seconds a query may run, on any back end (the endpoint's reply, too); "
             "longer runs stop with exit code 2.")(function)
    function = click.option(
        "--claims", "claims_files", multiple=True, metavar="FILE.yaml",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Also load this claims file, as its own named graph (repeatable).")(function)
    return click.option(
        "--layers", default=DEFAULT_LAYERS, show_default=True,
        help="Comma-separated core layers to load besides the ontology (article, background)."
    )(function)


def _source(layers: str, claims_files: tuple[Path, ...], store_path: Path | None,
            endpoint: str | None, timeout: float):  # noqa: ANN202
    """The graph to read: a store the options name, else the graph built from the sources."""
    from kg.build import build_dataset
    from kg.stores import open_store

    store = open_store(store=store_path, endpoint=endpoint, timeout=timeout)
    if store is None:
        return build_dataset(layers=_layers(layers), claims_files=claims_files)
    if claims_files:
        raise InputError(None, "--claims works with the built-in graph; to use it with a "
                         "store, merge it with 'add-claims -o FILE' and 'load' that file")
    _layers(layers)
    return store


def _dataset(layers: str, claims_files: tuple[Path, ...], store_path: Path | None = None,
             endpoint: str | None = None, timeout: float = 60.0):  # noqa: ANN202
    """Like _source, but always an rdflib Dataset (for rdflib-bound tools)."""
    source = _source(layers, claims_files, store_path, endpoint, timeout)
    return source.dataset() if hasattr(source, "dataset") else source


output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                             help="Write to this file (atomically) instead of stdout.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="b12ms-kg")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.option("--max-claims-mb", default=5.0, show_default=True,
              type=click.FloatRange(min=0.001),
              help="Largest claims file (YAML) read; a larger one is refused.")
@click.option("--max-source-mb", default=20.0, show_default=True,
              type=click.FloatRange(min=0.001),
              help="Largest source text (a claims file's text_file or inline text) read.")
@click.option("--max-query-kb", default=256.0, show_default=True,
              type=click.FloatRange(min=1),
              help="Largest .rq query file read.")
@click.option("--sources-folder", "sources_folders", multiple=True, metavar="DIR",
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A folder (besides each claims file's own) that a claims file's "
                   "text_file may name (repeatable). Without it, text_file must stay inside "
                   "the claims file's folder.")
def cli(debug: bool, max_claims_mb: float, max_source_mb: float, max_query_kb: float,
        sources_folders: tuple[Path, ...]) -> None:
    """Vitamin B12 deficiency / multiple sclerosis knowledge graph toolkit.

    Files received from others (claims files, their source texts, .rq queries) are
    read within the limits set here; see SECURITY.md.
    """
    from kg.limits import KB, LIMITS, MB

    LIMITS.max_claims_bytes = int(max_claims_mb * MB)
    LIMITS.max_source_bytes = int(max_source_mb * MB)
    LIMITS.max_query_bytes = int(max_query_kb * KB)
    LIMITS.sources_folders = list(sources_folders)


@cli.command()
@click.option("-o", "--output", "out_dir", default="out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for release files.")
@click.option("--reason/--no-reason", default=True, show_default=True,
              help="Check consistency with HermiT (needs Java).")
def build(out_dir: Path, reason: bool) -> None:
    """Build the graph, check it, write the release files and print a summary."""
    from kg.release import build_release

    summary = build_release(out_dir, reason=reason)
    click.echo("\n".join(summary.lines()))


@cli.command()
@click.option("-f", "--format", "fmt", default="turtle", show_default=True,
              help="turtle, xml, nt, json-ld, trig, nquads, graphml or kgx-json (aliases: ttl, "
                   "owl, ntriples, jsonld, nq, kgx).")
@graph_options
@output_option
def export(fmt: str, layers: str, claims_files: tuple[Path, ...], store_path: Path | None,
           endpoint: str | None, timeout: float, output: Path | None) -> None:
    """Export the graph (stdout by default)."""
    from kg.export import get_format, serialize

    get_format(fmt)  # fail on a bad format before any work
    ds = _dataset(layers, claims_files, store_path, endpoint, timeout)
    _emit(serialize(ds, fmt, _loaded_layers(ds)), output)


@cli.command("kgx")
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for nodes.tsv, edges.tsv and graph.kgx.json.")
@graph_options
def kgx_command(out_dir: Path, layers: str, claims_files: tuple[Path, ...],
                store_path: Path | None, endpoint: str | None, timeout: float) -> None:
    """Export KGX (Biolink) nodes.tsv, edges.tsv and graph.kgx.json into a folder."""
    from kg.export import write_atomic
    from kg.kgx import kgx_json, kgx_tsv

    ds = _dataset(layers, claims_files, store_path, endpoint, timeout)
    files = {**kgx_tsv(ds), "graph.kgx.json": kgx_json(ds)}
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_atomic(out_dir / name, data)
        click.echo(f"wrote {out_dir / name}")


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
              type=click.Choice(["table", "csv", "tsv", "json"]))
@click.option("--allow-update", is_flag=True,
              help="Run a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP) against --store or "
                   "--endpoint. Refused without this flag.")
@graph_options
@output_option
def query(name_or_file: str, params: tuple[str, ...], fmt: str, allow_update: bool, layers: str,
          claims_files: tuple[Path, ...], store_path: Path | None, endpoint: str | None,
          timeout: float, output: Path | None) -> None:
    """Run a library query by NAME, or an ad-hoc FILE.rq.

    On a store or endpoint the query sees every named graph in it (--layers does not
    filter; use GRAPH in the query to select layers). A query that does not finish
    within --timeout seconds is stopped (exit code 2), on every back end, so a query
    file from someone else cannot run forever; .rq files over --max-query-kb are refused.
    """
    from kg.query import is_update, iter_result, load_query, run_query

    loaded = load_query(name_or_file)
    if allow_update and is_update(loaded.text):
        _run_update(loaded, params, store_path, endpoint, timeout)
        return
    from kg.deadline import deadline

    source = _source(layers, claims_files, store_path, endpoint, timeout)
    with deadline(timeout, f"query {loaded.name}"):
        result = run_query(source, loaded, _params(params), stream=fmt != "table")
        chunks = (chunk.encode("utf-8") for chunk in iter_result(result, fmt))
        if output is None:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
        else:
            from kg.export import write_atomic_chunks

            write_atomic_chunks(output, chunks)


def _run_update(loaded, params: tuple[str, ...], store_path: Path | None,  # noqa: ANN001
                endpoint: str | None, timeout: float) -> None:
    """Apply a SPARQL Update to a store (only with --allow-update)."""
    from kg.stores import EndpointStore, OxigraphStore

    if params:
        raise InputError(loaded.where, "--param is not supported for SPARQL Update")
    if not (store_path or endpoint):
        raise InputError(loaded.where, "an update needs a store to change: give --store PATH "
                         "or --endpoint URL (the built-in graph is rebuilt on every run)")
    if store_path and not store_path.exists():
        raise InputError(str(store_path), "no Oxigraph store here")
    store = OxigraphStore(store_path) if store_path else EndpointStore(endpoint, timeout=timeout)
    store.update(loaded.text)
    click.echo(f"applied update {loaded.where} to {store_path or endpoint}", err=True)


def _mechanism_options(function=None, *, formats=("text", "json", "md")):  # noqa: ANN001, ANN201
    if function is None:
        return lambda f: _mechanism_options(f, formats=formats)
    function = click.option("--max-length", default=6, show_default=True, type=click.IntRange(1),
                            help="Longest path, in steps.")(function)
    function = click.option("--include-structural", is_flag=True,
                            help="Also follow structural edges (surrounds, has participant, ...).")(
        function)
    function = click.option("-f", "--format", "fmt", default="text", show_default=True,
                            type=click.Choice(list(formats)))(function)
    return graph_options(output_option(function))


def _mechanism_graph(layers: str, claims_files: tuple[Path, ...], store_path: Path | None,
                     endpoint: str | None, timeout: float):  # noqa: ANN202
    from kg.network import to_networkx

    return to_networkx(_source(layers, claims_files, store_path, endpoint, timeout),
                       _layers(layers) if (store_path or endpoint) else None)


def _kinds(include_structural: bool) -> tuple[str, ...]:
    return ("causal", "structural") if include_structural else ("causal",)


@cli.command()
@click.argument("source")
@click.argument("target")
@click.option("--max-paths", default=20, show_default=True, type=click.IntRange(1),
              help="Most paths to report.")
@click.option("--time-limit", default=30.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Stop searching after this many seconds (report the paths found).")
@_mechanism_options
def paths(source: str, target: str, max_length: int, max_paths: int, time_limit: float,
          include_structural: bool,
          fmt: str, layers: str, claims_files: tuple[Path, ...], store_path: Path | None,
          endpoint: str | None, timeout: float, output: Path | None) -> None:
    """Mechanism paths from SOURCE to TARGET (labels, synonyms, CURIEs or IRIs).

    Each path shows its net effect (each relation's sign, promotes + or impairs -, is
    multiplied along it), every step's sentences and certainty, and the path's
    certainty: that of its weakest step.
    """
    from kg.pathindex import PathIndex
    from kg.report import render_paths

    # only the topology of the followed edges is read; claims only for the paths found
    index = PathIndex(_source(layers, claims_files, store_path, endpoint, timeout),
                      kinds=_kinds(include_structural),
                      layers=_layers(layers) if (store_path or endpoint) else None)
    found = index.find_paths(source, target, max_length=max_length, max_paths=max_paths,
                             time_limit=time_limit)
    names = [index.label(x) for x in (source, target)]
    _emit(render_paths(found, *names, fmt=fmt), output)


@cli.command()
@click.argument("a", default="vitamin B12 deficiency")
@click.argument("b", default="multiple sclerosis")
@_mechanism_options(formats=("text", "json"))
def shared(a: str, b: str, max_length: int, include_structural: bool, fmt: str, layers: str,
           claims_files: tuple[Path, ...], store_path: Path | None, endpoint: str | None,
           timeout: float, output: Path | None) -> None:
    """Mechanism nodes that A and B both lead to, with the evidence for each."""
    from kg.names import resolve_node
    from kg.paths import shared_mechanisms
    from kg.report import render_shared

    g = _mechanism_graph(layers, claims_files, store_path, endpoint, timeout)
    found = shared_mechanisms(g, a, b, max_length=max_length, kinds=_kinds(include_structural))
    names = [g.nodes[resolve_node(g, x)]["label"] for x in (a, b)]
    _emit(render_shared(found, *names, fmt=fmt), output)


@cli.command()
@click.argument("a", default="vitamin B12 deficiency")
@click.argument("b", default="multiple sclerosis")
@_mechanism_options
def compare(a: str, b: str, max_length: int, include_structural: bool, fmt: str, layers: str,
            claims_files: tuple[Path, ...], store_path: Path | None, endpoint: str | None,
            timeout: float, output: Path | None) -> None:
    """Compare the mechanisms of A and B: shared and unique nodes, overlap, convergence point.

    Shared nodes are ranked by bridging: the share of the shortest connections between
    A and B (in their causal span without shortcut edges) that pass through the node.
    """
    from kg.mechanism import compare as compare_conditions
    from kg.report import render_comparison

    g = _mechanism_graph(layers, claims_files, store_path, endpoint, timeout)
    result = compare_conditions(g, a, b, max_length=max_length, kinds=_kinds(include_structural))
    _emit(render_comparison(result, fmt), output)


@cli.command()
@click.option("--restore", required=True, metavar="ENTITY",
              help="What to restore, e.g. \"vitamin B12\": the effects of its deficiency are "
                   "removed.")
@click.option("--condition", "conditions", multiple=True, metavar="ENTITY",
              help="Condition whose symptom paths to check (repeatable; default: the deficiency "
                   "and the conditions the graph associates with it).")
@click.option("--max-paths", default=20, show_default=True, type=click.IntRange(1),
              help="Most paths per condition and symptom.")
@_mechanism_options
def intervene(restore: str, conditions: tuple[str, ...], max_paths: int, max_length: int,
              include_structural: bool, fmt: str, layers: str, claims_files: tuple[Path, ...],
              store_path: Path | None, endpoint: str | None, timeout: float,
              output: Path | None) -> None:
    """What if ENTITY is restored: which symptom paths are cut, which remain.

    Every conclusion carries the certainty of the claims it rests on; what the sources
    claim a correcting intervention does keeps its own certainty ("hypothesis" for the
    article's "could potentially"), never shown as a predicted effect.
    """
    from kg.mechanism import intervene as what_if
    from kg.report import render_intervention

    g = _mechanism_graph(layers, claims_files, store_path, endpoint, timeout)
    result = what_if(g, restore, conditions or None, max_length=max_length, max_paths=max_paths,
                     kinds=_kinds(include_structural))
    _emit(render_intervention(result, fmt), output)


@cli.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Picture to write: .svg or .png (static diagram) or .html (interactive).")
@click.option("-f", "--format", "fmt", type=click.Choice(["svg", "png", "html"]),
              help="Picture format (default: from the file extension).")
@click.option("--include-structural", is_flag=True,
              help="Also draw structural edges (surrounds, has participant, ...).")
@graph_options
def draw(output: Path, fmt: str | None, include_structural: bool, layers: str,
         claims_files: tuple[Path, ...], store_path: Path | None, endpoint: str | None,
         timeout: float) -> None:
    """Draw the mechanism left to right, cause -> mechanism -> symptom.

    Edges are coloured by certainty and styled by sign; the HTML page shows each
    edge's sentences and certainty on hover and works offline.
    """
    from kg.draw import draw as render
    from kg.export import write_atomic

    g = _mechanism_graph(layers, claims_files, store_path, endpoint, timeout)
    write_atomic(output, render(g, output, fmt, kinds=_kinds(include_structural)))


@cli.command()
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for ontology.html and claims.md.")
@click.option("--claims", "claims_files", multiple=True, metavar="FILE.yaml",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Also list the claims of this file (repeatable).")
def docs(out_dir: Path, claims_files: tuple[Path, ...]) -> None:
    """Write ontology.html (pyLODE) and claims.md, a review page for curators: per claim
    the sentence, the reading in words, context, certainty, offsets and curation note."""
    from kg.build import build_dataset, load_claim_files
    from kg.claims import load_claims, load_retired
    from kg.docs import claims_markdown, ontology_html
    from kg.export import canonical_graph, write_atomic

    claims = load_claims() + load_claims(packaged="background") + load_claim_files(claims_files)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(out_dir), f"cannot create output folder: {exc.strerror}") from None
    ds = build_dataset(layers=())
    write_atomic(out_dir / "ontology.html",
                 ontology_html(canonical_graph(ds.graphs())).encode("utf-8"))
    retired = load_retired() + [r for path in claims_files for r in load_retired(path)]
    write_atomic(out_dir / "claims.md", claims_markdown(claims, retired=retired).encode("utf-8"))
    click.echo(f"wrote {out_dir / 'ontology.html'} and {out_dir / 'claims.md'}", err=True)


@cli.command()
@click.option("-f", "--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "md", "json", "ttl"]))
@click.option("--reason/--no-reason", default=True, show_default=True,
              help="Also run HermiT (consistency, unsatisfiable classes; needs Java).")
@click.option("--layers", default="article,background,inferred", show_default=True,
              help="Layers to validate besides the ontology.")
@click.option("--claims", "claims_files", multiple=True, metavar="FILE.yaml",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Also validate this claims file, as its own named graph (repeatable).")
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
              help="Validate the graph in this embedded Oxigraph store instead.")
@click.option("--endpoint", help="Validate the graph at this SPARQL 1.1 endpoint instead.")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0.1))
@output_option
def validate(fmt: str, reason: bool, layers: str, claims_files: tuple[Path, ...],
             store_path: Path | None, endpoint: str | None, timeout: float,
             output: Path | None) -> None:
    """QC report: SHACL shapes, sentence offsets, declarations, HermiT, curation hints.

    Exit code 0 when there is no ERROR, 1 when there is one, 2 on bad input.
    """
    from kg.build import load_claim_files
    from kg.claims import load_claims
    from kg.validate import render_report, summary, validate_dataset

    ds = _dataset(layers, claims_files, store_path, endpoint, timeout)
    claims = load_claims() + load_claims(packaged="background") + load_claim_files(claims_files)
    findings = validate_dataset(ds, {c.source for c in claims}, reason=reason)
    _emit(render_report(findings, fmt), output)
    if summary(findings)["ERROR"]:
        raise SystemExit(1)


@cli.command()
@click.option("-f", "--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json"]))
@graph_options
def reason(fmt: str, layers: str, claims_files: tuple[Path, ...], store_path: Path | None,
           endpoint: str | None, timeout: float) -> None:
    """Run HermiT: consistency, unsatisfiable classes and the inferred class hierarchy."""
    import json

    from rdflib.namespace import RDFS

    from kg.export import canonical_graph
    from kg.reason import check_consistency, render_hierarchy

    ds = _dataset(layers, claims_files, store_path, endpoint, timeout)
    report = check_consistency(canonical_graph(ds.graphs()))
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
              type=click.Choice(["text", "json"]))
@graph_options
def explain(subject: str, predicate: str, object_: str, fmt: str, layers: str,
            claims_files: tuple[Path, ...], store_path: Path | None, endpoint: str | None,
            timeout: float) -> None:
    """Why does SUBJECT PREDICATE OBJECT hold? The asserted claims and rules behind an edge.

    Exit code 1 if the edge neither is asserted nor follows from the graph.
    """
    import json

    from rdflib.namespace import RDFS

    from kg.infer import explain as explain_edge
    from kg.lookup import resolve_in_store
    from kg.report import render_derivation
    from kg.stores import as_store

    ds = _dataset(layers, claims_files, store_path, endpoint, timeout)
    store = as_store(ds)
    terms = [resolve_in_store(store, subject, where="subject"),
             RDFS.subClassOf if predicate.casefold() in ("subclass of", "rdfs:subclassof", "is a")
             else resolve_in_store(store, predicate, where="predicate"),
             resolve_in_store(store, object_, where="object")]
    derivation = explain_edge(ds, *terms)
    if derivation is None:
        click.echo(f"not entailed: {subject} {predicate} {object_}")
        raise SystemExit(1)
    if fmt == "json":
        click.echo(json.dumps(derivation.as_dict(), indent=2, ensure_ascii=False))
    else:
        labels = {s: str(o) for s, o in ds.subject_objects(RDFS.label)}
        click.echo("\n".join(render_derivation(derivation, labels)))


@cli.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
              help="Embedded Oxigraph store folder (created if missing).")
@click.option("--endpoint", help="SPARQL 1.1 endpoint; loads go to its update URL "
              "(.../update next to .../query), with SPARQL Update INSERT DATA.")
@click.option("--graph", "graph_iri", help="Named graph for triple formats (N-Quads and "
              "TriG keep their own graphs).")
@click.option("--timeout", default=600.0, show_default=True, type=click.FloatRange(min=0.1))
@click.option("--bulk", is_flag=True, help="Oxigraph's bulk loader: several times faster for "
              "large files, but not transactional (a parse error leaves a partial load).")
@click.option("--lenient", is_flag=True, help="Skip Oxigraph's validation of IRIs and "
              "literals while parsing (from nothing to 40% less time in the benchmarks); only "
              "for files you trust "
              "to be valid RDF. With --store only.")
def load(files: tuple[Path, ...], store_path: Path | None, endpoint: str | None,
         graph_iri: str | None, timeout: float, bulk: bool, lenient: bool) -> None:
    """Load RDF files (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD) into a store.

    Each file is loaded in one transaction (unless --bulk): a file that fails to parse
    leaves the store as it was.
    """
    import time

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.lookup import is_valid_iri
    from kg.stores import EndpointStore, OxigraphStore, guess_format

    if bool(store_path) == bool(endpoint):
        raise InputError(None, "give exactly one of --store PATH or --endpoint URL")
    if lenient and endpoint:
        raise InputError(None, "--lenient applies to --store only (an endpoint load is "
                         "validated in full before anything is sent)")
    if graph_iri is not None and not is_valid_iri(graph_iri):
        raise InputError(None, f"--graph '{graph_iri}' is not a valid IRI")
    for path in files:
        if not path.is_file():
            raise InputError(str(path), "no such file")
        guess_format(path)
    store = OxigraphStore(store_path) if store_path else EndpointStore(endpoint, timeout=timeout)
    total, started = 0, time.perf_counter()
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
               "{task.total} files"), TimeElapsedColumn())
    with Progress(*columns, transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("loading", total=len(files))
        for path in files:
            progress.update(task, description=f"loading {path.name}")
            begin = time.perf_counter()
            count = store.load(path, graph_iri, bulk=bulk, lenient=lenient)
            seconds = time.perf_counter() - begin
            total += count
            click.echo(f"loaded {count} triples from {path} in {seconds:.2f} s "
                       f"({count / max(seconds, 1e-9):,.0f} triples/s)", err=True)
            progress.advance(task)
    seconds = time.perf_counter() - started
    click.echo(f"loaded {total} triples from {len(files)} file(s) in {seconds:.2f} s "
               f"({total / max(seconds, 1e-9):,.0f} triples/s) into {store_path or endpoint}")


@cli.command("add-claims")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("-f", "--format", "fmt", default="trig", show_default=True,
              type=click.Choice(["trig", "nquads"]), help="Dataset format of the merged graph.")
@click.option("--layers", default=DEFAULT_LAYERS, show_default=True,
              help="Core layers to merge the new claims with.")
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
              help="Add the new graphs to this embedded Oxigraph store instead of writing.")
@click.option("--endpoint", help="Add the new graphs to this SPARQL endpoint instead.")
@output_option
def add_claims_command(files: tuple[Path, ...], fmt: str, layers: str, store_path: Path | None,
                       endpoint: str | None, output: Path | None) -> None:
    """Validate claims FILES and merge each, as its own named graph, into the graph.

    Writes the merged dataset (every layer in its own named graph) to stdout or
    -o FILE, or adds the new named graphs to a store (--store / --endpoint). Any error
    in any file stops everything: nothing is written or added.
    """
    from kg.build import build_dataset, load_claim_files
    from kg.export import serialize
    from kg.namespaces import layer_iri
    from kg.stores import EndpointStore, OxigraphStore

    claims = load_claim_files(files)
    if store_path or endpoint:
        if store_path and endpoint:
            raise InputError(None, "give --store or --endpoint, not both")
        new = build_dataset(layers=(), claims_files=files)
        for graph in list(new.graphs()):
            if graph.identifier not in {layer_iri(c.graph) for c in claims}:
                new.remove_graph(graph)
        store = OxigraphStore(store_path) if store_path else EndpointStore(endpoint)
        store.load_dataset(new)
    else:
        ds = build_dataset(layers=_layers(layers), claims_files=files)
        _emit(serialize(ds, fmt, _loaded_layers(ds)), output)
    for graph in sorted({c.graph for c in claims}):
        count = sum(1 for c in claims if c.graph == graph)
        click.echo(f"added {count} claim(s) as graph <{layer_iri(graph)}>", err=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning errors into one line on stderr and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="b12ms-kg", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        click.echo("error: aborted", err=True)
        return 1
    except click.ClickException as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"error: {exc.format_message()}", err=True)
        return exc.exit_code
    except KGError as exc:
        if debug:
            traceback.print_exc()
        lines = str(exc).splitlines() or [""]
        # one line on stderr; a check failure (exit 1) may list its findings below it
        click.echo(f"error: {lines[0] if exc.exit_code == 2 else str(exc)}", err=True)
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except BrokenPipeError:
        return 0
    except (MemoryError, RecursionError) as exc:
        if debug:
            traceback.print_exc()
        what = "out of memory" if isinstance(exc, MemoryError) else "input nested too deeply"
        click.echo(f"error: {what} (an input may be too large or too deeply nested; the "
                   "limits are in SECURITY.md)", err=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
