"""Read the ontology: its graph, the ``mai:`` classes and their superclasses.

The ontology is part of the dataset (graph ``graph/ontology``); the catalogue checks entry classes
against it, and the graph stage materialises superclass types from it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import InputFileError, KGError
from .namespaces import MAI

ONTOLOGY_FILE = "mai.ttl"
SHAPES_FILE = "shapes.ttl"
TOP_CLASSES = (
    "Actor",
    "Initiative",
    "Sector",
    "Risk",
    "Opportunity",
    "Place",
    "Target",
    "SourceDocument",
)


def load_turtle(path: Path) -> Graph:
    """Parse a Turtle file.

    Raises :class:`InputFileError` naming the file (and line, when the parser gives one).
    """
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise KGError(f"{path}: file not found", 500) from None
    except Exception as exc:  # rdflib raises many parser types; all mean a malformed file
        line = getattr(exc, "lines", None)
        line = line + 1 if isinstance(line, int) else None  # rdflib counts lines from 0
        raise InputFileError(path, line, f"not valid Turtle: {exc}") from None
    return graph


@cache
def _load_cached(path: Path, mtime: float) -> Graph:
    return load_turtle(path)


def load_ontology(ontology_dir: Path) -> Graph:
    """The ontology graph of ``<ontology_dir>/mai.ttl`` (cached while the file is unchanged)."""
    path = Path(ontology_dir) / ONTOLOGY_FILE
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _load_cached(path.resolve(), mtime)


def load_shapes(ontology_dir: Path) -> Graph:
    """The SHACL shapes graph of ``<ontology_dir>/shapes.ttl``."""
    path = Path(ontology_dir) / SHAPES_FILE
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _load_cached(path.resolve(), mtime)


def superclasses(ontology: Graph) -> dict[URIRef, frozenset[URIRef]]:
    """Every ``mai:`` class mapped to all its named ``mai:`` superclasses (itself excluded)."""
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if _is_mai(c)}
    result = {}
    for cls in classes:
        ancestors = set(ontology.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        result[cls] = frozenset(a for a in ancestors if _is_mai(a))
    return result


def class_tops(ontology: Graph) -> dict[str, str]:
    """Local name of every ``mai:`` class → local name of its top class (a top maps to itself).

    Classes under none of :data:`TOP_CLASSES` (e.g. ``Evidence``) are left out.
    """
    tops = {MAI[name] for name in TOP_CLASSES}
    result = {}
    for cls, ancestors in superclasses(ontology).items():
        found = ({cls} | ancestors) & tops
        # TechnologyArea ⊑ Sector: the most general top wins, and tops are disjoint otherwise.
        if found:
            result[_local(cls)] = _local(sorted(found)[0])
    return result


def _is_mai(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(MAI))


def _local(term: URIRef) -> str:
    return str(term)[len(str(MAI)) :]
