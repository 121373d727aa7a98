"""owlready2 loads the release ontology; HermiT finds it consistent and a broken one not."""

from __future__ import annotations

import os

import owlready2
import pytest
from conftest import FIXTURES
from rdflib import Graph

from kg.namespaces import B12MS
from kg.reason import check_consistency


def test_owlready2_loads_release_and_hermit_finds_it_consistent(release_graph, tmp_path):
    path = tmp_path / "release.owl"
    release_graph.serialize(destination=str(path), format="xml")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    assert onto.base_iri.startswith("https://w3id.org/b12ms-kg/")
    labels = {str(c.label.first()) for c in onto.classes()}
    assert {"vitamin B12", "multiple sclerosis", "myelin sheath"} <= labels
    owlready2.sync_reasoner(world, infer_property_values=False, debug=0)  # raises if inconsistent
    assert [c for c in world.inconsistent_classes() if c is not owlready2.Nothing] == []


def test_check_consistency_of_release(release_graph):
    report = check_consistency(release_graph)
    assert report.consistent and report.coherent


def test_broken_fixture_is_inconsistent(release_graph):
    broken = Graph()
    broken += release_graph
    broken.parse(FIXTURES / "disease_used_as_chemical.ttl", format="turtle")
    assert check_consistency(broken).consistent is False


def test_unsatisfiable_class_is_reported(release_graph):
    broken = Graph()
    broken += release_graph
    broken.parse(FIXTURES / "unsatisfiable_class.ttl", format="turtle")
    report = check_consistency(broken)
    assert report.consistent and report.unsatisfiable == [str(B12MS.NutrientDisease)]


@pytest.mark.parametrize("name", ["disease_used_as_chemical.ttl", "unsatisfiable_class.ttl"])
def test_broken_fixtures_pass_the_simple_checks(release_graph, name):
    """The errors are semantic: every term is declared, so only the reasoner sees them."""
    from kg.checks import check_declarations

    broken = Graph()
    broken += release_graph
    broken.parse(FIXTURES / name, format="turtle")
    assert len(broken) > len(release_graph)
    assert check_declarations(broken) == []
    report = check_consistency(broken)
    assert not (report.consistent and report.coherent)


@pytest.mark.parametrize("variable,users,expected", [
    (None, None, "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
    ("JDK_JAVA_OPTIONS", "-Xss4m", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss4m"),
    # a collector the user chose: a second one would stop the JVM
    ("JDK_JAVA_OPTIONS", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1 -XX:+UseG1GC"),
    ("JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1"),
    ("_JAVA_OPTIONS", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1"),
    # options from a file may choose one too; the user's own tiers win
    ("JDK_JAVA_OPTIONS", "@{folder}/gc.args", "-XX:TieredStopAtLevel=1 @{folder}/gc.args"),
    ("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=4", "-XX:+UseSerialGC")])
def test_hermit_starts_java_with_the_jvm_options_then_the_users(release_graph, monkeypatch,
                                                                tmp_path, variable, users,
                                                                expected):
    """The java launcher picks up kg.reason's options and, after them (so they win), the
    user's own JDK_JAVA_OPTIONS, with no second collector; HermiT runs; the environment is
    as it was afterwards."""
    import owlready2.reasoning

    for name in ("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "gc.args").write_text("-XX:+UseParallelGC\n")
    users, expected = (None if users is None else users.format(folder=tmp_path),
                       expected.format(folder=tmp_path))
    if variable is not None:
        monkeypatch.setenv(variable, users)
    outputs = []
    real = owlready2.reasoning.subprocess.check_output

    def recording(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        outputs.append(real(*args, **kwargs))
        return outputs[-1]

    monkeypatch.setattr(owlready2.reasoning.subprocess, "check_output", recording)
    report = check_consistency(release_graph)
    assert report.consistent and report.coherent and report.hierarchy
    picked = [line for line in outputs[0].decode().splitlines()
              if line.startswith("NOTE: Picked up JDK_JAVA_OPTIONS:")]
    assert picked == [f"NOTE: Picked up JDK_JAVA_OPTIONS: {expected}"]
    assert os.environ.get(variable or "JDK_JAVA_OPTIONS") == users


def test_a_java_option_the_jvm_refuses_is_named_in_the_one_line_error(release_graph,
                                                                       monkeypatch):
    from kg.errors import CheckError

    monkeypatch.setenv("JDK_JAVA_OPTIONS", "-XX:+UseNoSuchGC")
    with pytest.raises(CheckError) as error:
        check_consistency(release_graph)
    assert str(error.value) == "HermiT failed: Unrecognized VM option 'UseNoSuchGC'"
