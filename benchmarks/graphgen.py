"""A deterministic graph shaped like the project's, at any size, for the endpoint benchmark.

Same vocabulary and named graphs as a real build: the ontology, a catalogue of actors,
initiatives, places and sectors (labels in French and English, aliases, places inside
places), one statement per extracted fact in ``graph/facts``, one evidence record per
(fact, document) in ``graph/evidence/<document>``, superclass types in ``graph/inferred``
and the source documents. ``python benchmarks/graphgen.py --quads 1000000 out.nq``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import RdfFormat, parse

BASE = "https://w3id.org/ma-ai/"
MAI, ID, DOC, GRAPH = BASE + "ontology#", BASE + "id/", BASE + "doc/", BASE + "graph/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ACTOR_KINDS = (
    "Company", "GovernmentBody", "University", "ResearchCentre",
    "InternationalOrganisation", "Association", "RegulatoryAuthority",
)  # fmt: skip
INITIATIVE_KINDS = ("NationalStrategy", "RDCentre", "Programme", "Agreement", "Event")
RELATIONS = ("leads", "partnerOf", "targetsSector", "locatedIn", "facesRisk")
WORDS = (
    "intelligence artificielle données cloud santé agriculture énergie éducation finance "
    "industrie transport recherche innovation numérique startup formation talent réseau "
    "centre plateforme programme stratégie maroc afrique digital souverain calcul"
).split()
QUADS_PER_FACT = 13  # the statement, its evidence record, and the catalogue around it


def iri(namespace: str, local: str) -> str:
    return f"<{namespace}{local}>"


def literal(text: str, language: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if language:
        return f'"{escaped}"@{language}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def quad(s: str, p: str, o: str, g: str) -> str:
    return f"{s} {p} {o} {g} .\n"


def name(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize()


def generate(quads: int, seed: int = 7) -> Iterator[str]:
    """N-Quads lines of a graph of about *quads* statements (the same for the same seed)."""
    rng = random.Random(seed)
    facts = max(quads // QUADS_PER_FACT, 50)
    actors, initiatives = max(facts // 5, 20), max(facts // 20, 10)
    places, sectors, documents = max(facts // 50, 12), 60, max(facts // 60, 2)
    catalogue, inferred = iri(GRAPH, "catalogue"), iri(GRAPH, "inferred")
    yield from _places(places, catalogue)
    yield from _sectors(sectors, catalogue)
    for index in range(actors):
        kind = ACTOR_KINDS[index % len(ACTOR_KINDS)]
        yield from _entity(rng, iri(ID, f"actor-{index}"), kind, catalogue)
        yield quad(iri(ID, f"actor-{index}"), iri(RDF, "type"), iri(MAI, "Organisation"), inferred)
        yield quad(iri(ID, f"actor-{index}"), iri(RDF, "type"), iri(MAI, "Actor"), inferred)
        place = iri(ID, f"place-{rng.randrange(places)}")
        yield quad(iri(ID, f"actor-{index}"), iri(MAI, "locatedIn"), place, catalogue)
    for index in range(initiatives):
        kind = INITIATIVE_KINDS[index % len(INITIATIVE_KINDS)]
        yield from _entity(rng, iri(ID, f"initiative-{index}"), kind, catalogue)
        yield quad(
            iri(ID, f"initiative-{index}"), iri(RDF, "type"), iri(MAI, "Initiative"), inferred
        )
    for index in range(documents):
        yield from _document(index)
    yield from _facts(rng, facts, actors, initiatives, places, sectors, documents)


def _places(count: int, graph: str) -> Iterator[str]:
    yield quad(iri(ID, "maroc"), iri(RDF, "type"), iri(MAI, "Country"), graph)
    yield quad(iri(ID, "maroc"), iri(RDFS, "label"), literal("Maroc", "fr"), graph)
    yield quad(iri(ID, "rabat"), iri(RDF, "type"), iri(MAI, "City"), graph)
    yield quad(iri(ID, "rabat"), iri(RDFS, "label"), literal("Rabat", "fr"), graph)
    yield quad(iri(ID, "rabat"), iri(RDFS, "label"), literal("Rabat", "en"), graph)
    yield quad(iri(ID, "rabat"), iri(MAI, "locatedIn"), iri(ID, "region-0"), graph)
    for index in range(12):
        region = iri(ID, f"region-{index}")
        yield quad(region, iri(RDF, "type"), iri(MAI, "Region"), graph)
        yield quad(region, iri(RDFS, "label"), literal(f"Région {index}", "fr"), graph)
        yield quad(region, iri(MAI, "locatedIn"), iri(ID, "maroc"), graph)
    for index in range(count):
        place = iri(ID, f"place-{index}")
        yield quad(place, iri(RDF, "type"), iri(MAI, "City"), graph)
        yield quad(place, iri(RDFS, "label"), literal(f"Ville {index}", "fr"), graph)
        yield quad(place, iri(MAI, "locatedIn"), iri(ID, f"region-{index % 12}"), graph)


def _sectors(count: int, graph: str) -> Iterator[str]:
    for index in range(count):
        sector = iri(ID, f"sector-{index}")
        yield quad(sector, iri(RDF, "type"), iri(MAI, "Sector"), graph)
        yield quad(sector, iri(SKOS, "prefLabel"), literal(WORDS[index % len(WORDS)], "fr"), graph)
        yield quad(sector, iri(SKOS, "inScheme"), iri(ID, "sectors"), graph)


def _entity(rng: random.Random, subject: str, kind: str, graph: str) -> Iterator[str]:
    label = name(rng, 3)
    yield quad(subject, iri(RDF, "type"), iri(MAI, kind), graph)
    yield quad(subject, iri(RDFS, "label"), literal(label, "fr"), graph)
    yield quad(subject, iri(RDFS, "label"), literal(label + " (en)", "en"), graph)
    yield quad(subject, iri(SKOS, "altLabel"), literal(label.upper()[:12]), graph)
    yield quad(subject, iri(MAI, "curated"), literal("true", datatype=XSD + "boolean"), graph)


def _document(index: int) -> Iterator[str]:
    document, graph = iri(DOC, f"doc-{index}"), iri(GRAPH, "documents")
    yield quad(document, iri(RDF, "type"), iri(MAI, "SourceDocument"), graph)
    yield quad(
        document,
        iri("http://purl.org/dc/terms/", "title"),
        literal(f"Document {index}", "fr"),
        graph,
    )


def _facts(rng, facts, actors, initiatives, places, sectors, documents) -> Iterator[str]:
    graph = iri(GRAPH, "facts")
    for index in range(facts):
        relation = RELATIONS[index % len(RELATIONS)]
        subject = iri(ID, f"actor-{rng.randrange(actors)}")
        target = {
            "leads": ("initiative", initiatives),
            "partnerOf": ("actor", actors),
            "targetsSector": ("sector", sectors),
            "locatedIn": ("place", places),
            "facesRisk": ("sector", sectors),
        }[relation]
        if relation == "targetsSector":
            subject = iri(ID, f"initiative-{rng.randrange(initiatives)}")
        obj = iri(ID, f"{target[0]}-{rng.randrange(target[1])}")
        yield quad(subject, iri(MAI, relation), obj, graph)
        document = index % documents
        evidence = f"<{DOC}doc-{document}#ev-{index}>"
        evidence_graph = iri(GRAPH, f"evidence/doc-{document}")
        start = rng.randrange(10_000)
        for predicate, value in (
            (iri(RDF, "type"), iri(MAI, "Evidence")),
            (iri(RDF, "subject"), subject),
            (iri(RDF, "predicate"), iri(MAI, relation)),
            (iri(RDF, "object"), obj),
            (iri(MAI, "inDocument"), iri(DOC, f"doc-{document}")),
            (iri(MAI, "startOffset"), literal(str(start), datatype=XSD + "integer")),
            (iri(MAI, "endOffset"), literal(str(start + 80), datatype=XSD + "integer")),
            (iri(MAI, "quote"), literal(name(rng, 12) + ".", "fr")),
            (iri(MAI, "rule"), literal(f"rule-{relation}")),
            (iri(MAI, "confidence"), literal("0.85", datatype=XSD + "decimal")),
        ):
            yield quad(evidence, predicate, value, evidence_graph)


def write(path: Path, quads: int, ontology: Path | None = None) -> int:
    """Write the generated graph (and the ontology, if given) to *path*; the line count."""
    lines = 0
    with path.open("w", encoding="utf-8") as out:
        if ontology is not None and ontology.is_file():
            for triple in parse(path=ontology, format=RdfFormat.TURTLE):
                out.write(
                    f"{triple.subject} {triple.predicate} {triple.object} <{GRAPH}ontology> .\n"
                )
                lines += 1
        for line in generate(quads):
            out.write(line)
            lines += 1
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--ontology", type=Path, default=Path("ontology/mai.ttl"))
    arguments = parser.parse_args()
    print(write(arguments.out, arguments.quads, arguments.ontology), "quads")


if __name__ == "__main__":
    main()
