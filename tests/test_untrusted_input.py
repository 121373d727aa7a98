"""Files from other people (claims files, source texts, queries, RDF) read nothing outside
their folder, are parsed within bounds, and fail with one line (issue 18)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

EXAMPLE = (FIXTURES / "example_claims.yaml").read_text(encoding="utf-8")
SECRET = "root:x:0:0:root:/root:/bin/bash"


def _claims_with_text_file(text_file: str, sentence: str = SECRET) -> str:
    """The example claims file, its source read from ``text_file``, one claim quoting it."""
    return f"""graph: hostile
sources:
  - id: stolen
    iri: urn:example:b12ms-kg:hostile
    type: information source
    title: a file that is not the claims file's own
    text_file: {text_file}
claims:
  - id: H001
    subject: vitamin B12 deficiency
    predicate: impairs
    object: myelination
    certainty: asserted
    source: stolen
    sentence: "{sentence}"
"""


def _one_line_refusal(result: subprocess.CompletedProcess, *parts: str) -> str:
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr, stderr
    for part in parts:
        assert part in stderr, stderr
    return stderr


@pytest.fixture()
def outside(tmp_path: Path) -> Path:
    """A file outside the claims folder, holding the line a hostile file wants to read."""
    secret = tmp_path / "private" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_text_file_cannot_leave_the_claims_folder(tmp_path, outside, how):
    folder = tmp_path / "received"
    folder.mkdir()
    if how == "absolute":
        text_file = str(outside)
    elif how == "dotdot":
        text_file = "../private/passwd"
    else:
        (folder / "innocent.txt").symlink_to(outside)
        text_file = "innocent.txt"
    claims = folder / "evil.yaml"
    claims.write_text(_claims_with_text_file(text_file), encoding="utf-8")
    out = tmp_path / "out.trig"
    result = run_cli("add-claims", str(claims), "-f", "trig", "-o", str(out))
    stderr = _one_line_refusal(result, f"{claims}:7: ", "source 'stolen': text_file")
    assert SECRET not in stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["private", "received"]


def test_text_file_inside_the_folder_or_an_allowed_folder_is_read(tmp_path, outside):
    folder = tmp_path / "received"
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "source.txt").write_text(SECRET + "\n", encoding="utf-8")
    inside = folder / "inside.yaml"
    inside.write_text(_claims_with_text_file("texts/source.txt"), encoding="utf-8")
    assert run_cli("add-claims", str(inside), "-f", "trig").returncode == 0
    elsewhere = folder / "elsewhere.yaml"
    elsewhere.write_text(_claims_with_text_file(str(outside)), encoding="utf-8")
    allowed = run_cli("--sources-folder", str(outside.parent), "add-claims", str(elsewhere),
                      "-f", "trig")
    assert allowed.returncode == 0, allowed.stderr
    assert SECRET in allowed.stdout.decode()


def _limit_memory(megabytes: int):
    def apply() -> None:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def test_yaml_alias_bomb_is_refused_quickly_under_a_small_memory_limit(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):  # 10^10 strings if expanded
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n" + EXAMPLE, encoding="utf-8")
    assert bomb.stat().st_size < 4000
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "kg", "add-claims", str(bomb), "-o",
                             str(tmp_path / "out.trig")], capture_output=True, timeout=120,
                            cwd=FIXTURES, preexec_fn=_limit_memory(1500))
    assert time.monotonic() - started < 60
    _one_line_refusal(result, f"{bomb}:2: ", "YAML aliases (*name) are not allowed")
    assert not (tmp_path / "out.trig").exists()


def test_deeply_nested_yaml_is_one_line(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("claims: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    _one_line_refusal(run_cli("add-claims", str(deep)), f"{deep}: ", "nested too deeply")


def test_claims_file_over_the_size_limit_names_the_option(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(EXAMPLE + "# padding\n" * 200_000, encoding="utf-8")  # about 2 MB
    result = run_cli("--max-claims-mb", "1", "add-claims", str(big))
    _one_line_refusal(result, "claims file is larger than", "--max-claims-mb")
    assert run_cli("--max-claims-mb", "3", "add-claims", str(big), "-f", "trig").returncode == 0


def test_source_text_over_the_size_limit_names_the_option(tmp_path):
    (tmp_path / "long.txt").write_text(SECRET + "\n" + "filler text\n" * 200_000,
                                       encoding="utf-8")
    claims = tmp_path / "long.yaml"
    claims.write_text(_claims_with_text_file("long.txt"), encoding="utf-8")
    _one_line_refusal(run_cli("--max-source-mb", "1", "add-claims", str(claims)),
                      "source text is larger than", "--max-source-mb")
    assert run_cli("add-claims", str(claims), "-f", "trig").returncode == 0


def test_a_device_is_read_no_further_than_the_limit(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    claims = tmp_path / "zero.yaml"
    claims.write_text(_claims_with_text_file("zeros"), encoding="utf-8")
    (tmp_path / "zeros").symlink_to("/dev/zero")  # a link out of the folder: refused first
    _one_line_refusal(run_cli("add-claims", str(claims)), "leads outside")
    result = run_cli("--sources-folder", "/dev", "--max-source-mb", "1", "add-claims",
                     str(claims))
    _one_line_refusal(result, "source text is larger than")


def test_query_file_over_the_size_limit_and_a_query_that_never_ends(tmp_path):
    big = tmp_path / "big.rq"
    big.write_text("SELECT * WHERE { ?s ?p ?o }\n" + "# padding\n" * 50_000, encoding="utf-8")
    _one_line_refusal(run_cli("query", str(big)), "query file is larger than", "--max-query-kb")
    endless = tmp_path / "endless.rq"
    endless.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
                       "?j ?k ?l }\n", encoding="utf-8")
    started = time.monotonic()
    result = run_cli("query", str(endless), "--timeout", "2")
    assert time.monotonic() - started < 60
    _one_line_refusal(result, "timeout")
    assert "--timeout" in run_cli("query", "--help").stdout.decode()


def test_deeply_nested_rdf_loads_without_a_crash(tmp_path):
    depth = 100_000
    data = tmp_path / "deep.ttl"
    data.write_text("@prefix : <http://example.org/> .\n:s :p " + "[ :p " * depth + ":o"
                    + " ]" * depth + " .\n", encoding="utf-8")
    store = tmp_path / "store"
    result = run_cli("load", str(data), "--store", str(store))
    assert result.returncode == 0, result.stderr
    count = tmp_path / "count.rq"
    count.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    rows = run_cli("query", str(count), "--store", str(store), "-f", "csv").stdout.decode()
    assert rows.split("\r\n")[1] == str(depth + 1)


def test_resource_errors_are_one_line_and_debug_shows_the_trace(monkeypatch, capsys):
    import kg.prebuilt
    from kg.cli import main

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(kg.prebuilt, "prebuilt_store", exhausted)
    assert main(["export"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: out of memory") and len(err.strip().splitlines()) == 1
    assert main(["--debug", "export"]) == 2
    assert "Traceback" in capsys.readouterr().err

    def recursing(*args, **kwargs):
        raise RecursionError

    monkeypatch.setattr(kg.prebuilt, "prebuilt_store", recursing)
    assert main(["export"]) == 2
    assert capsys.readouterr().err.startswith("error: input nested too deeply")


def test_many_named_graphs_load_and_count(tmp_path):
    graphs = 5_000
    data = tmp_path / "many.nq"
    data.write_text("".join(f'<http://example.org/s{i}> <http://example.org/p> "{i}" '
                            f"<http://example.org/g{i}> .\n" for i in range(graphs)),
                    encoding="utf-8")
    store = tmp_path / "store"
    assert run_cli("load", str(data), "--store", str(store)).returncode == 0
    count = tmp_path / "graphs.rq"
    count.write_text("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }\n",
                     encoding="utf-8")
    rows = run_cli("query", str(count), "--store", str(store), "-f", "csv").stdout.decode()
    assert rows.split("\r\n")[1] == str(graphs)
