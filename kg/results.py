"""Query results rendered from rdflib terms: an aligned table, or SPARQL CSV, TSV and JSON
results written as Oxigraph's own results writer writes them, so that every back end
gives the same bytes (:func:`kg.query.write_query` uses the engine's writer where the
store has one, and these otherwise). ``kg.query`` exports these names too.

    >>> from rdflib import Literal
    >>> from kg.stores import Result
    >>> result = Result(["x", "n"], [(URIRef("https://w3id.org/b12ms-kg/Fatigue"), Literal(3))])
    >>> print(format_result(result), end="")
    x              n
    -------------  -
    b12ms:Fatigue  3
    (1 row)
    >>> format_result(result, "csv")
    'x,n\\r\\nhttps://w3id.org/b12ms-kg/Fatigue,3\\r\\n'
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

from rdflib import BNode, URIRef

from kg.errors import InputError
from kg.lookup import compact
from kg.query import RESULT_FORMATS, QueryResult
from kg.stores.base import boolean_text
from kg.terms import XSD_STRING


def _plain(term) -> str | None:  # noqa: ANN001
    if term is None:
        return None
    if isinstance(term, URIRef):
        return compact(term)
    return str(term)


def _json_term(term) -> dict:  # noqa: ANN001
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and str(term.datatype) != XSD_STRING:
        out["datatype"] = str(term.datatype)
    return out


def _csv_cell(term) -> str:  # noqa: ANN001
    if term is None:
        return ""
    return "_:" + str(term) if isinstance(term, BNode) else str(term)


#: Turtle's short forms of numbers and booleans, which SPARQL TSV writes bare (as Oxigraph)
_SHORT_FORMS = {
    "http://www.w3.org/2001/XMLSchema#integer": re.compile(r"[+-]?[0-9]+"),
    "http://www.w3.org/2001/XMLSchema#decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    "http://www.w3.org/2001/XMLSchema#double": re.compile(
        r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    "http://www.w3.org/2001/XMLSchema#boolean": re.compile(r"true|false"),
}
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_term(term) -> str:  # noqa: ANN001
    """A term as SPARQL TSV writes it (Turtle syntax, numbers and booleans in their short
    form, escapes inside strings so that a value stays on its line), as Oxigraph does.

    >>> from rdflib import Literal
    >>> tsv_term(Literal(3)), tsv_term(Literal("a\\tb", lang="en")), tsv_term(URIRef("http://x"))
    ('3', '"a\\\\tb"@en', '<http://x>')
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    datatype = str(term.datatype) if term.datatype else None
    short = _SHORT_FORMS.get(datatype)
    if short is not None and short.fullmatch(term):
        return str(term)
    text = '"' + str(term).translate(_TSV_ESCAPES) + '"'
    if term.language:
        return f"{text}@{term.language}"
    return text if datatype in (None, XSD_STRING) else f"{text}^^<{datatype}>"


def iter_result(result: QueryResult, fmt: str = "table") -> Iterator[str]:
    """Render a result piece by piece: SPARQL CSV/TSV/JSON stream row by row (so millions
    of rows never sit in memory as text), written as Oxigraph's own results writer writes
    them (compact JSON, Turtle short forms in TSV), so every back end gives the same
    bytes; the aligned table needs every row first."""
    if fmt not in RESULT_FORMATS:
        raise InputError(None, f"unknown format '{fmt}' (choose from {', '.join(RESULT_FORMATS)})")
    if result.boolean is not None:
        yield boolean_text(result.boolean, "json" if fmt == "json" else "text")
        return
    if fmt == "json":
        yield '{"head":' + json.dumps({"vars": result.variables}, separators=(",", ":")) + \
            ',"results":{"bindings":['
        separator = ""
        for row in result.rows:
            binding = {v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
            yield separator + json.dumps(binding, ensure_ascii=False, separators=(",", ":"))
            separator = ","
        yield "]}}\n"
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_csv_cell(t) for t in row])
            yield out.getvalue()
            out.seek(0)
            out.truncate()
        yield out.getvalue()
    elif fmt == "tsv":
        yield "\t".join("?" + v for v in result.variables) + "\n"
        for row in result.rows:
            yield "\t".join(tsv_term(t) for t in row) + "\n"
    else:
        cells = [[_plain(t) or "" for t in row] for row in result.rows]
        widths = [max([len(v)] + [len(r[i]) for r in cells])
                  for i, v in enumerate(result.variables)]
        lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths)).rstrip(),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
        lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
        yield "\n".join(lines) + "\n"


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result as an aligned table, SPARQL CSV/TSV, or SPARQL JSON results."""
    return "".join(iter_result(result, fmt))
