"""Cross-references to standard ontologies, read from the SSSOM mapping set.

``ontology/mappings/b12ms.sssom.tsv`` is the single source of the mappings; the
build turns each row whose object is a real term into a SKOS annotation on our
class (``skos:exactMatch`` / ``closeMatch`` / ``broadMatch`` / ``narrowMatch``).
Rows whose object is ``sssom:NoTermFound`` document that no term exists (or
none could be verified) and produce no triple.

    >>> rows = read_mappings()
    >>> [r.object_id for r in rows if r.subject_id == "b12ms:MultipleSclerosis" and r.is_mapping]
    ['DOID:2377', 'MONDO:0005301']
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import namespaces
from kg.errors import InputError
from kg.namespaces import DEFINITION
from kg.resources import read_text

MAPPING_FILE = ("ontology", "mappings", "b12ms.sssom.tsv")
NO_TERM = "sssom:NoTermFound"
SKOS_PREDICATES = {"skos:exactMatch": SKOS.exactMatch, "skos:closeMatch": SKOS.closeMatch,
                   "skos:broadMatch": SKOS.broadMatch, "skos:narrowMatch": SKOS.narrowMatch,
                   "skos:relatedMatch": SKOS.relatedMatch}


@dataclass(frozen=True)
class Mapping:
    """One SSSOM row."""

    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    confidence: float | None
    comment: str

    @property
    def is_mapping(self) -> bool:
        """False for rows that record that no term was found."""
        return self.object_id != NO_TERM


def parse_mappings(text: str, where: str) -> list[Mapping]:
    """Parse SSSOM/TSV text (metadata lines start with ``#``)."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    rows = []
    for number, row in enumerate(csv.DictReader(io.StringIO(body), delimiter="\t"), start=2):
        if row["predicate_id"] not in SKOS_PREDICATES:
            raise InputError(where, f"unsupported mapping predicate {row['predicate_id']}", number)
        rows.append(Mapping(row["subject_id"], row["subject_label"], row["predicate_id"],
                            row["object_id"], row.get("object_label", ""),
                            float(row["confidence"]) if row.get("confidence") else None,
                            row.get("comment", "")))
    return rows


def read_mappings() -> list[Mapping]:
    """The packaged mapping set."""
    return parse_mappings(read_text(*MAPPING_FILE), "/".join(MAPPING_FILE))


def mapping_triples(mappings: Iterable[Mapping]) -> Iterable[tuple]:
    """SKOS annotations for every real mapping, and the declarations OWL needs for them."""
    used = set()
    for row in mappings:
        if not row.is_mapping:
            continue
        predicate = SKOS_PREDICATES[row.predicate_id]
        used.add(predicate)
        converter = namespaces.CONVERTER  # (curies, built on first use)
        yield URIRef(converter.expand_strict(row.subject_id)), predicate, URIRef(
            converter.expand_strict(row.object_id))
    for predicate in sorted(used):
        yield predicate, RDF.type, OWL.AnnotationProperty
        yield predicate, RDFS.label, Literal(predicate.split("#")[-1], lang="en")
        yield predicate, DEFINITION, Literal(
            "SKOS mapping to a term of another ontology (see ontology/mappings/b12ms.sssom.tsv).",
            lang="en")
