"""The prebuilt built-in graph (ontology/b12ms-kg.nq) is what the build produces, serves
only the layer sets it holds as built, and is not read once its sources change."""

from __future__ import annotations

import pytest
from conftest import REPO, run_cli
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg import prebuilt
from kg.build import build_dataset
from kg.infer import _Explainer, closure_of
from kg.namespaces import LAYERS, layer_iri
from kg.prebuilt import closure_bytes, prebuilt_bytes, prebuilt_closure, prebuilt_store
from kg.resources import read_text
from kg.stores import GraphSource

STALE = "ontology/b12ms-kg.nq is stale: run 'python -m kg.prebuilt' and commit it"


@pytest.fixture(scope="module")
def fresh() -> bytes:
    return prebuilt_bytes()


def test_committed_prebuilt_file_is_what_the_build_produces(fresh):
    assert (REPO / "ontology" / "b12ms-kg.nq").read_bytes() == fresh, STALE
    assert read_text("ontology", "b12ms-kg.nq").encode("utf-8") == fresh, STALE + " (wheel)"


def test_the_installed_package_reads_its_prebuilt_graph():
    # the wheel's data folder has the same sources (same digest) as the checkout
    assert prebuilt_store(["article", "background"]) is not None


@pytest.mark.parametrize("layers", [("article", "background"), ("article",), ("background",),
                                    ("article", "background", "inferred"), ()])
def test_each_served_layer_set_is_the_graph_built_for_it(layers):
    built = build_dataset(layers=layers)
    source = GraphSource(prebuilt_store(layers), list(layers))
    read = source.dataset()
    names = [LAYERS["ontology"], *(layer_iri(n) for n in layers)]
    assert sorted(g for g in source.named_graphs()) == sorted(names)
    for name in names:
        assert isomorphic(read.graph(name), built.graph(name)), name
    assert sum(len(read.graph(n)) for n in names) == sum(len(g) for g in built.graphs())


@pytest.mark.parametrize("layers", [("inferred",), ("article", "inferred"),
                                    ("background", "inferred"), ("article", "my-review")])
def test_a_layer_set_it_does_not_hold_as_built_is_built(layers):
    assert prebuilt_store(layers) is None


def test_changed_sources_are_built_not_read(monkeypatch):
    monkeypatch.setattr(prebuilt, "sources_digest", lambda: "0" * 64)
    assert prebuilt_store(["article", "background"]) is None


def test_the_commands_answer_alike_from_the_prebuilt_graph_and_the_build():
    for args in (["query", "list_symptoms", "-f", "csv"], ["paths", "multiple sclerosis", "fatigue"],
                 ["compare", "-f", "json"], ["export", "-f", "nq", "--layers",
                                             "article,background,inferred"],
                 ["explain", "multiple sclerosis", "causes", "neurological symptom"],
                 ["explain", "vitamin B12 deficiency", "impairs", "nervous system functioning",
                  "-f", "json", "--layers", "article,background,inferred"]):
        read = run_cli(*args).stdout
        built = run_cli(*args, env={"B12MS_KG_NO_PREBUILT": "1"}).stdout
        assert read == built and len(read) > 200, args


def test_the_prebuilt_file_parses_as_n_quads_with_its_four_layers(fresh):
    ds = Dataset()
    ds.parse(data=fresh.decode("utf-8"), format="nquads")
    names = {str(g.identifier).rsplit("/", 1)[1] for g in ds.graphs() if len(g)}
    assert names == {"ontology", "article", "background", "inferred"}


def test_committed_closure_file_is_what_owlrl_computes():
    fresh = closure_bytes()
    stale = "ontology/b12ms-kg.closure.nt is stale: run 'python -m kg.prebuilt' and commit it"
    assert (REPO / "ontology" / "b12ms-kg.closure.nt").read_bytes() == fresh, stale
    assert read_text("ontology", "b12ms-kg.closure.nt").encode("utf-8") == fresh, stale


@pytest.mark.parametrize("layers", [("article", "background"), ("article", "background", "inferred")])
def test_the_closure_read_is_the_closure_computed_and_explains_alike(layers):
    source = GraphSource(prebuilt_store(layers), list(layers))
    read = prebuilt_closure(source)
    ds = source.dataset()
    computed = closure_of(ds)
    rdf = Graph()  # RDF has no literal subjects
    for triple in computed:
        if not isinstance(triple[0], Literal):
            rdf.add(triple)
    assert len(read) == len(rdf) > 1000 and isomorphic(read, rdf)
    # every edge between IRIs the closure holds (stated, entailed, or in the ontology):
    # the same derivation, or none, from the closure read and the closure computed
    ours, theirs = _Explainer(ds, read), _Explainer(ds, computed)
    edges = sorted(t for t in computed if isinstance(t[0], URIRef) and isinstance(t[2], URIRef))
    explained = 0
    for edge in edges:
        a, b = ours.explain(edge), theirs.explain(edge)
        assert (a and a.as_dict()) == (b and b.as_dict()), edge
        explained += a is not None
    assert explained > 200


@pytest.mark.parametrize("layers", [("article",), ("background",), ()])
def test_the_closure_is_read_only_for_the_layers_it_was_computed_for(layers):
    assert prebuilt_closure(GraphSource(prebuilt_store(layers), list(layers))) is None


def test_the_closure_is_not_read_for_a_store_or_stale_sources(monkeypatch, dataset):
    from kg.stores import RdflibStore

    assert prebuilt_closure(GraphSource(RdflibStore(dataset), ["article", "background"])) is None
    source = GraphSource(prebuilt_store(["article", "background"]), ["article", "background"])
    monkeypatch.setattr(prebuilt, "sources_digest", lambda: "0" * 64)
    assert prebuilt_closure(source) is None
