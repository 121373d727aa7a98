"""The RDF export formats by name and alias, without their writers (:mod:`kg.export`),
so that the CLI can list and check them without importing rdflib.

    >>> get_format("TTL").name, get_format("nq").keeps_layers
    ('turtle', True)
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import InputError


@dataclass(frozen=True)
class Format:
    """An output format: its name, aliases, file extension and whether it keeps each
    layer as its own named graph (TriG, N-Quads)."""

    name: str
    aliases: tuple[str, ...]
    extension: str
    keeps_layers: bool = False


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("turtle", ("ttl",), ".ttl"),
    Format("xml", ("rdfxml", "rdf/xml", "owl"), ".owl"),
    Format("nt", ("ntriples", "n-triples"), ".nt"),
    Format("json-ld", ("jsonld",), ".jsonld"),
    Format("trig", (), ".trig", keeps_layers=True),
    Format("nquads", ("nq", "n-quads"), ".nq", keeps_layers=True),
    Format("graphml", (), ".graphml"),
    Format("kgx-json", ("kgx",), ".kgx.json"),
)}
ALIASES: dict[str, str] = {alias: f.name for f in FORMATS.values() for alias in (f.name, *f.aliases)}


def get_format(name: str) -> Format:
    """Look a format up by name or alias, in any case (``ttl`` -> ``turtle``)."""
    try:
        return FORMATS[ALIASES[name.lower()]]
    except KeyError:
        from kg.suggest import did_you_mean

        hint = did_you_mean(name, ALIASES)
        raise InputError(None, f"unknown format '{name}'" + (f": {hint}" if hint else "")
                         + f" (choose from {', '.join(FORMATS)})") from None


__all__ = ["ALIASES", "FORMATS", "Format", "get_format"]
