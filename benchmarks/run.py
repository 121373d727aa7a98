"""Benchmark rdflib against the embedded Oxigraph store (and a SPARQL endpoint) at scale.

In one process, for each size: generate the synthetic KG (benchmarks/generate.py,
cached in benchmarks/data/), then for each back end measure the load, every
library query (through the API, rows converted to rdflib terms), building the
mechanism network from the store, k-shortest paths from vitamin B12 deficiency to
fatigue, and the process's peak memory. Writes benchmarks/results/scale.json and
scale.md, with the speed-ups and a table of the targets, and prints them.

    .venv/bin/python benchmarks/run.py --sizes 100k,1m,2m --disk
    .venv/bin/python benchmarks/run.py --sizes 100k --serve      # and an oxigraph serve
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
import subprocess
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
        result = None  # one result alive at a time, so peak memory is that of one run
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


def engine_seconds(store, query, repeat: int, timeout: float) -> float | None:  # noqa: ANN001
    """Oxigraph alone on a library query: its solutions are read, not converted to rdflib
    terms (the parameters are bound as run_query binds them)."""
    from rdflib import Literal

    from kg.lookup import resolve_in_store
    from kg.namespaces import PREFIXES
    from kg.stores import bind_values

    bindings = {p.name: resolve_in_store(store, p.default) if p.kind == "iri" else Literal(p.default)
                for p in query.params if p.default is not None}
    text = bind_values(query.text, bindings)
    seconds, _ = fastest(lambda: sum(1 for _ in store.store.query(
        text, prefixes=PREFIXES, use_default_graph_as_union=True)), repeat, timeout)
    return None if seconds is None else round(seconds, 4)


def lenient_load_seconds(path: Path, disk: bool) -> float:
    """A lenient bulk load (load --lenient) into a fresh store, in a child process so that
    this process's peak memory stays that of one store."""
    script = ("import sys, time, tempfile; from pathlib import Path; sys.path.insert(0, %r)\n"
              "from kg.stores import OxigraphStore\n"
              # RocksDB may still be writing when the folder is removed: ignore that
              "with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as d:\n"
              "    store = OxigraphStore(Path(d) / 's' if %r else None)\n"
              "    start = time.perf_counter(); store.load(Path(%r), bulk=True, lenient=True)\n"
              "    print(time.perf_counter() - start, flush=True)\n"
              "    del store\n") % (str(HERE.parent), disk, str(path))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    if done.returncode != 0 or not done.stdout.split():
        raise RuntimeError("the lenient load failed: " + done.stderr.strip()[-500:])
    return round(float(done.stdout.split()[-1]), 3)


def bench_backend(name: str, store, path: Path, query_timeout: float,  # noqa: ANN001
                  repeat: int = 3) -> dict:
    from kg.names import resolve_node
    from kg.network import to_networkx
    from kg.pathindex import PathIndex
    from kg.paths import find_paths, mechanism_view
    from kg.query import list_queries, run_query
    from kg.stores import OxigraphStore

    result: dict = {"backend": name}
    seconds, count = timed(lambda: store.load(path, bulk=True))
    result["load_s"], result["triples"] = round(seconds, 3), count
    result["load_triples_per_s"] = round(count / seconds)
    oxigraph = isinstance(store, OxigraphStore)
    if oxigraph:
        result["load_lenient_s"] = lenient_load_seconds(path, disk=name != "oxigraph")
    result["queries"] = {}
    for query in list_queries():
        seconds, rows = fastest(lambda q=query: run_query(store, q), repeat, query_timeout)
        result["queries"][query.name] = {
            "seconds": None if seconds is None else round(seconds, 4),
            "rows": None if rows is None else len(rows.rows)}
        rows = None
        if oxigraph:
            result["queries"][query.name]["engine_seconds"] = engine_seconds(
                store, query, repeat, query_timeout)
    # paths straight from the store after the load: the path index, then the search
    seconds, index = timed(lambda: PathIndex(store), query_timeout * 4)
    result["index_s"] = None if seconds is None else round(seconds, 3)
    if index is not None:
        seconds, paths = fastest(lambda: index.find_paths(
            "vitamin B12 deficiency", "fatigue", max_length=20, max_paths=10), repeat)
        result["store_paths_s"], result["store_paths"] = round(seconds, 4), len(paths)
        del index
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
    parser.add_argument("--rdflib-max", default="1m", choices=[*sorted(SIZES), "none"],
                        help="largest size to run rdflib on ('none': do not run it)")
    parser.add_argument("--query-timeout", type=float, default=600.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--disk", action="store_true",
                        help="also benchmark a persistent Oxigraph store (--store PATH)")
    parser.add_argument("--endpoint", help="also benchmark this SPARQL endpoint (its data is "
                        "cleared first!)")
    parser.add_argument("--serve", action="store_true",
                        help="start an 'oxigraph serve' on a free loopback port for --endpoint")
    parser.add_argument("--merge", action="store_true",
                        help="keep what results/scale.json holds for the sizes and back ends "
                        "this run does not measure")
    args = parser.parse_args()
    if args.serve:
        from kg.localserver import oxigraph_server

        with tempfile.TemporaryDirectory() as folder, oxigraph_server(folder) as url:
            args.endpoint = url
            return run(args)
    return run(args)


