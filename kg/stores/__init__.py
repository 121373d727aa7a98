"""Graph stores behind one interface (:class:`Store`): rdflib in memory, embedded
Oxigraph, any SPARQL 1.1 endpoint; and :class:`GraphSource`, a store with the layers
chosen from it, which is what every command reads.

    >>> store = open_store()
    >>> store is None
    True
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.stores.base import (
    DATASET_FORMATS,
    LOAD_FORMATS,
    Result,
    Store,
    bind_values,
    guess_format,
    new_dataset,
)
from kg.stores.endpoint import EndpointStore
from kg.stores.memory import RdflibStore
from kg.stores.oxigraph import OxigraphStore
from kg.stores.source import GraphSource, as_source


def open_store(*, store: str | Path | None = None, endpoint: str | None = None,
               read_only: bool = True, timeout: float = 60.0) -> Store | None:
    """The store the CLI options name (``--store PATH`` or ``--endpoint URL``), or None."""
    if store and endpoint:
        raise InputError(None, "give --store or --endpoint, not both")
    if endpoint:
        return EndpointStore(endpoint, timeout=timeout)
    if store:
        path = Path(store)
        if read_only and not path.exists():
            raise InputError(str(path), "no Oxigraph store here (create one with "
                             "'b12ms-kg load FILE --store PATH')")
        return OxigraphStore(path, read_only=read_only)
    return None


def as_store(source) -> Store:  # noqa: ANN001
    """A store for ``source``: a store (or GraphSource) as it is, an rdflib Dataset wrapped."""
    return source if hasattr(source, "select") else RdflibStore(source)


__all__ = ["DATASET_FORMATS", "EndpointStore", "GraphSource", "LOAD_FORMATS", "OxigraphStore",
           "RdflibStore", "Result", "Store", "as_source", "as_store", "bind_values",
           "guess_format", "new_dataset", "open_store"]
