"""b12ms-kg: the vitamin B12 deficiency / multiple sclerosis knowledge graph.

The public API, in pipeline order::

    >>> import kg
    >>> ds = kg.build_dataset()                 # TBox + article claims, as named graphs
    >>> len(kg.load_claims()) > 40
    True
    >>> g = kg.to_networkx(ds)                  # networkx.MultiDiGraph of claim edges
    >>> paths = kg.find_paths(g, "vitamin B12 deficiency", "fatigue")
    >>> paths[0].labels()[0], paths[0].labels()[-1]
    ('vitamin B12 deficiency', 'fatigue')
    >>> paths[0].effect, paths[0].certainty     # net effect of the signs; weakest step
    ('increases', 'asserted')
    >>> kg.compare(g, "vitamin B12 deficiency", "multiple sclerosis").convergence_point.label
    'myelin breakdown'
"""

from importlib import import_module

__version__ = "0.1.0"

# Imported on first use (PEP 562), so "b12ms-kg --version" does not load rdflib.
_API = {
    "build_dataset": "kg.build",
    "Claim": "kg.claims",
    "Source": "kg.claims",
    "load_claims": "kg.claims",
    "find_paths": "kg.network",
    "shared_mechanisms": "kg.network",
    "to_networkx": "kg.network",
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
