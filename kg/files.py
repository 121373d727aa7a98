"""Files written atomically: through a temporary file in the target folder and a rename,
so a reader never sees a half-written file and a failed write leaves none behind.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_atomic(pathlib.Path(folder, "x.txt"), b"hello")
    ...     pathlib.Path(folder, "x.txt").read_bytes()
    b'hello'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from kg.deadline import forget_temporary, track_temporary
from kg.errors import InputError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic_chunks(path: str | Path, chunks: Iterable[bytes]) -> None:
    """Like :func:`write_atomic`, but for output produced piece by piece (streamed)."""

    def write(handle: BinaryIO) -> None:
        for chunk in chunks:
            handle.write(chunk)

    write_atomic_with(path, write)


def write_atomic_with(path: str | Path, write: Callable[[BinaryIO], None]) -> None:
    """Like :func:`write_atomic`, for a writer that writes into a binary file itself
    (an engine's results writer, say): ``write(handle)``; if it fails, no file is left.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_atomic_with(pathlib.Path(folder, "x.txt"), lambda h: h.write(b"hi"))
    ...     pathlib.Path(folder, "x.txt").read_bytes()
    b'hi'
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(str(path), "output folder does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    track_temporary(tmp)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    finally:
        forget_temporary(tmp)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader never sees a half-written file, and a failed write leaves no file behind.
    """
    write_atomic_chunks(path, [data])


__all__ = ["write_atomic", "write_atomic_chunks"]
