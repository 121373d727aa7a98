"""Limits on files other people hand over: how large they may be, and which folders a
claims file may read its source texts from.

The limits are set once per run (the command line's ``--max-claims-mb``,
``--max-source-mb``, ``--max-query-kb`` and ``--sources-folder`` options) and read
wherever such a file is opened, so a file over its limit is refused before it is
parsed, with one line that names the option that raises the limit.

    >>> LIMITS.max_claims_bytes // MB
    5
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "big.yaml")
    ...     _ = path.write_text("x" * 2000)
    ...     try:
    ...         read_bounded(path, 1000, "claims file", "--max-claims-mb")
    ...     except InputError as exc:
    ...         print(exc.message)
    claims file is larger than 1000 bytes (0.000954 MB), the limit; raise it with 'b12ms-kg --max-claims-mb N COMMAND ...'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError

KB = 1024
MB = 1024 * 1024


@dataclass
class Limits:
    """The limits of this run (defaults documented in SECURITY.md)."""

    max_claims_bytes: int = 5 * MB  # one claims (YAML) file
    max_source_bytes: int = 20 * MB  # one source's text (text_file or inline)
    max_query_bytes: int = 256 * KB  # one .rq file
    #: folders (besides each claims file's own) that a text_file may lie in
    sources_folders: list[Path] = field(default_factory=list)


LIMITS = Limits()


def _size(limit: int) -> str:
    return f"{limit} bytes ({limit / MB:.3g} MB)"


def read_bounded(path: Path, limit: int, what: str, option: str) -> str:
    """The UTF-8 text of ``path``, refused (InputError) if it is larger than ``limit``
    bytes. At most ``limit + 1`` bytes are read, so a device or a growing file cannot
    exhaust memory either."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), f"is a folder, not a {what}") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot read") from None
    if len(data) > limit:
        raise InputError(str(path), f"{what} is larger than {_size(limit)}, the limit; "
                         f"raise it with 'b12ms-kg {option} N COMMAND ...'")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None


def contained(path: Path, folders: list[Path]) -> bool:
    """True if ``path``, with every symbolic link resolved, lies inside one of ``folders``.

    >>> contained(Path("/tmp/a/../b.txt"), [Path("/tmp/a")])
    False
    """
    real = path.resolve()
    return any(real.is_relative_to(folder.resolve()) for folder in folders)


__all__ = ["KB", "LIMITS", "MB", "Limits", "contained", "read_bounded"]
