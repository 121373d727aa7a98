"""The least a Python program can do to answer a query on a store: import pyoxigraph,
open the store read-only, run the query text over the union of its graphs and let
Oxigraph write the results to stdout. benchmarks/engine.py times it beside `oxigraph
query` and `b12ms-kg query`, as the floor for any Python command.

    python benchmarks/pyoxigraph_query.py STORE QUERY.rq csv|tsv|json
"""

import sys

import pyoxigraph as ox

FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
           "json": ox.QueryResultsFormat.JSON}


def main(store: str, query_file: str, fmt: str) -> None:
    with open(query_file, encoding="utf-8") as handle:
        text = handle.read()
    result = ox.Store.read_only(store).query(text, use_default_graph_as_union=True)
    result.serialize(sys.stdout.buffer, FORMATS[fmt])


if __name__ == "__main__":
    main(*sys.argv[1:])
