"""Commands for curators: which sentences of the sources the claims read (coverage)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import cli, emit, output_option

COVERAGE_FORMATS = ("text", "tsv", "json")


def render_coverage(rows, fmt: str) -> str:  # noqa: ANN001 - list[SentenceCoverage]
    """The coverage rows as text (one line each, and a summary), TSV or JSON."""
    import csv
    import io
    import json
    from collections import Counter

    if fmt == "json":
        return json.dumps([{"source": r.source, "start": r.start, "end": r.end,
                            "sentence": r.sentence, "status": r.status,
                            "claims": list(r.claims), "reason": r.reason} for r in rows],
                          indent=2, ensure_ascii=False) + "\n"
    if fmt == "tsv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
        writer.writerow(["source", "start", "end", "status", "claims", "reason", "sentence"])
        for r in rows:
            writer.writerow([r.source, r.start, r.end, r.status, " ".join(r.claims),
                             r.reason or "", r.sentence])
        return buffer.getvalue()
    lines = []
    for r in rows:
        why = " ".join(r.claims) if r.claims else (r.reason or "neither encoded nor listed "
                                                   "under not_encoded")
        lines.append(f"{r.source} {r.start}-{r.end} [{r.status}] {r.sentence}\n    {why}")
    for source in sorted({r.source for r in rows}):
        counts = Counter(r.status for r in rows if r.source == source)
        lines.append(f"{source}: " + ", ".join(
            f"{counts[s]} {s}" for s in ("encoded", "not encoded", "not read"))
            + f" of {sum(counts.values())} sentences")
    return "\n".join(lines) + "\n"


@cli.command()
@click.argument("claims_files", nargs=-1,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-f", "--format", "fmt", default="text", show_default=True,
              type=click.Choice(COVERAGE_FORMATS, case_sensitive=False))
@click.option("--not-read", "only_not_read", is_flag=True,
              help="List only the sentences that are neither encoded nor listed.")
@output_option
def coverage(claims_files: tuple[Path, ...], fmt: str, only_not_read: bool,
             output: Path | None) -> None:
    """Which sentences of the sources the claims encode, and why the others are left out.

    Reads CLAIMS_FILES (default: the packaged article and background claims). Each
    sentence of each source is 'encoded' (by the claims listed), 'not encoded' (listed
    under not_encoded with the curators' reason) or 'not read'. Exit code 1 if any
    sentence is not read.

        b12ms-kg coverage --not-read my-review.yaml
    """
    from kg.claims import load_not_encoded
    from kg.coverage import sentence_coverage

    rows = []
    if claims_files:
        for path in claims_files:
            rows += sentence_coverage(*load_not_encoded(path))
    else:
        for packaged in ("article", "background"):
            rows += sentence_coverage(*load_not_encoded(packaged=packaged))
    missing = [r for r in rows if r.status == "not read"]
    emit(render_coverage(missing if only_not_read else rows, fmt.lower()), output)
    if missing:
        raise SystemExit(1)
