"""Every RDF file we write is read by strict parsers we did not write: serd (``serdi``)
and Raptor (``rapper``), as a user's pipeline would meet them. No warning, no error, the
same triples as we wrote.

scripts/test.sh installs Debian's ``serdi`` and ``raptor2-utils`` and sets
KG_REQUIRE_STRICT_PARSERS, so in CI these tests run; elsewhere they are skipped when
the tools are missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.export import FORMATS, serialize
from kg.stores import new_dataset

#: our format -> (serdi's syntax name or None, rapper's syntax name or None)
SYNTAXES = {"turtle": ("turtle", "turtle"), "xml": (None, "rdfxml"),
            "nt": ("ntriples", "ntriples"), "trig": ("trig", "trig"),
            "nquads": ("nquads", "nquads")}


@pytest.fixture(scope="module")
def tools():
    missing = [t for t in ("serdi", "rapper") if shutil.which(t) is None]
    if missing:
        if os.environ.get("KG_REQUIRE_STRICT_PARSERS"):
            pytest.fail(f"{', '.join(missing)} required (scripts/test.sh installs serdi and "
                        "raptor2-utils)")
        pytest.skip(f"{', '.join(missing)} not installed (scripts/test.sh installs them)")


def _serdi(path, syntax: str) -> subprocess.CompletedProcess:
    out = "nquads" if syntax in ("trig", "nquads") else "ntriples"
    return subprocess.run(["serdi", "-i", syntax, "-o", out, str(path)],
                          capture_output=True, text=True, timeout=120)


def _rapper(path, syntax: str) -> subprocess.CompletedProcess:
    out = "nquads" if syntax in ("trig", "nquads") else "ntriples"
    return subprocess.run(["rapper", "-q", "-i", syntax, "-o", out, str(path)],
                          capture_output=True, text=True, timeout=120)


def _ours(data: bytes, fmt: str):
    """What we wrote, as rdflib reads it: a Dataset for quad formats, else a Graph."""
    if FORMATS[fmt].keeps_layers:
        ds = new_dataset()
        ds.parse(data=data, format=fmt)
        return ds
    return Graph().parse(data=data, format=fmt)


@pytest.mark.parametrize("fmt", sorted(SYNTAXES))
def test_strict_parsers_read_every_export_without_a_warning(tools, dataset, tmp_path, fmt):
    data = serialize(dataset, fmt, ("article", "background"))
    path = tmp_path / f"release{FORMATS[fmt].extension}"
    path.write_bytes(data)
    ours = _ours(data, fmt)
    expected = len(ours) if not FORMATS[fmt].keeps_layers else sum(
        len(g) for g in ours.graphs())
    serd_syntax, raptor_syntax = SYNTAXES[fmt]
    for name, run, syntax in (("serdi", _serdi, serd_syntax), ("rapper", _rapper, raptor_syntax)):
        if syntax is None:
            continue
        done = run(path, syntax)
        assert done.returncode == 0 and not done.stderr.strip(), f"{name}: {done.stderr[:500]}"
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        assert len(lines) == expected, name
        if not FORMATS[fmt].keeps_layers:
            # the triples themselves, blank nodes included, through an N-Triples round trip
            theirs = Graph().parse(data="\n".join(lines), format="nt")
            assert isomorphic(theirs, ours), name
        else:  # layer by layer
            theirs = new_dataset()
            theirs.parse(data="\n".join(lines), format="nquads")
            graphs = {g.identifier: g for g in ours.graphs() if len(g)}
            assert sorted(g.identifier for g in theirs.graphs() if len(g)) == sorted(graphs)
            for identifier, graph in graphs.items():
                assert isomorphic(theirs.graph(identifier), graph), (name, identifier)


def test_the_strict_parsers_are_not_blind(tools, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "unterminated .\n',
                      encoding="utf-8")
    assert _serdi(broken, "turtle").returncode != 0
    done = _rapper(broken, "turtle")
    assert done.returncode != 0 or done.stderr.strip()
