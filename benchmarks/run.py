"""Benchmark rdflib against the embedded Oxigraph store (and a SPARQL endpoint) at scale.

In one process, for each size: generate the synthetic KG (benchmarks/generate.py,
cached in benchmarks/data/), then for each back end measure the load, every
library query, building the mechanism network from the store, k-shortest paths
from vitamin B12 deficiency to fatigue, and the process's peak memory. Writes
benchmarks/results/scale.json and scale.md and prints the speed-ups.

    .venv/bin/python benchmarks/run.py --sizes 100k,1m,2m
    .venv/bin/python benchmarks/run.py --sizes 100k --endpoint http://127.0.0.1:7878/query

rdflib is skipped above --rdflib-max (default 1m): at 2M triples it needs far more
time and memory than the targets are about. A query that runs longer than
--query-timeout seconds on rdflib is recorded as a time-out (a lower bound).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import signal
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "2m": 2_000_000}


class QueryTimeout(Exception):
    pass


def _alarm(signum, frame):  # noqa: ANN001, ARG001
    raise QueryTimeout


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function, timeout: float | None = None):  # noqa: ANN001, ANN201
    """(seconds, result) of ``function()``; (None, None) if it ran past ``timeout``."""
    if timeout:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    start = time.perf_counter()
    try:
        result = function()
    except QueryTimeout:
        return None, None
    finally:
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - start, result


def data_file(size: str) -> Path:
    from generate import generate

    path = HERE / "data" / f"kg-{size}.nq"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            generate(SIZES[size], out)
        tmp.replace(path)
    return path


def bench_backend(name: str, store, path: Path, query_timeout: float) -> dict:  # noqa: ANN001
    from kg.network import find_paths, mechanism_view, resolve_node, to_networkx
    from kg.query import list_queries, run_query

    result: dict = {"backend": name}
    seconds, count = timed(lambda: store.load(path, bulk=True))
    result["load_s"], result["triples"] = round(seconds, 3), count
    result["load_triples_per_s"] = round(count / seconds)
    result["queries"] = {}
    for query in list_queries():
        seconds, rows = timed(lambda q=query: run_query(store, q), query_timeout)
        result["queries"][query.name] = {
            "seconds": None if seconds is None else round(seconds, 4),
            "rows": None if rows is None else len(rows.rows)}
    def network():  # the graph, plus the cached mechanism view and name index paths use
        g = to_networkx(store)
        mechanism_view(g)
        resolve_node(g, "fatigue")
        return g
    seconds, graph = timed(network, query_timeout * 4)
    result["network_s"] = None if seconds is None else round(seconds, 3)
    if graph is not None:
        result["network_edges"] = graph.number_of_edges()
        seconds, paths = timed(lambda: find_paths(graph, "vitamin B12 deficiency", "fatigue",
                                                  max_length=20, max_paths=10))
        result["paths_s"], result["paths"] = round(seconds, 4), len(paths)
    result["peak_rss_mb_after"] = round(peak_rss_mb())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1m,2m")
    parser.add_argument("--rdflib-max", default="1m", choices=sorted(SIZES))
    parser.add_argument("--query-timeout", type=float, default=120.0)
    parser.add_argument("--endpoint", help="also benchmark this (empty) SPARQL endpoint")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other sizes already in results/scale.json")
    args = parser.parse_args()
    from kg.store import EndpointStore, OxigraphStore, RdflibStore

    report = {"meta": {"python": platform.python_version(), "machine": platform.machine(),
                       "processor_count": __import__("os").cpu_count()}, "sizes": {}}
    for size in args.sizes.split(","):
        path = data_file(size)
        runs = [bench_backend("oxigraph", OxigraphStore(), path, args.query_timeout)]
        if args.endpoint:
            store = EndpointStore(args.endpoint, timeout=args.query_timeout)
            store.update("CLEAR ALL")
            runs.append(bench_backend("endpoint", store, path, args.query_timeout))
        if SIZES[size] <= SIZES[args.rdflib_max]:
            runs.append(bench_backend("rdflib", RdflibStore(), path, args.query_timeout))
        report["sizes"][size] = runs
        print(json.dumps({size: runs}, indent=1))
    (HERE / "results").mkdir(exist_ok=True)
    previous = HERE / "results" / "scale.json"
    if args.merge and previous.exists():  # keep the other sizes of an earlier run
        earlier = json.loads(previous.read_text())
        report["sizes"] = {**earlier.get("sizes", {}), **report["sizes"]}
    (HERE / "results" / "scale.json").write_text(json.dumps(report, indent=2) + "\n")
    (HERE / "results" / "scale.md").write_text(render(report))
    print(render(report))
    return 0


def _speedup(slow, fast) -> str:  # noqa: ANN001
    if fast in (None, 0):
        return "-"
    if slow is None:
        return "rdflib timed out"
    return f"{slow / fast:,.0f}x"


def render(report: dict) -> str:
    lines = [f"# Scale benchmarks (Python {report['meta']['python']}, "
             f"{report['meta']['processor_count']} cores)", ""]
    for size, runs in report["sizes"].items():
        by = {r["backend"]: r for r in runs}
        ox, rd = by["oxigraph"], by.get("rdflib")
        lines += [f"## {size} ({ox['triples']:,} triples)", "",
                  "| measure | oxigraph | rdflib | speed-up |", "| --- | ---: | ---: | ---: |"]
        lines.append(f"| load (s) | {ox['load_s']} | {rd['load_s'] if rd else 'not run'} | "
                     f"{_speedup(rd['load_s'], ox['load_s']) if rd else '-'} |")
        for name, q in ox["queries"].items():
            slow = rd["queries"][name]["seconds"] if rd else None
            lines.append(f"| query {name} (s) | {q['seconds']} | "
                         f"{'not run' if not rd else (slow if slow is not None else 'time-out')} | "
                         f"{_speedup(slow, q['seconds']) if rd else '-'} |")
        lines.append(f"| build network and path index (s) | {ox.get('network_s')} | "
                     f"{rd.get('network_s') if rd else 'not run'} | |")
        lines.append(f"| 10 shortest paths, B12 deficiency to fatigue (s) | {ox.get('paths_s')} | "
                     f"{rd.get('paths_s') if rd else 'not run'} | |")
        lines.append(f"| peak RSS after (MB) | {ox['peak_rss_mb_after']} | "
                     f"{rd['peak_rss_mb_after'] if rd else 'not run'} | |")
        if "endpoint" in by:
            lines.append(f"| endpoint load (s) | {by['endpoint']['load_s']} | | |")
        lines.append("")
    lines.append("Peak RSS is the whole process's high-water mark after each back end "
                 "(Oxigraph runs first, so its figure is its own; run one size per process "
                 "for a clean figure).")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
