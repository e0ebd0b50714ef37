"""A generated graph on which every canned report has work to do.

``graphgen.py`` (the endpoint benchmark's generator) gives actors, initiatives, places, sectors,
documents and facts with their evidence; the reports also read what it leaves out. This adds,
deterministically and with evidence for each fact: initiatives located in places, quantified
targets with deadlines, agreements with their signatories and dates, strategies framing
initiatives, risks faced and answered, opportunities and their sectors and languages, labels and
technology areas for the sectors. ``python benchmarks/reportgraph.py --quads 1000000 out.nq``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import graphgen
from graphgen import DOC, GRAPH, ID, MAI, RDF, RDFS, SKOS, XSD, iri, literal, quad

EXTRA = 0.14  # quads added here per quad of graphgen (measured), to land near the size asked
RISKS, OPPORTUNITIES = 40, 20
LANGUAGES = ("arabe-dialectal", "amazigh", "arabe", "francais", "anglais", "espagnol", "hassanya")


def sizes(quads: int) -> dict[str, int]:
    """The entity counts graphgen uses for *quads* (its own formula)."""
    facts = max(quads // graphgen.QUADS_PER_FACT, 50)
    return {
        "actors": max(facts // 5, 20),
        "initiatives": max(facts // 20, 10),
        "places": max(facts // 50, 12),
        "sectors": 60,
        "documents": max(facts // 60, 2),
    }


class _Facts:
    """Writes a fact into graph/facts and its evidence record into a document's graph."""

    def __init__(self, rng: random.Random, documents: int):
        self.rng, self.documents, self.count = rng, documents, 0

    def __call__(self, subject: str, relation: str, obj: str) -> Iterator[str]:
        self.count += 1
        yield quad(subject, iri(MAI, relation), obj, iri(GRAPH, "facts"))
        document = self.rng.randrange(self.documents)
        record = f"<{DOC}doc-{document}#ev-x{self.count}>"
        start = self.rng.randrange(10_000)
        for predicate, value in (
            (iri(RDF, "type"), iri(MAI, "Evidence")),
            (iri(RDF, "subject"), subject),
            (iri(RDF, "predicate"), iri(MAI, relation)),
            (iri(RDF, "object"), obj),
            (iri(MAI, "inDocument"), iri(DOC, f"doc-{document}")),
            (iri(MAI, "startOffset"), literal(str(start), datatype=XSD + "integer")),
            (iri(MAI, "endOffset"), literal(str(start + 90), datatype=XSD + "integer")),
            (iri(MAI, "quote"), literal(graphgen.name(self.rng, 14) + ".", "fr")),
            (iri(MAI, "rule"), literal(f"rule-{relation}")),
            (iri(MAI, "confidence"), literal("0.8", datatype=XSD + "decimal")),
        ):
            yield quad(record, predicate, value, iri(GRAPH, f"evidence/doc-{document}"))


def report_quads(quads: int, seed: int = 11) -> Iterator[str]:
    """The quads that give the reports their material, for a graphgen graph of *quads*."""
    rng, n = random.Random(seed), sizes(quads)
    fact = _Facts(rng, n["documents"])
    yield from _concepts(n["sectors"])
    for index in range(n["initiatives"]):
        yield from _initiative(rng, fact, index, n)
    for index in range(RISKS):
        yield from fact(iri(ID, "maroc"), "facesRisk", iri(ID, f"risk-{index}"))
    for index in range(OPPORTUNITIES):
        opportunity = iri(ID, f"opportunity-{index}")
        yield from fact(iri(ID, "maroc"), "hasOpportunity", opportunity)
        for sector in rng.sample(range(n["sectors"]), 2):
            yield from fact(opportunity, "targetsSector", iri(ID, f"sector-{sector}"))
        if index % 3 == 0:
            yield from fact(opportunity, "concernsLanguage", iri(ID, rng.choice(LANGUAGES)))


