"""The ``b12ms-kg`` command line: a thin layer over the Python API, one module per
group of commands. Choices (formats, report formats) come from the library's registries.

Exit codes: 0 success; 1 the graph failed a check; 2 bad input (unknown query, entity,
layer or format, malformed file, a file over a limit, memory or nesting exhausted by an
input). Errors are one line on stderr; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import errno
import os
import sys
import warnings

import click

from kg.cli import (  # noqa: F401 - each module registers its commands
    curation_commands,
    listing_commands,
    mechanism_commands,
    quality_commands,
    query_commands,
    release_commands,
    store_commands,
)
from kg.cli.common import cli, hoist_global_flags
from kg.errors import KGError


def _print_traceback() -> None:
    import traceback

    traceback.print_exc()


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning errors into one line on stderr and an exit code."""
    args = hoist_global_flags(list(sys.argv[1:] if argv is None else argv))
    debug = "--debug" in args
    if not debug:  # rdflib's notes on odd literals it reads or writes as they are
        warnings.filterwarnings("ignore", category=UserWarning, module=r"rdflib\.")
    try:
        cli.main(args=args, prog_name="b12ms-kg", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        click.echo("error: aborted", err=True)
        return 1
    except click.ClickException as exc:
        if debug:
            _print_traceback()
        click.echo(f"error: {exc.format_message()}", err=True)
        return exc.exit_code
    except KGError as exc:
        if debug:
            _print_traceback()
        lines = str(exc).splitlines() or [""]
        # one line on stderr; a check failure (exit 1) may list its findings below it
        click.echo(f"error: {lines[0] if exc.exit_code == 2 else str(exc)}", err=True)
        return exc.exit_code
    except SystemExit as exc:
        if isinstance(sys.stdout, click.utils.PacifyFlushWrapper):
            return 0  # click's exit after the reader stopped early (``| head``): not an error
        return exc.code if isinstance(exc.code, int) else 1
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # the reader stopped early (``| head``): not an error
            # nothing more can reach the closed pipe, not even the flush at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        if debug:
            _print_traceback()
        click.echo(f"error: cannot write the output: {exc.strerror or exc}", err=True)
        return 1
    except (MemoryError, RecursionError) as exc:
        if debug:
            _print_traceback()
        what = "out of memory" if isinstance(exc, MemoryError) else "input nested too deeply"
        click.echo(f"error: {what} (an input may be too large or too deeply nested; the "
                   "limits are in SECURITY.md)", err=True)
        return 2
    return 0


__all__ = ["cli", "main"]
