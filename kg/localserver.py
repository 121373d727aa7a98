"""Local SPARQL endpoints on free loopback ports: ``oxigraph serve``, and Debian's
Virtuoso 7 (``virtuoso-opensource``) with a private database and a user for updates.

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
from dataclasses import dataclass
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


VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its query URL, its Digest-authenticated URL (queries and
    updates), and the user and password allowed to update."""

    url: str
    auth_url: str
    user: str
    password: str

    def environment(self) -> dict[str, str]:
        """The variables that make the toolkit update through the authenticated URL."""
        return {"B12MS_KG_USER": self.user, "B12MS_KG_PASSWORD": self.password,
                "B12MS_KG_AUTH_SCHEME": "digest", "B12MS_KG_UPDATE_URL": self.auth_url}


def _virtuoso_ini(folder: Path, isql_port: int, http_port: int) -> Path:
    """Debian's virtuoso.ini with the database files in ``folder`` and the given ports."""
    import re

    if not VIRTUOSO_INI.is_file():
        raise KGError(f"{VIRTUOSO_INI} is missing (apt-get install virtuoso-opensource)")
    text = VIRTUOSO_INI.read_text(encoding="utf-8")
    text = text.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    text = re.sub(r"(\[Parameters\][^\[]*?\nServerPort\s*=\s*)\d+", rf"\g<1>{isql_port}", text)
    text = re.sub(r"(\[HTTPServer\][^\[]*?\nServerPort\s*=\s*)\d+", rf"\g<1>{http_port}", text)
    ini = folder / "virtuoso.ini"
    ini.write_text(text, encoding="utf-8")
    return ini


@contextlib.contextmanager
def virtuoso_server(folder: str | Path, *, user: str = "kgwriter",
                    password: str = "kg-local-only", wait: float = 60.0) -> Iterator[Virtuoso]:
    """Debian's Virtuoso 7 with a new database in ``folder`` (loopback, free ports), a
    user who may update (through ``/sparql-auth``, HTTP Digest), stopped by PID after the
    ``with`` block."""
    import requests

    binary = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt")
    if binary is None or isql is None:
        raise KGError("Virtuoso is missing (apt-get install virtuoso-opensource)")
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    isql_port, http_port = free_port(), free_port()
    ini = _virtuoso_ini(folder, isql_port, http_port)
    process = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                requests.post(url, data={"query": "ASK {}"}, timeout=2).raise_for_status()
                break
            except requests.RequestException:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise KGError(f"Virtuoso did not start on port {http_port}") from None
                time.sleep(0.3)
        # the new database's administrator is dba/dba, on loopback only
        grant = (f"DB.DBA.USER_CREATE('{user}', '{password}'); "
                 f"GRANT SPARQL_UPDATE TO \"{user}\"; GRANT SPARQL_SELECT TO \"{user}\";")
        subprocess.run([isql, str(isql_port), "dba", "dba", f"exec={grant}"], check=True,
                       capture_output=True, timeout=60)
        yield Virtuoso(url, f"http://127.0.0.1:{http_port}/sparql-auth", user, password)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


__all__ = ["Virtuoso", "free_port", "oxigraph_server", "server_binary", "start_oxigraph",
           "virtuoso_server"]
