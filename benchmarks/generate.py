"""Deterministic generator of a synthetic mechanism KG in the b12ms-kg vocabulary.

The output (N-Quads) holds the real release graph (TBox, article and background
layers) plus a synthetic layer ``graph/synthetic`` of made-up classes and claim
edges with provenance axioms shaped like the real ones (sentence, offsets,
certainty, source, identifier). It has hubs (a few nodes with very many edges)
and long causal chains from vitamin B12 deficiency and multiple sclerosis to the
four symptoms, so path search has real work to do.

    python benchmarks/generate.py 1000000 -o benchmarks/data/kg-1m.nq

The same size and seed always give byte-identical output.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

BASE = "https://w3id.org/b12ms-kg/"
GRAPH = f"<{BASE}graph/synthetic>"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
OBO = "http://purl.obolibrary.org/obo/"

CATEGORIES = ["BiologicalProcess", "PathologicalProcess", "AnatomicalStructure", "Symptom"]
PREDICATES = [BASE + "causes", BASE + "involves", BASE + "impairs", BASE + "enables",
              BASE + "disrupts", BASE + "damages", OBO + "RO_0002452", BASE + "promotes"]
CERTAINTY = [BASE + "Asserted"] * 8 + [BASE + "Hypothesis"] * 3 + [BASE + "OpenQuestion"]
CAUSES = ["VitaminB12Deficiency", "MultipleSclerosis"]
SYMPTOMS = ["Fatigue", "MuscleWeakness", "CoordinationProblems", "CognitiveImpairment"]
TRIPLES_PER_NODE = 5
TRIPLES_PER_EDGE = 11


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Writer:
    """Writes quads of the synthetic layer and counts them."""

    def __init__(self, out):  # noqa: ANN001
        self.out, self.count = out, 0

    def quad(self, s: str, p: str, o: str) -> None:
        self.out.write(f"{s} <{p}> {o} {GRAPH} .\n")
        self.count += 1

    def node(self, index: int, rng: random.Random) -> str:
        iri = f"<{BASE}Synth{index}>"
        self.quad(iri, RDF + "type", f"<{OWL}Class>")
        self.quad(iri, RDF + "type", f"<{OWL}NamedIndividual>")
        self.quad(iri, RDFS + "label", _lit(f"synthetic entity {index}") + "@en")
        self.quad(iri, RDFS + "subClassOf", f"<{BASE}{rng.choice(CATEGORIES)}>")
        self.quad(iri, OBO + "IAO_0000115", _lit(f"A made-up class number {index}.") + "@en")
        return iri

    def edge(self, index: int, s: str, p: str, o: str, rng: random.Random) -> None:
        sentence = f"Synthetic claim {index}: {s[len(BASE) + 1:-1]} relates to {o[len(BASE) + 1:-1]}."
        self.quad(s, p, o)
        axiom = f"_:a{index}"
        start = rng.randrange(0, 100000)
        self.quad(axiom, RDF + "type", f"<{OWL}Axiom>")
        self.quad(axiom, OWL + "annotatedSource", s)
        self.quad(axiom, OWL + "annotatedProperty", f"<{p}>")
        self.quad(axiom, OWL + "annotatedTarget", o)
        self.quad(axiom, DCT + "identifier", _lit(f"S{index}"))
        self.quad(axiom, BASE + "supportingText", _lit(sentence) + "@en")
        self.quad(axiom, BASE + "textStart", f'"{start}"^^<{XSD}integer>')
        self.quad(axiom, BASE + "textEnd", f'"{start + len(sentence)}"^^<{XSD}integer>')
        self.quad(axiom, BASE + "certainty", f"<{rng.choice(CERTAINTY)}>")
        self.quad(axiom, DCT + "source", f"<{BASE}source/synthetic-{index % 97}>")
        self.quad(axiom, BASE + "layer", GRAPH)


def generate(triples: int, out, seed: int = 12) -> int:  # noqa: ANN001
    """Write about ``triples`` quads (the real release graph included); return the count."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from kg.build import build_dataset
    from kg.export import serialize

    real = serialize(build_dataset(), "nquads").decode("utf-8")
    out.write(real)
    written = real.count("\n")
    rng = random.Random(seed)
    writer = Writer(out)
    budget = max(triples - written, 0)
    nodes_count = max(budget // (TRIPLES_PER_NODE + 3 * TRIPLES_PER_EDGE), 20)
    nodes = [writer.node(i, rng) for i in range(nodes_count)]
    hubs = nodes[:max(nodes_count // 1000, 5)]
    edge = 0
    # long chains from each cause to each symptom through synthetic nodes
    for cause in CAUSES:
        for symptom in SYMPTOMS:
            chain = [f"<{BASE}{cause}>"] + rng.sample(nodes, 12) + [f"<{BASE}{symptom}>"]
            for a, b in zip(chain, chain[1:]):
                writer.edge(edge, a, BASE + "causes", b, rng)
                edge += 1
    while writer.count + written < triples:
        if rng.random() < 0.2:  # hubs attract a fifth of all edges
            s, o = rng.choice(hubs), rng.choice(nodes)
        else:
            s, o = rng.choice(nodes), rng.choice(nodes)
        if s != o:
            writer.edge(edge, s, rng.choice(PREDICATES), o, rng)
            edge += 1
    return writer.count + written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("triples", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_suffix(args.output.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        count = generate(args.triples, out, args.seed)
    tmp.replace(args.output)
    print(f"wrote {count} quads to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
