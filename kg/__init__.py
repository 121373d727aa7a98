"""b12ms-kg: the vitamin B12 deficiency / multiple sclerosis knowledge graph.

The public API, in pipeline order::

    >>> import kg
    >>> ds = kg.build_dataset()                 # TBox + article claims, as named graphs
    >>> len(kg.load_claims()) > 40
    True
    >>> g = kg.to_networkx(ds)                  # networkx.MultiDiGraph of claim edges
    >>> paths = kg.find_paths(g, "multiple sclerosis", "fatigue")
    >>> [p.labels() for p in paths]
    [['multiple sclerosis', 'fatigue'], ['multiple sclerosis', 'autoimmune attack on myelin', 'fatigue']]
    >>> paths[0].status, paths[0].certainty     # one edge a source states, as stated
    ('stated', 'asserted')
    >>> paths[1].status, paths[1].certainty, paths[1].weakest_premise_certainty
    ('derived', None, 'asserted')
    >>> kg.compare(g, "vitamin B12 deficiency", "multiple sclerosis").convergence_point.label
    'impaired myelin production'
    >>> source = kg.GraphSource(kg.RdflibStore(ds), ["article"])   # a store and its layers
    >>> kg.run_query(source, "count_claims_by_certainty").rows[0][0].value
    'article'
"""

from importlib import import_module

__version__ = "0.1.0"

# Imported on first use (PEP 562), so "b12ms-kg --version" does not load rdflib.
_API = {
    "build_dataset": "kg.build",
    "Claim": "kg.claims",
    "Source": "kg.claims",
    "load_claims": "kg.claims",
    "find_paths": "kg.paths",
    "shared_mechanisms": "kg.paths",
    "to_networkx": "kg.network",
    "resolve_node": "kg.names",
    "GraphSource": "kg.stores",
    "RdflibStore": "kg.stores",
    "OxigraphStore": "kg.stores",
    "EndpointStore": "kg.stores",
    "open_store": "kg.stores",
    "PathIndex": "kg.pathindex",
    "compare": "kg.mechanism",
    "intervene": "kg.mechanism",
    "draw": "kg.draw",
    "claims_markdown": "kg.docs",
    "list_queries": "kg.query",
    "run_query": "kg.query",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
