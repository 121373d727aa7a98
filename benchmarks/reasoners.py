"""owlrl (the reasoner of the ``inferred`` layer) against ``reasonable`` (a Rust OWL 2 RL
reasoner with Python bindings), on the article graph and on small synthetic graphs.

Both get the same asserted graph (TBox and claim layers); what is compared is what the
``inferred`` layer is made of: the entailed edges between classes
(:func:`kg.infer._entailed_edges`). Run from an installed environment with
``pip install reasonable`` (not a dependency of the toolkit):

    .venv/bin/python benchmarks/reasoners.py --sizes 20000,50000

Writes benchmarks/results/reasoners.json and reasoners.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from rdflib import Dataset, Graph

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def synthetic(size: int) -> Dataset:
    sys.path.insert(0, str(HERE))
    import io

    from generate import generate

    text = io.StringIO()
    generate(size, text)
    ds = Dataset()
    ds.parse(data=text.getvalue(), format="nquads")
    return ds


def compare_reasoners(ds: Dataset) -> dict:
    import reasonable

    from kg.infer import _asserted, _entailed_edges, closure_of

    asserted = _asserted(ds)
    start = time.perf_counter()
    by_owlrl = closure_of(ds)
    owlrl_seconds = time.perf_counter() - start
    start = time.perf_counter()
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(asserted)
    closure = Graph()
    for triple in reasoner.reason():
        closure.add(triple)
    reasonable_seconds = time.perf_counter() - start
    a, b = set(_entailed_edges(ds, by_owlrl)), set(_entailed_edges(ds, closure))
    return {"triples": len(asserted), "owlrl_s": round(owlrl_seconds, 3),
            "reasonable_s": round(reasonable_seconds, 3),
            "speed-up": round(owlrl_seconds / max(reasonable_seconds, 1e-9), 1),
            "entailed_edges_owlrl": len(a), "entailed_edges_reasonable": len(b),
            "same_edges": a == b, "only_owlrl": sorted(" ".join(map(str, x)) for x in a - b)[:10],
            "only_reasonable": sorted(" ".join(map(str, x)) for x in b - a)[:10]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000", help="synthetic sizes (triples), comma-separated")
    args = parser.parse_args()
    from kg.build import build_dataset

    runs = {"article": compare_reasoners(build_dataset())}
    for size in filter(None, args.sizes.split(",")):
        runs[f"synthetic {int(size):,}"] = compare_reasoners(synthetic(int(size)))
    from importlib.metadata import version

    import reasonable  # noqa: F401 - the version below

    report = {"python": platform.python_version(), "owlrl": version("owlrl"),
              "reasonable": version("reasonable"), "runs": runs}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "reasoners.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [f"# owlrl {report['owlrl']} vs reasonable {report['reasonable']} "
             f"(Python {report['python']})", "",
             "| graph | asserted triples | owlrl (s) | reasonable (s) | speed-up | entailed edges "
             "owlrl / reasonable | same inferred edges |", "| --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for name, run in runs.items():
        lines.append(f"| {name} | {run['triples']:,} | {run['owlrl_s']} | {run['reasonable_s']} | "
                     f"{run['speed-up']}x | {run['entailed_edges_owlrl']} / "
                     f"{run['entailed_edges_reasonable']} | {'yes' if run['same_edges'] else 'no'} |")
    (RESULTS / "reasoners.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
