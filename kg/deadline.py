"""A watchdog for the command line: stop a run that takes longer than ``--timeout``.

Query engines (rdflib's Python loop, Oxigraph's Rust code, a remote server) cannot all be
interrupted from Python, so the watchdog ends the whole process: it removes any
temporary output file still open, prints one line and exits with code 2.

    >>> with deadline(5, "query"):
    ...     pass
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator

_temporary_files: set[str] = set()


def track_temporary(path: str) -> None:
    """Remember a temporary file to remove if the deadline passes."""
    _temporary_files.add(path)


def forget_temporary(path: str) -> None:
    _temporary_files.discard(path)


def _expire(seconds: float, what: str) -> None:
    for path in list(_temporary_files):
        with contextlib.suppress(OSError):
            os.unlink(path)
    sys.stdout.flush()
    sys.stderr.write(f"error: {what} took longer than {seconds:g} s (raise --timeout)\n")
    sys.stderr.flush()
    os._exit(2)


@contextlib.contextmanager
def deadline(seconds: float | None, what: str) -> Iterator[None]:
    """Run the block; if it is still running after ``seconds``, end the process."""
    if not seconds:
        yield
        return
    timer = threading.Timer(seconds, _expire, args=(seconds, what))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