def run(args: argparse.Namespace) -> int:
    from kg.stores import EndpointStore, OxigraphStore, RdflibStore

    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "processor_count": __import__("os").cpu_count(),
            "repeat": args.repeat, "query_timeout_s": args.query_timeout}
    measured: dict[str, list] = {}
    for size in args.sizes.split(","):
        path = data_file(size)
        runs = [bench_backend("oxigraph", OxigraphStore(), path, args.query_timeout, args.repeat)]
        if args.disk:
            with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:
                runs.append(bench_backend("oxigraph-disk", OxigraphStore(Path(folder) / "store"),
                                          path, args.query_timeout, args.repeat))
        if args.endpoint:
            store = EndpointStore(args.endpoint, timeout=args.query_timeout)
            store.update("CLEAR ALL")
            runs.append(bench_backend("endpoint", store, path, args.query_timeout, args.repeat))
        if args.rdflib_max != "none" and SIZES[size] <= SIZES[args.rdflib_max]:
            runs.append(bench_backend("rdflib", RdflibStore(), path, args.query_timeout,
                                      args.repeat))
        measured[size] = runs
        print(json.dumps({size: runs}, indent=1))
        # after every size, so a run that fails later keeps what it measured
        report = write_results(meta, measured, args.merge)
    print(render(report))
    return 0


def write_results(meta: dict, measured: dict, merge: bool) -> dict:
    """Write results/scale.{json,md} for the sizes measured so far; with ``merge``, keep
    what results/scale.json holds for the sizes and back ends not measured (yet)."""
    from kg.files import write_atomic

    report = {"meta": dict(meta), "sizes": {size: list(runs) for size, runs in measured.items()}}
    (HERE / "results").mkdir(exist_ok=True)
    previous = HERE / "results" / "scale.json"
    if merge and previous.exists():
        old = json.loads(previous.read_text())
        for size, runs in old.get("sizes", {}).items():
            fresh = report["sizes"].setdefault(size, [])
            backends = {r["backend"] for r in fresh}
            fresh += [r for r in runs if r["backend"] not in backends]
        report["meta"]["merged"] = True
    report["sizes"] = dict(sorted(report["sizes"].items(), key=lambda item: SIZES[item[0]]))
    write_atomic(previous, (json.dumps(report, indent=2) + "\n").encode())
    write_atomic(HERE / "results" / "scale.md", render(report).encode())
    return report


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


def _rows(by: dict) -> list[tuple[str, dict, bool]]:
    """(measure, {column: value}, compared) for every line of a size's table: ``compared``
    lines get the speed-up of the in-memory Oxigraph over rdflib. The column ``engine`` is
    the in-memory Oxigraph's own time for a query, without converting its rows."""
    ox, rd = by["oxigraph"], by.get("rdflib", {})
    rows = [("load (s)", {b: r["load_s"] for b, r in by.items()}, True),
            ("load --lenient (s; rdflib: its one load)",
             {**{b: r.get("load_lenient_s", "-") for b, r in by.items()},
              **({"rdflib": rd["load_s"]} if rd else {})}, True)]
    for name in ox["queries"]:
        values = {b: r["queries"][name]["seconds"] for b, r in by.items()}
        values["engine"] = ox["queries"][name].get("engine_seconds", "-")
        rows.append((f"query {name} (s)", values, True))
    rows.append(("path index from the store (s)",
                 {b: r.get("index_s") for b, r in by.items()}, False))
    rows.append(("10 shortest paths from the store, after the index (s)",
                 {b: r.get("store_paths_s") for b, r in by.items()}, False))
    rows.append(("build the full network (to_networkx) (s)",
                 {b: r.get("network_s") for b, r in by.items()}, False))
    rows.append(("10 shortest paths on the full network (s)",
                 {b: r.get("paths_s") for b, r in by.items()}, False))
    rows.append(("peak RSS after (MB)", {b: r["peak_rss_mb_after"] for b, r in by.items()},
                 False))
    return rows


