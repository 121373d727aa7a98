"""The few exception types the CLI maps to exit codes.

Every error a user can cause with bad input is a :class:`KGError`; the CLI prints
its message on one line and exits with :attr:`KGError.exit_code` (2 for bad input, 1 for a
failed check, 3 for a server that failed), never a traceback.

    >>> str(InputError("queries/x.rq", "unknown query", line=3))
    'queries/x.rq:3: unknown query'
"""

from __future__ import annotations


class KGError(Exception):
    """Base class for errors caused by the user's input (exit code 2)."""

    exit_code = 2


class InputError(KGError):
    """Bad input, located in a file (and line, when known)."""

    def __init__(self, where: str | None, message: str, line: int | None = None):
        self.where = where
        self.line = line
        self.message = message
        location = where or ""
        if where and line is not None:
            location = f"{where}:{line}"
        super().__init__(f"{location}: {message}" if location else message)


class ServerError(KGError):
    """A server the toolkit talks to failed: unreachable, a timeout, refused credentials,
    or an HTTP 5xx answer (exit code 3: not the user's input, not a failed check)."""

    exit_code = 3


class CheckError(KGError):
    """The graph failed a build-time check (provenance, declarations, consistency)."""

    exit_code = 1
