"""Shared fixtures. The suite runs against the installed wheel (see scripts/test.sh)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

import kg
from kg.build import build_dataset
from kg.export import serialize
from kg.network import to_networkx

REPO = Path(__file__).resolve().parents[1]
ARTICLE = Path(os.environ.get("B12MS_ARTICLE", REPO.parent / "shared" / "source" / "article.txt"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def article_text() -> str:
    """The source article as given to the project (../shared/source/article.txt)."""
    assert ARTICLE.is_file(), f"source article not found at {ARTICLE} (set B12MS_ARTICLE)"
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def dataset():
    return build_dataset()


@pytest.fixture(scope="session")
def release_turtle(dataset) -> bytes:
    return serialize(dataset, "turtle")


@pytest.fixture(scope="session")
def release_graph(release_turtle) -> Graph:
    """The exported release Turtle, parsed back with rdflib."""
    return Graph().parse(data=release_turtle, format="turtle")


@pytest.fixture(scope="session")
def mechanism_graph(dataset):
    return to_networkx(dataset)


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None
            ) -> subprocess.CompletedProcess:
    """Run the installed command line in a clean working folder (not the checkout)."""
    merged = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True,
                          cwd=cwd or FIXTURES, env=merged, timeout=300)


@pytest.fixture()
def cli():
    return run_cli


def release_store(folder: Path, fmt: str = "trig") -> Path:
    """Export the release graph and load it, with the CLI, into a new Oxigraph store."""
    release = folder / f"release.{ {'trig': 'trig', 'nquads': 'nq'}[fmt] }"
    assert run_cli("export", "-f", fmt, "-o", str(release)).returncode == 0
    store = folder / "store"
    loaded = run_cli("load", str(release), "--store", str(store))
    assert loaded.returncode == 0, loaded.stderr
    assert "triples/s" in loaded.stdout.decode()
    return store


def pyoxigraph_rdfc(quads, *, layered: bool = False) -> bytes:
    """The reference labels: pyoxigraph's own RDFC-1.0 of pyoxigraph ``quads`` (or
    triples), sorted N-Quads lines; all in the default graph unless ``layered``."""
    import pyoxigraph as ox

    dataset = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object,
                                 q.graph_name if layered else ox.DefaultGraph()) for q in quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return b"".join(sorted(ox.serialize(dataset, format=ox.RdfFormat.N_QUADS)
                           .splitlines(keepends=True)))


def same_dataset(first, second, *, layered: bool = False) -> bool:
    """Whether two collections of pyoxigraph quads (or triples) are the same dataset up to
    blank node labels (the same graph, all in the default graph, unless ``layered``):
    :func:`pyoxigraph_rdfc` alike, or else isomorphic as networkx multigraphs (pyoxigraph
    0.5's ``canonicalize`` can label two copies of a very symmetric dataset differently,
    so its difference alone does not say they differ)."""
    import networkx as nx
    import pyoxigraph as ox

    first, second = list(first), list(second)
    if pyoxigraph_rdfc(first, layered=layered) == pyoxigraph_rdfc(second, layered=layered):
        return True

    def multigraph(quads) -> nx.MultiDiGraph:  # noqa: ANN001
        graph = nx.MultiDiGraph()
        for q in quads:
            for term in (q.subject, q.object):
                graph.add_node(term, label="_" if isinstance(term, ox.BlankNode) else str(term))
            name = str(getattr(q, "graph_name", "")) if layered else ""
            graph.add_edge(q.subject, q.object, label=(str(q.predicate), name))
        return graph

    match = nx.algorithms.isomorphism
    return len(first) == len(second) and nx.is_isomorphic(
        multigraph(first), multigraph(second),
        node_match=match.categorical_node_match("label", None),
        edge_match=match.categorical_multiedge_match("label", None))


def write_label_search(folder: Path) -> Path:
    """An ad-hoc query with one literal parameter, ``text``: labels that contain it."""
    query = folder / "search.rq"
    query.write_text("# param: text literal ; text to look for\n"
                     "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                     "SELECT DISTINCT ?label WHERE { ?x rdfs:label ?label . "
                     "FILTER(CONTAINS(LCASE(STR(?label)), LCASE(?text))) } ORDER BY ?label\n")
    return query


__all__ = ["ARTICLE", "FIXTURES", "REPO", "kg", "pyoxigraph_rdfc", "release_store", "run_cli",
           "same_dataset", "write_label_search"]
