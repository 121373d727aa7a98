"""A tiny smoke run of the benchmark generator (the benchmarks themselves are not tests)."""

from __future__ import annotations

import importlib.util
import io

from conftest import REPO
from rdflib import Dataset

from kg.namespaces import B12MS
from kg.network import to_networkx
from kg.paths import find_paths
from kg.stores import OxigraphStore


def _generator():
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_is_deterministic_and_loads(tmp_path):
    generate = _generator().generate
    first, second = io.StringIO(), io.StringIO()
    count = generate(5000, first)
    assert generate(5000, second) == count and first.getvalue() == second.getvalue()
    assert 5000 <= count < 5000 + 20
    path = tmp_path / "kg.nq"
    path.write_text(first.getvalue(), encoding="utf-8")
    ds = Dataset()
    ds.parse(path, format="nquads")
    synthetic = ds.graph(B12MS["graph/synthetic"])
    assert len(synthetic) > 1000
    store = OxigraphStore()
    # an edge drawn twice is one triple with two claim axioms, as with two real sources
    assert store.load(path) == len(set(first.getvalue().splitlines()))
    g = to_networkx(store)
    assert sum(1 for node in g if node.startswith("b12ms:Synth")) > 50
    paths = find_paths(g, "vitamin B12 deficiency", "fatigue", max_length=20, max_paths=50)
    assert len(paths) == 50  # bounded: more paths exist through the synthetic nodes
    assert any(node.startswith("b12ms:Synth") for p in paths for node in p.nodes)
    # path search straight from the store finds the same paths, with the same claims
    from kg.pathindex import PathIndex

    assert [p.as_dict() for p in PathIndex(store).find_paths(
        "vitamin B12 deficiency", "fatigue", max_length=20, max_paths=50)] == [
        p.as_dict() for p in paths]
