"""Every sentence of a source is encoded by claims or listed as not encoded, with the
curators' reason: nothing the article says is skipped silently."""

from __future__ import annotations

import json
import re

import pytest
from conftest import FIXTURES, run_cli

from kg.claims import load_not_encoded
from kg.coverage import sentence_coverage, split_sentences


def test_every_sentence_of_the_article_is_read(article_text):
    claims, skipped = load_not_encoded()
    rows = sentence_coverage(claims, skipped)
    assert {r.status for r in rows} == {"encoded", "not encoded"}
    article = [r for r in rows if r.source == "article"]
    # the sentences cover the article: every non-blank character is in one of them
    covered = set()
    for r in article:
        assert article_text[r.start:r.end] == r.sentence
        covered |= set(range(r.start, r.end))
    assert all(article_text[i].isspace() for i in range(len(article_text)) if i not in covered)
    # every claim's sentence is one of them, and it lists the claim
    for claim in claims:
        assert any(claim.id in r.claims and r.sentence == claim.sentence for r in article)
    not_encoded = {r.sentence: r.reason for r in article if r.status == "not encoded"}
    assert "Further Research" in not_encoded  # a heading
    assert any(s.startswith("Overall, this discovery offers hope") for s in not_encoded)
    assert all(len(reason) > 20 for reason in not_encoded.values())


def test_the_command_lists_sentences_and_fails_on_one_not_read(tmp_path):
    done = run_cli("coverage", "-f", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {r["status"] for r in rows} == {"encoded", "not encoded"}
    assert next(r for r in rows if r["sentence"].startswith("Multiple sclerosis is"))[
        "claims"] == ["C019", "C020", "C021"]
    claims = (FIXTURES / "example_claims.yaml").read_text(encoding="utf-8")
    start = claims.index("not_encoded:")
    partial = tmp_path / "partial.yaml"
    partial.write_text(claims[:start], encoding="utf-8")  # without its not_encoded list
    done = run_cli("coverage", str(partial), "--not-read", "-f", "tsv")
    assert done.returncode == 1
    lines = done.stdout.decode().splitlines()
    assert lines[0].split("\t")[3] == "status" and len(lines) == 2
    assert lines[1].endswith("This is example text, not evidence.")
    assert run_cli("coverage", str(FIXTURES / "example_claims.yaml")).returncode == 0


@pytest.mark.parametrize(("entry", "message"), [
    ("  - source: tutorial\n    sentence: Not in the text at all.\n    reason: a test\n",
     "not_encoded: sentence is not in the text of source 'tutorial'"),
    ("  - source: elsewhere\n    sentence: This is example text, not evidence.\n"
     "    reason: a test\n", "not_encoded: unknown source 'elsewhere'"),
    ("  - source: tutorial\n    sentence: \"Example sentence: restoring vitamin B12 might "
     "support myelination.\"\n    reason: a test\n", "a claim of this file encodes this sentence"),
    ("  - source: tutorial\n    sentence: This is example text, not evidence.\n",
     "not_encoded[1]: missing field 'reason'"),
])
def test_a_wrong_not_encoded_entry_is_one_line_with_its_line(tmp_path, entry, message):
    claims = (FIXTURES / "example_claims.yaml").read_text(encoding="utf-8")
    path = tmp_path / "claims.yaml"
    path.write_text(claims.rstrip("\n") + "\n" + entry, encoding="utf-8")
    done = run_cli("coverage", str(path))
    stderr = done.stderr.decode()
    assert done.returncode == 2 and len(stderr.strip().splitlines()) == 1, stderr
    assert message in stderr and re.search(r"claims\.yaml:4[0-9]: ", stderr), stderr


def test_sentences_split_at_full_stops_before_a_capital():
    text = "Heading\n\nIt is (MS). Then e.g. this. \"Quoted.\" 3 more? Yes!\n"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Heading", "It is (MS).", "Then e.g. this.", "\"Quoted.\"", "3 more?", "Yes!"]


def test_the_text_summary_counts_each_source():
    done = run_cli("coverage")
    assert done.returncode == 0
    tail = done.stdout.decode().splitlines()[-2:]
    assert tail == ["article: 19 encoded, 7 not encoded, 0 not read of 26 sentences",
                    "cl-oligodendrocyte: 2 encoded, 0 not encoded, 0 not read of 2 sentences"]
