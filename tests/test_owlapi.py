"""The release as Protégé reads it: through the OWL API (Debian's libowlapi-java, the
library Protégé is built on), not through rdflib or owlready2, which we also write with.

scripts/test.sh installs ``libowlapi-java`` and sets KG_REQUIRE_OWLAPI, so in CI these
tests run; elsewhere they are skipped when Java or the OWL API is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, URIRef

from kg.build import build_dataset
from kg.export import serialize

CHECKER = Path(__file__).resolve().parent / "owlapi" / "CheckOntology.java"
OWLAPI_JAR = Path("/usr/share/java/owlapi-distribution.jar")


@pytest.fixture(scope="module")
def owlapi():
    """A function that opens a file with the OWL API and returns its report lines."""
    if shutil.which("java") is None or not OWLAPI_JAR.is_file():
        if os.environ.get("KG_REQUIRE_OWLAPI"):
            pytest.fail("the OWL API is required (scripts/test.sh installs libowlapi-java)")
        pytest.skip("Java or the OWL API is missing (scripts/test.sh installs libowlapi-java)")

    def check(path: Path) -> dict[str, list[str]]:
        done = subprocess.run(["java", "-cp", "/usr/share/java/*", str(CHECKER), str(path)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        report: dict[str, list[str]] = {}
        for line in done.stdout.splitlines():
            key, _, value = line.partition("\t")
            report.setdefault(key, []).append(value)
        return report

    return check


def _named(graph: Graph, kind: URIRef) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


CASES = [("turtle", ("article", "background")), ("xml", ("article", "background")),
         ("turtle", ("article", "background", "inferred"))]


@pytest.mark.parametrize(("fmt", "layers"), CASES,
                         ids=lambda case: case if isinstance(case, str) else "+".join(case))
def test_the_owl_api_reads_every_triple_as_owl_2_dl(owlapi, tmp_path, fmt, layers):
    data = serialize(build_dataset(layers=layers), fmt, layers)
    path = tmp_path / f"release.{fmt}"
    path.write_bytes(data)
    report = owlapi(path)
    assert report["format"] == [{"turtle": "Turtle", "xml": "RDF/XML Syntax"}[fmt]]
    # every triple became an axiom or an annotation: nothing Protégé would silently drop
    assert report["unparsed-count"] == ["0"], report.get("unparsed")
    assert report["dl-violation-count"] == ["0"], report.get("dl-violation")
    assert "undeclared" not in report, report.get("undeclared")
    assert not any("owlapi/error#" in line for lines in report.values() for line in lines)
    graph = Graph().parse(data=data, format=fmt)
    declared = {line.split("\t")[1] for line in report["declared"]
                if line.startswith("Class\t")}
    assert declared == _named(graph, OWL.Class)
    properties = {line.split("\t")[1] for line in report["declared"]
                  if line.startswith("ObjectProperty\t")}
    assert properties == _named(graph, OWL.ObjectProperty)
    assert int(report["axioms"][0]) > len(declared)


def test_the_checker_sees_what_protege_would_drop_or_reject(owlapi, tmp_path):
    """The checker is not blind: undeclared terms, DL violations and triples the OWL API
    cannot read as OWL (it turns them into error classes) are reported; the release test
    above asserts there are none."""
    path = tmp_path / "broken.ttl"
    path.write_text("""@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
<http://example.org/o> a owl:Ontology .
ex:A a owl:Class ; rdfs:subClassOf ex:Undeclared .
ex:p a owl:ObjectProperty .
ex:A owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:p ] .
""", encoding="utf-8")
    report = owlapi(path)
    assert report["format"] == ["Turtle"]
    assert int(report["dl-violation-count"][0]) >= 2
    undeclared = "\n".join(report["undeclared"])
    assert "http://example.org/Undeclared" in undeclared
    assert "owlapi/error#" in undeclared  # the restriction without a filler


def test_new_entities_of_a_claims_file_are_declared_classes_for_the_owl_api(owlapi, tmp_path):
    """A claims file's ``entities:`` become classes Protégé shows: the merged Turtle opens
    in the OWL API with them declared, no DL violation."""
    from conftest import FIXTURES, run_cli

    out = tmp_path / "merged.ttl"
    done = run_cli("export", "-f", "turtle", "--claims",
                   str(FIXTURES / "new_entities_claims.yaml"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    report = owlapi(out)
    assert report["unparsed-count"] == ["0"] and report["dl-violation-count"] == ["0"]
    assert "undeclared" not in report, report.get("undeclared")
    classes = {line.split("\t")[1] for line in report["declared"] if line.startswith("Class\t")}
    assert {"https://w3id.org/b12ms-kg/Homocysteine",
            "https://w3id.org/b12ms-kg/MethylmalonicAcid"} <= classes
