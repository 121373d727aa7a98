"""Benchmark rdflib against the embedded Oxigraph store (and a SPARQL endpoint) at scale.

In one process, for each size: generate the synthetic KG (benchmarks/generate.py,
cached in benchmarks/data/), then for each back end measure the load, every
library query (through the API, rows converted to rdflib terms), building the
mechanism network from the store, k-shortest paths from vitamin B12 deficiency to
fatigue, and the process's peak memory. Writes benchmarks/results/scale.json and
scale.md, with the speed-ups and a table of the targets, and prints them.

    .venv/bin/python benchmarks/run.py --sizes 100k,1m,2m --disk
    .venv/bin/python benchmarks/run.py --sizes 100k --endpoint http://127.0.0.1:7878/query

Every query and path search is timed up to --repeat times and the fastest run is
kept (as timeit does), the same for every back end; a run longer than 10 s is not
repeated. rdflib is skipped above --rdflib-max (default 1m): at 2M triples it needs
far more time and memory than the targets are about. A query that runs longer than
--query-timeout seconds is recorded as a time-out (its speed-up is then a lower bound).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import signal
import sys
import tempfile
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


def fastest(function, repeat: int, timeout: float | None = None):  # noqa: ANN001, ANN201
    """(seconds, result) of the fastest of up to ``repeat`` runs; a run over 10 s ends it."""
    best, result = None, None
    for _ in range(repeat):
        seconds, result = timed(function, timeout)
        if seconds is None:
            return None, None
        best = seconds if best is None else min(best, seconds)
        if seconds > 10:
            break
    return best, result


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


def bench_backend(name: str, store, path: Path, query_timeout: float,  # noqa: ANN001
                  repeat: int = 3) -> dict:
    from kg.network import find_paths, mechanism_view, resolve_node, to_networkx
    from kg.query import list_queries, run_query

    result: dict = {"backend": name}
    seconds, count = timed(lambda: store.load(path, bulk=True))
    result["load_s"], result["triples"] = round(seconds, 3), count
    result["load_triples_per_s"] = round(count / seconds)
    result["queries"] = {}
    for query in list_queries():
        seconds, rows = fastest(lambda q=query: run_query(store, q), repeat, query_timeout)
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
        seconds, paths = fastest(lambda: find_paths(graph, "vitamin B12 deficiency", "fatigue",
                                                    max_length=20, max_paths=10), repeat)
        result["paths_s"], result["paths"] = round(seconds, 4), len(paths)
    result["peak_rss_mb_after"] = round(peak_rss_mb())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1m,2m")
    parser.add_argument("--rdflib-max", default="1m", choices=sorted(SIZES))
    parser.add_argument("--query-timeout", type=float, default=600.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--disk", action="store_true",
                        help="also benchmark a persistent Oxigraph store (--store PATH)")
    parser.add_argument("--endpoint", help="also benchmark this (empty) SPARQL endpoint")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other sizes already in results/scale.json")
    args = parser.parse_args()
    from kg.store import EndpointStore, OxigraphStore, RdflibStore

    report = {"meta": {"python": platform.python_version(), "machine": platform.machine(),
                       "processor_count": __import__("os").cpu_count(),
                       "repeat": args.repeat, "query_timeout_s": args.query_timeout},
              "sizes": {}}
    for size in args.sizes.split(","):
        path = data_file(size)
        runs = [bench_backend("oxigraph", OxigraphStore(), path, args.query_timeout, args.repeat)]
        if args.disk:
            with tempfile.TemporaryDirectory() as folder:
                runs.append(bench_backend("oxigraph-disk", OxigraphStore(Path(folder) / "store"),
                                          path, args.query_timeout, args.repeat))
        if args.endpoint:
            store = EndpointStore(args.endpoint, timeout=args.query_timeout)
            store.update("CLEAR ALL")
            runs.append(bench_backend("endpoint", store, path, args.query_timeout, args.repeat))
        if SIZES[size] <= SIZES[args.rdflib_max]:
            runs.append(bench_backend("rdflib", RdflibStore(), path, args.query_timeout,
                                      args.repeat))
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


def _cell(run: dict | None, value) -> str:  # noqa: ANN001
    if run is None:
        return "not run"
    return "time-out" if value is None else str(value)


def _rows(by: dict) -> list[tuple[str, dict]]:
    """(measure, {backend: value}) for every line of a size's table."""
    ox = by["oxigraph"]
    rows = [("load (s)", {b: r["load_s"] for b, r in by.items()})]
    for name in ox["queries"]:
        rows.append((f"query {name} (s)", {b: r["queries"][name]["seconds"]
                                           for b, r in by.items()}))
    rows.append(("build network and path index (s)", {b: r.get("network_s") for b, r in by.items()}))
    rows.append(("10 shortest paths, B12 deficiency to fatigue (s)",
                 {b: r.get("paths_s") for b, r in by.items()}))
    rows.append(("peak RSS after (MB)", {b: r["peak_rss_mb_after"] for b, r in by.items()}))
    return rows


