"""SHACL validation of the assembled dataset: returns a report, never raises on data.

Validation runs on the union of all graphs (the ontology and the materialised superclass types
are in it), so ``sh:targetClass mai:Actor`` reaches every actor.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: whether the data conforms, and the readable report."""

    conforms: bool
    text: str
    graph: Graph


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all graphs of *dataset* in one graph."""
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def validate_dataset(dataset: Dataset, shapes: Graph) -> Report:
    """Check *dataset* against the SHACL *shapes*."""
    conforms, results, text = shacl_validate(
        union_graph(dataset), shacl_graph=shapes, inference="none", advanced=True
    )
    return Report(bool(conforms), str(text), results)
