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
"""

from kg.build import build_dataset
from kg.claims import Claim, Source, load_claims
from kg.network import find_paths, shared_mechanisms, to_networkx
from kg.query import list_queries, run_query

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "Source",
    "__version__",
    "build_dataset",
    "find_paths",
    "list_queries",
    "load_claims",
    "run_query",
    "shared_mechanisms",
    "to_networkx",
]
