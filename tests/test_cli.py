"""The command line: the main job works; bad input gives one line on stderr and exit code 2."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import FIXTURES, release_store, run_cli
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF


def test_build_writes_release_files_and_summary(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "-o", str(out))
    assert result.returncode == 0, result.stderr
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert names == ["b12ms-kg.graphml", "b12ms-kg.jsonld", "b12ms-kg.kgx.json", "b12ms-kg.owl",
                     "b12ms-kg.trig", "b12ms-kg.ttl", "kgx/edges.tsv", "kgx/nodes.tsv",
                     "mechanism.html", "mechanism.png", "mechanism.svg"]
    assert len(Graph().parse(out / "b12ms-kg.ttl")) > 1000
    text = result.stdout.decode()
    assert "58 claims from 2 source(s) in layers article, background" in text
    assert ("claims by certainty (layers article, background): asserted 47, hypothesis 7, "
            "open 4") in text
    assert "HermiT (owlready2): consistent, 0 unsatisfiable classes" in text
    assert "  validate (layers article, background, inferred): 0 error(s), " in text
    classes = {c for c in Graph().parse(out / "b12ms-kg.ttl").subjects(RDF.type, OWL.Class)
               if isinstance(c, URIRef)}
    assert f"  classes {len(classes)}, " in text  # named classes only, not the oneOf ones
    assert "statements " in text and "triples " not in text
    for symptom in ("fatigue", "muscle weakness", "coordination problems", "cognitive impairment"):
        # the article names these symptoms for MS only
        assert f"    vitamin B12 deficiency -> {symptom}: none" in text
        assert (f"    multiple sclerosis -> {symptom}: 2 path(s); multiple sclerosis -> "
                f"{symptom} [stated, certainty asserted; in multiple sclerosis]") in text


def test_validate_command_on_the_shipped_graph():
    result = run_cli("validate", "--no-reason")
    assert result.returncode == 0, result.stdout
    last = result.stdout.decode().strip().splitlines()[-1]
    assert last.startswith("0 error(s), ")


@pytest.mark.parametrize("args,message", [
    (["query", "no_such_query"], "error: unknown query 'no_such_query'"),
    (["query", "{tmp}/bad.rq"], "error: {tmp}/bad.rq:2: SPARQL syntax error"),
    (["query", "{tmp}/update.rq"], "error: {tmp}/update.rq: this is a SPARQL Update"),
    (["query", "{tmp}/missing.rq"], "error: {tmp}/missing.rq: no such file"),
    (["query", "{tmp}/empty.rq"], "error: {tmp}/empty.rq: empty query"),
    (["query", "{tmp}/binary.rq"], "error: {tmp}/binary.rq: not UTF-8 text"),
    (["query", "list_symptoms", "--format", "xlsx"], "error: Invalid value for '-f'"),
    (["query", "list_symptoms", "--param", "disease"], "error: --param 'disease' must look like"),
    (["query", "list_symptoms", "--param", "disease=scurvy"], "error: --param disease: unknown"),
    (["export", "--format", "docx"], "error: unknown format 'docx'"),
    (["export", "--layers", "gossip"], "error: unknown layer 'gossip'"),
    (["paths", "vitamin B12 deficiency", "scurvy"], "error: unknown entity 'scurvy'"),
    (["paths", "fatigue"], "error: Missing argument 'TARGET'"),
    (["frobnicate"], "error: No such command 'frobnicate'"),
])
def test_bad_input_gives_one_line_error_and_exit_2(tmp_path, args, message):
    (tmp_path / "bad.rq").write_text("PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
                                     "SELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    (tmp_path / "update.rq").write_text("DELETE WHERE { ?s ?p ?o }\n", encoding="utf-8")
    (tmp_path / "empty.rq").write_text("# nothing but a comment\n", encoding="utf-8")
    (tmp_path / "binary.rq").write_bytes(bytes(range(256)))
    result = run_cli(*[a.format(tmp=tmp_path) for a in args], cwd=tmp_path)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert stderr.startswith(message.format(tmp=tmp_path)), stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr
    assert result.stdout == b""


def test_debug_shows_the_traceback():
    result = run_cli("--debug", "query", "no_such_query")
    assert result.returncode == 2
    assert "Traceback" in result.stderr.decode()


def test_export_help_names_every_format():
    from kg.export import FORMATS
    help_text = "".join(run_cli("export", "--help").stdout.decode().split())
    for name in FORMATS:
        assert name in help_text


#: modules only some commands need: starting the CLI must not import them
HEAVY = ("matplotlib", "owlready2", "pyshacl", "pyoxigraph", "networkx", "pyvis", "pylode",
         "owlrl", "curies", "pydantic")


def _imported_after(code: str) -> list[str]:
    """The heavy modules a fresh Python has imported after running ``code``."""
    script = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, cwd=FIXTURES,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode().splitlines()[-1].split()


def test_starting_the_cli_imports_no_heavy_module():
    assert _imported_after("import kg.cli") == []
    assert _imported_after("from kg.cli import main; main(['--help'])") == []


def test_a_query_on_a_store_imports_only_what_it_uses(tmp_path):
    """An ad-hoc query (no CURIE to expand) on a store needs rdflib and pyoxigraph only."""
    store = release_store(tmp_path)
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    used = _imported_after(f"from kg.cli import main\n"
                           f"main(['query', {str(query)!r}, '--store', {str(store)!r}, "
                           f"'-f', 'csv'])")
    assert used == ["pyoxigraph"]


def test_a_reader_that_stops_early_is_not_an_error():
    """``b12ms-kg export -f nt | head -1``: the closed pipe ends the command quietly, exit 0."""
    import subprocess
    import sys

    for args in (["export", "-f", "nt"], ["query", "list_claims", "-f", "json"]):
        process = subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        assert process.stdout.read(10)
        process.stdout.close()  # the reader is gone; the rest goes nowhere
        stderr = process.stderr.read()
        assert process.wait(timeout=300) == 0, stderr
        assert stderr == b"", stderr
