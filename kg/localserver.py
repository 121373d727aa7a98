"""A local SPARQL endpoint: ``oxigraph serve`` on a free loopback port.

For trying the endpoint back end on one machine, and for the tests and benchmarks that
check it against a real server. The server binary comes with the ``oxigraph`` package
on PyPI (installed with the ``test`` extra: ``pip install 'b12ms-kg[test]'``).

    >>> import tempfile
    >>> from kg.stores import EndpointStore
    >>> with tempfile.TemporaryDirectory() as folder, oxigraph_server(folder) as url:
    ...     EndpointStore(url).select("ASK {}", {}).boolean
    True
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KGError


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_binary() -> str:
    """The ``oxigraph`` command beside this Python, or on the PATH."""
    binary = Path(sys.executable).parent / "oxigraph"
    found = str(binary) if binary.exists() else shutil.which("oxigraph")
    if found is None:
        raise KGError("the 'oxigraph' server command is missing (pip install oxigraph)")
    return found


def start_oxigraph(folder: str | Path, port: int, *, wait: float = 30.0) -> subprocess.Popen:
    """Start ``oxigraph serve`` on 127.0.0.1:``port`` with its data in ``folder`` (the
    default graph is the union of the named graphs, as the toolkit expects), and wait
    until it answers; stop it with ``terminate()``."""
    import requests

    process = subprocess.Popen([server_binary(), "serve", "--location", str(folder), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + wait
    while True:
        try:
            requests.get(f"http://127.0.0.1:{port}/query", params={"query": "ASK {}"},
                         timeout=1).raise_for_status()
            return process
        except requests.RequestException:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                process.wait(timeout=10)
                raise KGError(f"oxigraph serve did not start on port {port}") from None
            time.sleep(0.2)


@contextlib.contextmanager
def oxigraph_server(folder: str | Path, port: int | None = None) -> Iterator[str]:
    """``oxigraph serve`` for the duration of a ``with`` block; yields its query URL."""
    port = port or free_port()
    process = start_oxigraph(folder, port)
    try:
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.terminate()
        process.wait(timeout=30)


__all__ = ["free_port", "oxigraph_server", "server_binary", "start_oxigraph"]
