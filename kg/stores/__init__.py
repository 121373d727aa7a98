"""Graph stores behind one interface (:class:`Store`): rdflib in memory, embedded
Oxigraph, any SPARQL 1.1 endpoint; and :class:`GraphSource`, a store with the layers
chosen from it, which is what every command reads. ``RdflibStore`` and ``EndpointStore``
are imported on first use (PEP 562): a query on an embedded store needs neither, nor rdflib.

    >>> store = open_store()
    >>> store is None
    True
"""

from __future__ import annotations

from importlib import import_module
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
from kg.stores.oxigraph import OxigraphStore
from kg.stores.source import GraphSource, as_source

#: the stores imported on first use, and their modules
_LAZY = {"EndpointStore": "kg.stores.endpoint", "RdflibStore": "kg.stores.memory"}


def __getattr__(name: str):  # noqa: ANN202
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg.stores' has no attribute {name!r}")


def open_store(*, store: str | Path | None = None, endpoint: str | None = None,
               read_only: bool = True, timeout: float = 60.0) -> Store | None:
    """The store the CLI options name (``--store PATH`` or ``--endpoint URL``), or None."""
    if store and endpoint:
        raise InputError(None, "give --store or --endpoint, not both")
    if endpoint:
        from kg.stores.endpoint import EndpointStore

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
    if hasattr(source, "select"):
        return source
    from kg.stores.memory import RdflibStore

    return RdflibStore(source)


# EndpointStore and RdflibStore are imported by __getattr__
__all__ = ["DATASET_FORMATS", "EndpointStore", "GraphSource", "LOAD_FORMATS",  # noqa: F822
           "OxigraphStore", "RdflibStore", "Result", "Store", "as_source", "as_store",
           "bind_values", "guess_format", "new_dataset", "open_store"]
