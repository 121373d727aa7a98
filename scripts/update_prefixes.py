"""Regenerate ontology/prefixes.tsv from the Bioregistry (OBO Foundry casing preferred).

The toolkit reads its CURIE prefix map from that file at run time (through
``curies``), so start-up does not load the whole Bioregistry; a test checks
that the file still equals what the Bioregistry says.

    .venv/bin/python scripts/update_prefixes.py      # needs: pip install bioregistry
"""

from __future__ import annotations

import sys
from pathlib import Path

FILE = Path(__file__).resolve().parents[1] / "ontology" / "prefixes.tsv"

#: The prefixes the project uses; their URI prefixes come from the Bioregistry.
PREFIXES = ("BFO", "CHEBI", "CL", "DOID", "GO", "HP", "IAO", "MONDO", "NCBITaxon", "RO",
            "UBERON", "dcterms", "oboInOwl", "orcid", "owl", "rdf", "rdfs", "semapv", "skos",
            "sssom", "xsd")

#: Prefixes that are this project's own (not in the Bioregistry).
OWN = {"b12ms": "https://w3id.org/b12ms-kg/"}


def generate() -> str:
    """The TSV text: a header, then ``prefix<TAB>uri_prefix`` rows sorted by prefix."""
    import bioregistry

    converter = bioregistry.get_converter(
        prefix_priority=["obofoundry.preferred", "preferred", "default"],
        uri_prefix_priority=["obofoundry", "default"])
    rows = dict(OWN)
    for prefix in PREFIXES:
        standard = converter.standardize_prefix(prefix)
        if standard is None:
            raise SystemExit(f"the Bioregistry does not know the prefix {prefix}")
        rows[standard] = converter.expand_pair(standard, "")
    lines = ["prefix\turi_prefix"] + [f"{p}\t{rows[p]}" for p in sorted(rows, key=str.lower)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    FILE.write_text(generate(), encoding="utf-8")
    sys.stdout.write(f"wrote {FILE}\n")
