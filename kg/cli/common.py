"""What every command shares: the command group with its input limits, the options that
choose a graph source, output to stdout or an atomic file.

Exit codes: 0 success; 1 the graph failed a check; 2 bad input (unknown query, entity,
layer or format, malformed file, a file over a limit). Errors are one line on stderr;
``--debug`` shows the traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import click

from kg import __version__
from kg.errors import InputError

#: the core layers the built-in graph is made of, and those read when none are named
CORE_LAYERS = ("article", "background", "inferred")
BUILT_DEFAULT = ("article", "background")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="b12ms-kg")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors (before or after the "
              "command name).")
@click.option("-q", "--quiet", is_flag=True, help="Print no progress or notes on stderr, only "
              "errors (before or after the command name).")
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
def cli(debug: bool, quiet: bool, max_claims_mb: float, max_source_mb: float, max_query_kb: float,
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
    SETTINGS["quiet"] = quiet


#: the global options commands read (set by the group)
SETTINGS = {"quiet": False}

#: options of the group that may also be given after the command name
GLOBAL_FLAGS = ("--debug", "--quiet", "-q")


def hoist_global_flags(args: list[str]) -> list[str]:
    """Move the global flags given after the command name before it, so that
    ``b12ms-kg paths A B --debug`` means ``b12ms-kg --debug paths A B`` (nothing after
    ``--`` is moved).

    >>> hoist_global_flags(["paths", "a", "b", "--debug"])
    ['--debug', 'paths', 'a', 'b']
    """
    end = args.index("--") if "--" in args else len(args)
    flags = [a for a in args[:end] if a in GLOBAL_FLAGS]
    rest = [a for a in args[:end] if a not in GLOBAL_FLAGS]
    return [*flags, *rest, *args[end:]]


def steps(verbose: bool):  # noqa: ANN201
    """The :class:`kg.steps.Steps` of a long command: a spinner on a terminal for a step
    over a second (not with --quiet), each step's time on stderr with ``verbose``."""
    from kg.steps import Steps

    return Steps(progress=sys.stderr.isatty() and not SETTINGS["quiet"],
                 report=(lambda line: click.echo(f"  step {line}", err=True)) if verbose
                 else None)


verbose_option = click.option("-v", "--verbose", is_flag=True,
                              help="Print each step's time on stderr.")


def note(message: str) -> None:
    """A note or progress line on stderr, unless ``--quiet``."""
    if not SETTINGS["quiet"]:
        click.echo(message, err=True)


class Choice(click.Choice):
    """A ``click.Choice`` that ignores case and suggests the close choice on a typo
    (``-f JSON`` is ``json``; ``-f jsn``: "did you mean 'json'?").

    >>> Choice(["text", "json"]).convert("JSON", None, None)
    'json'
    """

    def __init__(self, choices, case_sensitive: bool = False) -> None:  # noqa: ANN001
        super().__init__(list(choices), case_sensitive=case_sensitive)

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            from kg.suggest import did_you_mean

            hint = did_you_mean(str(value), self.choices)
            self.fail(f"'{value}' is not one of {', '.join(self.choices)}"
                      + (f": {hint}" if hint else ""), param, ctx)


class LazyChoice(Choice):
    """A :class:`Choice` (any case, suggestions) whose names come from a registry imported
    on first use (to check
    a value or show a command's help), so that starting the CLI does not import the
    module behind every command's ``--format``.

    >>> choice = LazyChoice("kg.report", "PATH_FORMATS")
    >>> choice.convert("md", None, None), list(choice.choices)
    ('md', ['text', 'json', 'md'])
    """

    def __init__(self, module: str, attribute: str):
        self._registry, self._choices = (module, attribute), None
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        if self._choices is None:
            from importlib import import_module

            module, attribute = self._registry
            self._choices = tuple(getattr(import_module(module), attribute))
        return self._choices

    @choices.setter
    def choices(self, value) -> None:  # noqa: ANN001 - click's __init__ sets the empty tuple
        pass


def emit(text: str | bytes, output: Path | None) -> None:
    """Write to ``output`` atomically, or to stdout."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        from kg.files import write_atomic

        write_atomic(output, data)


def split_layers(value: str | None) -> list[str] | None:
    """``"article, my-review"`` -> ``["article", "my-review"]`` (None if not given)."""
    if value is None:
        return None
    names = [part.strip() for part in value.split(",") if part.strip()]
    return names or None


def params_of(values: tuple[str, ...]) -> dict[str, str]:
    """``NAME=VALUE`` options as a dict."""
    params = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise InputError(None, f"--param '{value}' must look like NAME=VALUE")
        params[name.strip()] = text
    return params


LAYERS_HELP = ("Comma-separated layers (named graphs) to read besides the ontology: article, "
               "background, inferred (reasoner output) or any added claims graph. Default: "
               "article and background (with the --claims files) for the built-in graph; "
               "every claims layer in a store.")


def graph_options(function=None, *, layers_help: str = LAYERS_HELP):  # noqa: ANN001, ANN201
    """``--layers``, ``--claims``, ``--store``, ``--endpoint`` and ``--timeout``, for every
    command that reads the graph."""
    if function is None:
        return lambda f: graph_options(f, layers_help=layers_help)
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
    return click.option("--layers", default=None, help=layers_help)(function)


output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                             help="Write to this file (atomically) instead of stdout.")


def open_source(layers: str | None, claims_files: Iterable[Path] = (),
                store_path: Path | None = None, endpoint: str | None = None,
                timeout: float = 60.0, *, built_default: Iterable[str] = BUILT_DEFAULT):
    """The graph source the options name: a store with its layers, or the graph built
    from the packaged sources (the core layers asked for, plus the --claims files)."""
    from kg.namespaces import layer_name
    from kg.stores import GraphSource, open_store
    from kg.stores.base import named_graph_iris

    names = split_layers(layers)
    store = open_store(store=store_path, endpoint=endpoint, timeout=timeout)
    claims_files = tuple(claims_files)
    if store is not None:
        if claims_files:
            raise InputError(None, "--claims works with the built-in graph; to use it with a "
                             "store, merge it with 'add-claims' (--store, or -o FILE and "
                             "'load') and name its layer with --layers")
        return GraphSource(store, names)
    from kg.prebuilt import prebuilt_store  # (hashlib: not needed for a store)

    core = [n for n in (names if names is not None else built_default) if n in CORE_LAYERS]
    store = None if claims_files else prebuilt_store(core)
    if store is None:  # (the claims model, YAML: needed only to build)
        from kg.build import build_dataset
        from kg.stores import RdflibStore

        store = RdflibStore(build_dataset(layers=core, claims_files=claims_files))
    added = [name for name in map(layer_name, named_graph_iris(store))
             if name not in (*CORE_LAYERS, "ontology")]
    unknown = [n for n in names or () if n not in CORE_LAYERS and n not in added]
    if unknown:
        from kg.suggest import unknown_layer

        raise InputError(None, unknown_layer(unknown[0], [*CORE_LAYERS, *added]))
    chosen = list(names if names is not None else built_default) + added
    return GraphSource(store, list(dict.fromkeys(chosen)))


def kinds_of(include_structural: bool) -> tuple[str, ...]:
    return ("causal", "structural") if include_structural else ("causal",)


__all__ = ["BUILT_DEFAULT", "CORE_LAYERS", "SETTINGS", "Choice", "LazyChoice", "cli", "emit",
           "hoist_global_flags", "note", "steps", "verbose_option", "graph_options", "kinds_of",
           "open_source", "output_option", "params_of", "split_layers"]
