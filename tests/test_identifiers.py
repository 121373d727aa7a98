"""CURIEs are expanded and compacted as curies (the reference library) does it."""

import curies
import pytest
from rdflib import URIRef

from kg import namespaces
from kg.build import build_dataset
from kg.identifiers import compact, expand_curie

CONVERTER = curies.Converter.from_prefix_map(namespaces.PREFIXES)


def test_compact_agrees_with_curies_on_every_iri_of_the_graph():
    ds = build_dataset(layers=("article", "background", "inferred"))
    iris = {str(t) for quad in ds.quads() for t in quad if isinstance(t, URIRef)}
    iris |= {ns for ns in namespaces.PREFIXES.values()}  # a bare URI prefix: empty local part
    iris |= {"http://example.org/x", "http://purl.obolibrary.org/obo/UNKNOWN_1"}
    assert len(iris) > 150
    assert {i: compact(URIRef(i)) for i in iris} == {i: CONVERTER.compress(i) or i for i in iris}


@pytest.mark.parametrize("curie", ["MONDO:0005301", "RO:0002452", "b12ms:Fatigue", "b12ms:",
                                   "mondo:0005301", "nope:x", "oboInOwl:hasExactSynonym",
                                   "skos:exactMatch", "xsd:string", "GO:0042552"])
def test_expand_agrees_with_curies(curie):
    expanded = expand_curie(curie)
    assert (str(expanded) if expanded is not None else None) == CONVERTER.expand(curie)


def test_expand_refuses_an_iri_that_sparql_forbids():
    assert expand_curie("b12ms:a>b") is None
