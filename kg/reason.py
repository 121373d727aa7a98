"""DL reasoning with HermiT (through owlready2): consistency and unsatisfiable classes.

HermiT runs on Java; owlready2 ships the HermiT jar. owlready2 does not read
Turtle, so the graph is handed over as N-Triples in a temporary folder.

    >>> from kg.build import build_dataset
    >>> from kg.export import canonical_graph
    >>> report = check_consistency(canonical_graph(build_dataset().graphs()))  # doctest: +SKIP
    >>> report.consistent, report.unsatisfiable  # doctest: +SKIP
    (True, [])
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.errors import CheckError


@dataclass(frozen=True)
class ReasonerReport:
    """What HermiT found: consistency, and classes that can have no members."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    reasoner: str = "HermiT (owlready2)"

    @property
    def coherent(self) -> bool:
        """Consistent and with no unsatisfiable class."""
        return self.consistent and not self.unsatisfiable


def check_consistency(graph: Graph) -> ReasonerReport:
    """Run HermiT on ``graph``; raise :class:`CheckError` if Java is missing."""
    import owlready2

    java = shutil.which(owlready2.JAVA_EXE) or shutil.which("java")
    if java is None:
        raise CheckError("HermiT needs Java, and no 'java' is on PATH (install a JRE, e.g. "
                         "'apt-get install default-jre-headless')")
    owlready2.JAVA_EXE = java
    with tempfile.TemporaryDirectory(prefix="b12ms-kg-") as folder:
        path = Path(folder) / "ontology.nt"
        graph.serialize(destination=str(path), format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            world.get_ontology(path.as_uri()).load()
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonerReport(consistent=False)
        except owlready2.OwlReadyJavaError as exc:
            raise CheckError(f"HermiT failed: {str(exc).strip().splitlines()[-1]}") from None
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes()
                               if c.iri != "http://www.w3.org/2002/07/owl#Nothing")
        world.close()
    return ReasonerReport(consistent=True, unsatisfiable=unsatisfiable)