def _verdict(ratio: float | None, bound: bool = False) -> str:
    if ratio is None:
        return "-"
    return f"{'over ' if bound else ''}{ratio:,.0f}x"


def _targets(report: dict) -> list[str]:
    """The issue's targets, each with what was measured and whether it was met."""
    sizes = report["sizes"]
    lines = ["## Targets", "",
             "| target | measured (API: rows as rdflib terms) | Oxigraph engine only | met |",
             "| --- | --- | --- | --- |"]
    if "1m" in sizes:
        by = {r["backend"]: r for r in sizes["1m"]}
        ox, rd = by["oxigraph"], by.get("rdflib")
        if rd:
            ratio = rd["load_s"] / ox["load_s"]
            lenient = rd["load_s"] / ox["load_lenient_s"] if ox.get("load_lenient_s") else None
            lines.append(f"| load at 1M at least 50x faster than rdflib | {ratio:.0f}x "
                         f"(--lenient: {_verdict(lenient)}) | | "
                         f"{'yes' if max(ratio, lenient or 0) >= 50 else 'no'} |")
            timeout = report["meta"].get("query_timeout_s", 0)
            for name, q in ox["queries"].items():
                slow = rd["queries"][name]["seconds"]
                bound = slow is None
                slow = timeout if bound else slow
                api = slow / q["seconds"]
                engine = slow / q["engine_seconds"] if q.get("engine_seconds") else None
                met = "yes" if api >= 50 else ("unknown" if bound else "no")
                lines.append(f"| {name} at 1M at least 50x faster | {_verdict(api, bound)} | "
                             f"{_verdict(engine, bound)} | {met} |")
    if "2m" in sizes:
        ox = {r["backend"]: r for r in sizes["2m"]}["oxigraph"]
        search, index = ox.get("store_paths_s"), ox.get("index_s")
        lines.append(f"| k-shortest paths at 2M under 1 s after load | {search} s from the store "
                     f"once its path index is built ({index} s); {ox.get('paths_s')} s on the "
                     f"full network | | {'yes' if (search or 99) < 1 else 'no'} |")
        lines.append(f"| peak memory at 2M under 3 GB | {ox['peak_rss_mb_after']} MB | | "
                     f"{'yes' if ox['peak_rss_mb_after'] < 3072 else 'no'} |")
    return lines + [""]


def render(report: dict) -> str:
    meta = report["meta"]
    lines = [f"# Scale benchmarks (Python {meta['python']}, {meta['processor_count']} cores)", "",
             f"Fastest of up to {meta.get('repeat', 1)} runs per query (one run if it takes "
             f"over 10 s); time-out after {meta.get('query_timeout_s', 120):g} s. "
             "`oxigraph` is the embedded store in memory, `oxigraph-disk` the persistent one "
             "(`--store PATH`), `endpoint` an `oxigraph serve` on loopback reached over the "
             "SPARQL protocol. Query times are through the API (`run_query`, rows converted "
             "to rdflib terms); `oxigraph engine only` is the in-memory store reading the same "
             "solutions without converting them. Loads use the bulk loader (`load --bulk`)."
             + (" Some columns come from an earlier run (`--merge`)." if meta.get("merged")
                else ""), ""]
    for size, runs in report["sizes"].items():
        by = {r["backend"]: r for r in runs}
        order = [b for b in ("oxigraph", "oxigraph-disk", "endpoint", "rdflib") if b in by]
        columns = order + (["rdflib"] if "rdflib" not in by else [])
        columns.insert(1, "engine")
        heads = ["oxigraph engine only" if c == "engine" else c for c in columns]
        lines += [f"## {size} ({by['oxigraph']['triples']:,} triples)", "",
                  "| measure | " + " | ".join(heads) + " | speed-up (oxigraph vs rdflib) |",
                  "| --- |" + " ---: |" * (len(columns) + 1)]
        for measure, values, compared in _rows(by):
            cells = [("" if "engine" not in values else _cell({}, values["engine"]))
                     if c == "engine" else _cell(by.get(c), values.get(c)) for c in columns]
            ratio = ""
            if compared:
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
