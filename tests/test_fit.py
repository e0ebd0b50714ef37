"""Statements that do not fit their relation's domain or range stay out of the build, named."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.catalogue import load_catalogue
from kg.documents import Document
from kg.extract import Extraction
from kg.facts import DateValue, Evidence, Fact, NewEntity, Quantity
from kg.fit import Signatures, fitting
from kg.ontology import class_tops, load_ontology

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(ROOT / "ontology")


@pytest.fixture(scope="module")
def signatures(ontology):
    return Signatures(ontology)


@pytest.fixture(scope="module")
def catalogue(ontology):
    return load_catalogue(ROOT / "data" / "entities", class_tops(ontology))


def fact(subject, relation, obj, rule="a-rule", document="doc"):
    return Fact(subject, relation, obj, Evidence(document, 0, 5, "texte", rule, 0.8))


CLASSES = {"lab": "RDCentre", "centre": "ResearchCentre", "fonds": "Programme", "nadia": "Person"}


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        (
            fact("lab", "headedBy", "nadia"),
            "lab is a RDCentre; mai:headedBy takes Organisation",
        ),
        (fact("centre", "headedBy", "lab"), "object lab is a RDCentre; mai:headedBy takes Person"),
        (fact("centre", "hasTarget", Quantity(5, "écoles")), "subject centre is a ResearchCentre"),
        (
            fact("centre", "date", DateValue("2025-03", "signature")),
            "signatureDate takes Initiative",
        ),
    ],
)
def test_a_statement_outside_its_relations_classes_is_named(signatures, statement, reason):
    assert reason in signatures.misfit(statement, CLASSES)


@pytest.mark.parametrize(
    "statement",
    [
        fact("centre", "headedBy", "nadia"),  # a research centre is an organisation
        fact("centre", "leads", "lab"),
        fact("lab", "partnerOf", "centre"),  # symmetric, across kinds
        fact("fonds", "hasTarget", Quantity(5, "écoles")),
        fact("someone-unknown", "headedBy", "nadia"),  # no class known: not judged here
    ],
)
def test_statements_that_fit_are_kept(signatures, statement):
    assert signatures.misfit(statement, CLASSES) is None


def extraction(name: str, entities: dict[str, str], facts: list[Fact]) -> Extraction:
    document = Document(name, Path(f"documents/{name}.txt"), "texte", "0" * 64)
    minted = {slug: NewEntity(slug, cls, slug, 0.6) for slug, cls in entities.items()}
    return Extraction(document, facts, minted)


def test_a_name_two_documents_type_differently_keeps_the_first_class(signatures, catalogue):
    """One document reads "le laboratoire X" as a research programme, another says who runs it
    as if it were an organisation: the build keeps one class, and the statement that needs the
    other one is left out with a warning, not the whole build."""
    first = extraction(
        "a", {"laboratoire-x": "RDCentre"}, [fact("laboratoire-x", "locatedIn", "fes")]
    )
    runs = fact("laboratoire-x", "headedBy", "karima-x", rule="headed-by", document="b")
    second = extraction(
        "b",
        {"laboratoire-x": "ResearchCentre", "karima-x": "Person"},
        [runs, fact("laboratoire-x", "locatedIn", "rabat", document="b")],
    )
    extractions = [first, second]
    warnings = fitting(signatures, catalogue, extractions)
    assert warnings == [
        "documents/b.txt: left out a statement of rule 'headed-by' (laboratoire-x headedBy …): "
        "its subject laboratoire-x is a RDCentre; mai:headedBy takes Organisation"
    ]
    assert [f.relation for f in extractions[1].facts] == ["locatedIn"]
    assert extractions[0].facts == first.facts
