"""Commands that analyse the mechanism network: paths, shared, compare, intervene, draw."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import (
    Choice,
    LazyChoice,
    cli,
    emit,
    graph_options,
    kinds_of,
    note,
    open_source,
    output_option,
)

#: the report formats (kg.report.PATH_FORMATS), read when a command checks its --format
PATH_FORMATS = LazyChoice("kg.report", "PATH_FORMATS")


def mechanism_options(function=None, *, formats=PATH_FORMATS):  # noqa: ANN001, ANN201
    """``--max-length``, ``--include-structural``, ``-f`` and the graph options."""
    if function is None:
        return lambda f: mechanism_options(f, formats=formats)
    function = click.option("--max-length", default=6, show_default=True, type=click.IntRange(1),
                            help="Longest path, in steps.")(function)
    function = click.option("--include-structural", is_flag=True,
                            help="Also follow structural edges (surrounds, has participant, ...).")(
        function)
    function = click.option("-f", "--format", "fmt", default="text", show_default=True,
                            type=formats if isinstance(formats, click.ParamType)
                            else Choice(list(formats)))(function)
    return graph_options(output_option(function))


def _network(layers: str | None, claims_files: tuple[Path, ...], store_path: Path | None,
             endpoint: str | None, timeout: float):  # noqa: ANN202
    from kg.network import to_networkx

    return to_networkx(open_source(layers, claims_files, store_path, endpoint, timeout))


def _local(layers: str | None, claims_files: tuple[Path, ...], store_path: Path | None,
           endpoint: str | None, timeout: float, include_structural: bool):  # noqa: ANN202
    """For a store (--store, --endpoint): the part of the network an analysis reads
    (kg.localnet); None for the built-in graph, which is read whole (it is small)."""
    if not (store_path or endpoint):
        return None
    from kg.localnet import LocalNetwork

    return LocalNetwork(open_source(layers, claims_files, store_path, endpoint, timeout),
                        kinds=kinds_of(include_structural))


@cli.command()
@click.argument("source")
@click.argument("target")
@click.option("--max-paths", default=20, show_default=True, type=click.IntRange(1),
              help="Most paths to report.")
@click.option("--time-limit", default=30.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Stop searching after this many seconds (report the paths found).")
@mechanism_options
def paths(source: str, target: str, max_length: int, max_paths: int, time_limit: float,
          include_structural: bool, fmt: str, layers: str | None,
          claims_files: tuple[Path, ...], store_path: Path | None, endpoint: str | None,
          timeout: float, output: Path | None) -> None:
    """Mechanism paths from SOURCE to TARGET (labels, synonyms, CURIEs or IRIs).

    Each path shows its net effect (each relation's sign, promotes + or impairs -, is
    multiplied along it) and every step's sentences, certainty and context. A one-step
    path is an edge a source states; a longer one is derived by the toolkit, with the
    weakest certainty of its premises, and a cross-context hypothesis when it joins claims
    stated in different contexts.
    """
    from kg.pathindex import PathIndex
    from kg.report import render_paths

    # only the topology of the followed edges is read; claims only for the paths found
    index = PathIndex(open_source(layers, claims_files, store_path, endpoint, timeout),
                      kinds=kinds_of(include_structural))
    found = index.find_paths(source, target, max_length=max_length, max_paths=max_paths,
                             time_limit=time_limit)
    names = [index.label(x) for x in (source, target)]
    why = None
    if not found:
        from kg.nopaths import why_no_paths

        structural = None if include_structural else PathIndex(
            index.store, kinds=kinds_of(True))
        options = _repeated_options(layers, claims_files, store_path, endpoint,
                                    include_structural)
        why = why_no_paths(index, source, target, max_length=max_length, options=options,
                           structural_index=structural)
    emit(render_paths(found, *names, fmt=fmt, why=why), output)


def _repeated_options(layers: str | None, claims_files: tuple[Path, ...],
                      store_path: Path | None, endpoint: str | None,
                      include_structural: bool) -> list[str]:
    """The options that choose the graph, to repeat in a suggested command."""
    options = ["--layers", layers] if layers else []
    for path in claims_files:
        options += ["--claims", str(path)]
    options += ["--store", str(store_path)] if store_path else []
    options += ["--endpoint", endpoint] if endpoint else []
    return options + (["--include-structural"] if include_structural else [])


@cli.command()
@click.argument("a", default="vitamin B12 deficiency")
@click.argument("b", default="multiple sclerosis")
@mechanism_options(formats=("text", "json"))
def shared(a: str, b: str, max_length: int, include_structural: bool, fmt: str,
           layers: str | None, claims_files: tuple[Path, ...], store_path: Path | None,
           endpoint: str | None, timeout: float, output: Path | None) -> None:
    """Mechanism nodes that A and B both lead to, with the evidence for each."""
    from kg.names import resolve_node
    from kg.paths import shared_mechanisms
    from kg.report import render_shared

    local = _local(layers, claims_files, store_path, endpoint, timeout, include_structural)
    if local is None:
        g = _network(layers, claims_files, store_path, endpoint, timeout)
    else:
        g, (a, b) = local.around([a, b], max_length=max_length), local.nodes(a, b)
    found = shared_mechanisms(g, a, b, max_length=max_length, kinds=kinds_of(include_structural))
    names = [g.nodes[resolve_node(g, x)]["label"] for x in (a, b)]
    emit(render_shared(found, *names, fmt=fmt), output)


@cli.command()
@click.argument("a", default="vitamin B12 deficiency")
@click.argument("b", default="multiple sclerosis")
@mechanism_options
def compare(a: str, b: str, max_length: int, include_structural: bool, fmt: str,
            layers: str | None, claims_files: tuple[Path, ...], store_path: Path | None,
            endpoint: str | None, timeout: float, output: Path | None) -> None:
    """Compare the mechanisms of A and B: shared and unique nodes, overlap, convergence point.

    Shared nodes are ranked by bridging: the share of the shortest connections between
    A and B (in their causal span without shortcut edges) that pass through the node.
    What the ranking finds is said in plain words, with how each side reaches the node.
    """
    from kg.mechanism import compare as compare_conditions
    from kg.report import render_comparison

    local = _local(layers, claims_files, store_path, endpoint, timeout, include_structural)
    if local is None:
        g = _network(layers, claims_files, store_path, endpoint, timeout)
    else:
        g, (a, b) = local.around([a, b], max_length=max_length), local.nodes(a, b)
    result = compare_conditions(g, a, b, max_length=max_length,
                                kinds=kinds_of(include_structural))
    emit(render_comparison(result, fmt), output)


@cli.command()
@click.option("--restore", required=True, metavar="ENTITY",
              help="What to restore, e.g. \"vitamin B12\": the effects of its deficiency are "
                   "removed.")
@click.option("--condition", "conditions", multiple=True, metavar="ENTITY",
              help="Condition whose symptom paths to check (repeatable; default: the deficiency "
                   "and the conditions the graph associates with it).")
@click.option("--max-paths", default=20, show_default=True, type=click.IntRange(1),
              help="Most paths per condition and symptom.")
@mechanism_options
def intervene(restore: str, conditions: tuple[str, ...], max_paths: int, max_length: int,
              include_structural: bool, fmt: str, layers: str | None,
              claims_files: tuple[Path, ...], store_path: Path | None, endpoint: str | None,
              timeout: float, output: Path | None) -> None:
    """What if ENTITY is restored: which symptom paths are cut, which remain.

    Cut and remaining paths are derived by the toolkit (status, premise claims, weakest
    premise certainty; a cross-context hypothesis when they join claims stated in
    different contexts). What the sources claim a correcting intervention does is
    listed as stated, with its own certainty ("hypothesis" for the article's "could
    potentially"), never as a predicted effect.
    """
    from kg.mechanism import intervene as what_if
    from kg.report import render_intervention

    local = _local(layers, claims_files, store_path, endpoint, timeout, include_structural)
    if local is None:
        g = _network(layers, claims_files, store_path, endpoint, timeout)
    else:
        g = local.for_intervention(restore, conditions or None, max_length=max_length)
        restore, conditions = local.nodes(restore)[0], tuple(local.nodes(*conditions))
    result = what_if(g, restore, conditions or None, max_length=max_length, max_paths=max_paths,
                     kinds=kinds_of(include_structural))
    emit(render_intervention(result, fmt), output)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Picture to write: .svg or .png (static diagram) or .html (interactive).")
@click.option("-f", "--format", "fmt", type=LazyChoice("kg.draw", "DRAW_FORMATS"),
              help="Picture format (default: from the file extension).")
@click.option("--condition", metavar="ENTITY",
              help="Draw one condition and what it leads to.")
@click.option("--from", "source", metavar="ENTITY",
              help="With --to: draw only the paths from ENTITY (as `paths` finds them).")
@click.option("--to", "target", metavar="ENTITY", help="End of the paths drawn with --from.")
@click.option("--compare", nargs=2, metavar="A B",
              help="Draw two conditions and what they lead to; shared nodes in bold.")
@click.option("--all-edges", is_flag=True,
              help="Also draw the summary edges a longer chain implies (left out by default "
                   "and listed in the caption).")
@click.option("--stats", is_flag=True,
              help="Print the drawing's measures: edge crossings, edges through a foreign "
                   "node, arrowheads off target, overlapping labels.")
@click.option("--max-length", default=6, show_default=True, type=click.IntRange(1),
              help="Steps drawn from each condition (--condition, --compare), or the "
                   "longest path drawn (--from/--to).")
@click.option("--max-paths", default=20, show_default=True, type=click.IntRange(1),
              help="Most paths drawn with --from/--to.")
@click.option("--include-structural", is_flag=True,
              help="Also draw structural edges (surrounds, has participant, ...).")
@graph_options
def draw(output: Path | None, fmt: str | None, condition: str | None, source: str | None,
         target: str | None, compare: tuple[str, str] | None, all_edges: bool, stats: bool,
         max_length: int, max_paths: int, include_structural: bool, layers: str | None,
         claims_files: tuple[Path, ...], store_path: Path | None, endpoint: str | None,
         timeout: float) -> None:
    """Draw the mechanism left to right, cause -> mechanism -> symptom (laid out by
    Graphviz dot).

    By default the article's story, without the summary edges a longer chain of drawn
    edges implies (they are listed in the caption); or one --condition, the paths
    --from A --to B, or --compare A B. Edges are coloured by certainty (derived edges
    and cross-context hypotheses hollow, in colours of their own, with --layers
    ...,inferred) and styled by sign; the HTML page shows each edge's sentences,
    certainty, context and source on hover and works offline.
    """
    from kg.draw import draw_html, draw_static, make_drawing, picture_format
    from kg.errors import InputError
    from kg.files import write_atomic

    if (source is None) != (target is None):
        raise InputError(None, "--from and --to go together")
    if output is None and not stats:
        raise InputError(None, "nothing to do: give -o FILE, --stats or both")
    picture = picture_format(output, fmt) if output is not None else None
    starts = [condition] if condition else [source, target] if source else list(compare or ())
    local = starts and _local(layers, claims_files, store_path, endpoint, timeout,
                              include_structural)
    if not local:  # the built-in graph, or the whole story: the whole network
        g = _network(layers, claims_files, store_path, endpoint, timeout)
    else:  # a view within max_length steps of its starts: only that part is read
        g = local.around(starts, max_length=max_length)
    drawing = make_drawing(g, kinds_of(include_structural), condition=condition,
                           path=(source, target) if source else None, compare=compare,
                           reduce=not all_edges, max_length=max_length, max_paths=max_paths)
    if output is not None:
        write_atomic(output, draw_html(drawing) if picture == "html"
                     else draw_static(drawing, picture))
        note(f"wrote {output}")
    if stats:
        click.echo("\n".join(drawing.stats().lines()))
