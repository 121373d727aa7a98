"""Start-up of ``b12ms-kg query NAME --store S -f csv|tsv|json`` (issue #22): the command
imports no rdflib (a library query, its default parameters, a CURIE or ``<IRI>`` given
with ``-p``), and writes the bytes it writes with rdflib imported."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from conftest import FIXTURES, release_store

from kg.query import list_queries, write_query
from kg.stores import GraphSource, OxigraphStore

FORMATS = ("csv", "tsv", "json")
#: parameters given as a CURIE and as an <IRI> (the defaults are CURIEs too)
GIVEN = {
    "find_required_for": ["entity=b12ms:VitaminB12"],
    "list_symptoms": ["disease=<https://w3id.org/b12ms-kg/MultipleSclerosis>"],
    "list_claims": ["certaintyLevel=b12ms:Hypothesis"],
}

#: runs each command through kg.cli.main in one fresh interpreter, and reports its
#: output, its exit code and whether rdflib was imported by then
_RUNNER = """
import io, json, sys
from kg.cli import main

reports = []
for args in json.loads(sys.argv[1]):
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    sys.stdout = out
    code = main(args)
    out.flush()
    sys.stdout = sys.__stdout__
    reports.append({"code": code, "output": out.buffer.getvalue().decode("utf-8"),
                    "rdflib": "rdflib" in sys.modules})
print(json.dumps(reports))
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return release_store(tmp_path_factory.mktemp("startup"))


def _commands(store) -> list[tuple[str, dict[str, str], list[str]]]:
    """(query, parameters, command line) for every library query with its defaults, and
    with the parameters of GIVEN, in every format."""
    runs = []
    for query in list_queries():
        for params in ([], *([p] for p in GIVEN.get(query.name, []))):
            for fmt in FORMATS:
                args = ["query", query.name, "--store", str(store), "-f", fmt]
                for param in params:
                    args += ["-p", param]
                runs.append((query.name, dict(p.split("=", 1) for p in params), args))
    return runs


def test_a_query_on_a_store_imports_no_rdflib_and_writes_the_same_bytes(store):
    runs = _commands(store)
    result = subprocess.run([sys.executable, "-c", _RUNNER, json.dumps([a for *_, a in runs])],
                            capture_output=True, cwd=FIXTURES, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    reports = json.loads(result.stdout)
    source = GraphSource(OxigraphStore(store, read_only=True))
    for (name, params, args), report in zip(runs, reports, strict=True):
        assert report["code"] == 0, args
        assert not report["rdflib"], f"{' '.join(args)} imported rdflib"
        expected = io.BytesIO()  # (this process has rdflib imported)
        write_query(source, name, params, args[args.index("-f") + 1], expected)
        assert report["output"] == expected.getvalue().decode("utf-8"), args
        rows = report["output"].count("\n") > 1 or '"bindings":[{' in report["output"]
        assert rows, args  # not only a header