def _targets(report: dict) -> list[str]:
    """The issue's targets, each with what was measured and whether it was met."""
    sizes = report["sizes"]
    lines = ["## Targets", "", "| target | measured | met |", "| --- | --- | --- |"]
    if "1m" in sizes:
        by = {r["backend"]: r for r in sizes["1m"]}
        ox, rd = by["oxigraph"], by.get("rdflib")
        if rd:
            ratio = rd["load_s"] / ox["load_s"]
            lines.append(f"| load at 1M triples at least 50x faster than rdflib | {ratio:.0f}x | "
                         f"{'yes' if ratio >= 50 else 'no'} |")
            for name, q in ox["queries"].items():
                slow = rd["queries"][name]["seconds"]
                if slow is None:
                    bound = report["meta"].get("query_timeout_s", 0) / q["seconds"]
                    lines.append(f"| {name} at 1M at least 50x faster | over {bound:.0f}x "
                                 f"(rdflib timed out) | {'yes' if bound >= 50 else 'unknown'} |")
                else:
                    ratio = slow / q["seconds"]
                    lines.append(f"| {name} at 1M at least 50x faster | {ratio:.0f}x | "
                                 f"{'yes' if ratio >= 50 else 'no'} |")
    if "2m" in sizes:
        ox = {r["backend"]: r for r in sizes["2m"]}["oxigraph"]
        lines.append(f"| k-shortest paths at 2M under 1 s after load | {ox.get('paths_s')} s | "
                     f"{'yes' if (ox.get('paths_s') or 99) < 1 else 'no'} |")
        lines.append(f"| peak memory at 2M under 3 GB | {ox['peak_rss_mb_after']} MB | "
                     f"{'yes' if ox['peak_rss_mb_after'] < 3072 else 'no'} |")
    return lines + [""]


def render(report: dict) -> str:
    meta = report["meta"]
    lines = [f"# Scale benchmarks (Python {meta['python']}, {meta['processor_count']} cores)", "",
             f"Fastest of up to {meta.get('repeat', 1)} runs per query (one run if it takes "
             f"over 10 s); time-out after {meta.get('query_timeout_s', 120):g} s. "
             "`oxigraph` is the embedded store in memory, `oxigraph-disk` the persistent one "
             "(`--store PATH`).", ""]
    for size, runs in report["sizes"].items():
        by = {r["backend"]: r for r in runs}
        order = [b for b in ("oxigraph", "oxigraph-disk", "endpoint", "rdflib") if b in by]
        columns = order + (["rdflib"] if "rdflib" not in by else [])
        lines += [f"## {size} ({by['oxigraph']['triples']:,} triples)", "",
                  "| measure | " + " | ".join(columns) + " | speed-up (oxigraph vs rdflib) |",
                  "| --- |" + " ---: |" * (len(columns) + 1)]
        for measure, values in _rows(by):
            cells = [_cell(by.get(b), values.get(b)) for b in columns]
            ratio = ""
            if measure.startswith(("load", "query")):
                ratio = _speedup(values.get("rdflib"), values["oxigraph"]) if "rdflib" in by \
                    else "-"
            lines.append(f"| {measure} | " + " | ".join(cells) + f" | {ratio} |")
        lines.append("")
    lines += _targets(report)
    lines.append("Peak RSS is the whole process's high-water mark after each back end "
                 "(the in-memory Oxigraph runs first, so its figure is its own).")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