def _concepts(sectors: int) -> Iterator[str]:
    catalogue, inferred = iri(GRAPH, "catalogue"), iri(GRAPH, "inferred")
    for index in range(sectors):
        sector = iri(ID, f"sector-{index}")
        word = graphgen.WORDS[index % len(graphgen.WORDS)]
        yield quad(sector, iri(RDFS, "label"), literal(f"{word} {index}", "fr"), catalogue)
        yield quad(sector, iri(RDFS, "label"), literal(f"{word} {index} (en)", "en"), catalogue)
        if index % 3 == 0:
            yield quad(sector, iri(RDF, "type"), iri(MAI, "TechnologyArea"), catalogue)
        if index % 6 == 3:
            yield quad(sector, iri(SKOS, "broader"), iri(ID, f"sector-{index - 3}"), catalogue)
    for kind, count in (("Risk", RISKS), ("Opportunity", OPPORTUNITIES)):
        for index in range(count):
            thing = iri(ID, f"{kind.lower()}-{index}")
            yield quad(thing, iri(RDF, "type"), iri(MAI, kind), catalogue)
            yield quad(thing, iri(RDFS, "label"), literal(f"{kind} {index}", "fr"), catalogue)
            yield quad(thing, iri(RDF, "type"), iri(SKOS, "Concept"), inferred)
    for slug in LANGUAGES:
        yield quad(iri(ID, slug), iri(RDF, "type"), iri(MAI, "Language"), catalogue)
        yield quad(iri(ID, slug), iri(RDFS, "label"), literal(slug, "fr"), catalogue)


def _initiative(rng: random.Random, fact: _Facts, index: int, n: dict) -> Iterator[str]:
    initiative = iri(ID, f"initiative-{index}")
    kind = graphgen.INITIATIVE_KINDS[index % len(graphgen.INITIATIVE_KINDS)]
    yield from fact(initiative, "locatedIn", iri(ID, f"place-{rng.randrange(n['places'])}"))
    if kind == "Agreement":
        for actor in rng.sample(range(n["actors"]), 2):
            yield from fact(initiative, "signatory", iri(ID, f"actor-{actor}"))
        yield from fact(initiative, "signatureDate", _date(rng))
    elif kind != "NationalStrategy":
        strategy = index - index % len(graphgen.INITIATIVE_KINDS)
        yield from fact(initiative, "partOf", iri(ID, f"initiative-{strategy}"))
    if index % 3 == 0:
        yield from _target(rng, fact, initiative, index)
    if index % 4 == 0:
        yield from fact(initiative, "addressesRisk", iri(ID, f"risk-{rng.randrange(RISKS)}"))
    if index % 6 == 0:
        yield from fact(iri(ID, f"actor-{rng.randrange(n['actors'])}"), "partnerOf", initiative)
    if index % 7 == 0:
        yield from fact(initiative, "launchDate", _date(rng))


def _target(rng: random.Random, fact: _Facts, initiative: str, index: int) -> Iterator[str]:
    target, facts = iri(ID, f"target-{index}"), iri(GRAPH, "facts")
    quantity, year = rng.choice((12, 200, 500, 1200, 10_000)), 2025 + rng.randrange(11)
    yield quad(target, iri(RDF, "type"), iri(MAI, "Target"), facts)
    yield quad(
        target, iri(MAI, "quantity"), literal(str(quantity), datatype=XSD + "decimal"), facts
    )
    yield quad(target, iri(MAI, "unit"), literal("ingénieurs formés"), facts)
    yield quad(target, iri(MAI, "targetYear"), literal(str(year), datatype=XSD + "integer"), facts)
    yield quad(target, iri(MAI, "approximate"), literal("false", datatype=XSD + "boolean"), facts)
    label = literal(f"{quantity} ingénieurs formés ({year})", "fr")
    yield quad(target, iri(RDFS, "label"), label, facts)
    yield from fact(initiative, "hasTarget", target)


def _date(rng: random.Random) -> str:
    return literal(
        f"{2023 + rng.randrange(4)}-{1 + rng.randrange(12):02d}", datatype=XSD + "gYearMonth"
    )


def write(path: Path, quads: int, ontology: Path | None = None) -> int:
    """Write about *quads* quads (graphgen's graph, then the report material); the line count."""
    base = int(quads / (1 + EXTRA))
    lines = graphgen.write(path, base, ontology)
    with path.open("a", encoding="utf-8") as out:
        for line in report_quads(base):
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
