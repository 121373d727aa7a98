"""Time the toolkit on the article graph: API calls in-process and CLI calls end to end.

Run from an installed environment (not part of the test suite):

    .venv/bin/python benchmarks/bench_article.py            # prints a Markdown table
    .venv/bin/python benchmarks/bench_article.py --repeat 20

Writes benchmarks/results/article.json and article.md (median and best of N runs).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def measure(function: Callable[[], object], repeat: int) -> dict[str, float]:
    """Median and best wall time of ``repeat`` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "best_ms": round(min(times), 2)}


def api_cases() -> dict[str, Callable[[], object]]:
    from kg.build import build_dataset
    from kg.export import serialize
    from kg.network import to_networkx
    from kg.paths import find_paths, shared_mechanisms
    from kg.query import list_queries, run_query

    ds = build_dataset()
    g = to_networkx(ds)
    cases: dict[str, Callable[[], object]] = {
        "build_dataset": build_dataset,
        "to_networkx": lambda: to_networkx(ds),
        "paths B12 deficiency -> 4 symptoms": lambda: [
            find_paths(g, "vitamin B12 deficiency", s) for s in
            ("fatigue", "muscle weakness", "coordination problems", "cognitive impairment")],
        "shared mechanisms": lambda: shared_mechanisms(g),
        "export turtle": lambda: serialize(ds, "turtle"),
    }
    for query in list_queries():
        cases[f"query {query.name}"] = lambda q=query: run_query(ds, q)
    return cases


def cli_cases() -> dict[str, list[str]]:
    exe = str(Path(sys.executable).parent / "b12ms-kg")
    return {
        "cli --version": [exe, "--version"],
        "cli query list_symptoms": [exe, "query", "list_symptoms"],
        "cli paths": [exe, "paths", "vitamin B12 deficiency", "fatigue"],
        "cli shared": [exe, "shared"],
        "cli export turtle": [exe, "export"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    results = {name: measure(case, args.repeat) for name, case in api_cases().items()}
    with tempfile.TemporaryDirectory() as folder:
        for name, command in cli_cases().items():
            results[name] = measure(
                lambda c=command: subprocess.run(c, check=True, capture_output=True, cwd=folder),
                max(3, args.repeat // 3))
    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "repeat": args.repeat}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "article.json").write_text(json.dumps({"meta": meta, "results": results},
                                                     indent=2) + "\n")
    lines = ["| operation | median (ms) | best (ms) |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {r['median_ms']} | {r['best_ms']} |" for name, r in results.items()]
    table = "\n".join(lines) + "\n"
    (RESULTS / "article.md").write_text(f"Article graph, Python {meta['python']}, "
                                        f"{meta['machine']}\n\n" + table)
    print(table, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
