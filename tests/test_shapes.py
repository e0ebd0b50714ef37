"""The SHACL shapes: each accepts a conforming fixture and a violating one's report names it.

Every fixture is ``fixtures/shapes/base.ttl`` (a small dataset that conforms) plus one Turtle
snippet. A violating snippet must break its shape and no other, so a report always points at the
shape (and property) a user has to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.namespaces import MAI, SH

ROOT = Path(__file__).resolve().parents[1]
BASE_FIXTURE = Path(__file__).parent / "fixtures" / "shapes" / "base.ttl"
SHAPE = Namespace("https://w3id.org/ma-ai/ontology/shapes#")

PREFIXES = """
@prefix mai: <https://w3id.org/ma-ai/ontology#> .
@prefix id: <https://w3id.org/ma-ai/id/> .
@prefix doc: <https://w3id.org/ma-ai/doc/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

# The target and budget of base.ttl.
TARGET = "<https://w3id.org/ma-ai/id/target-0a1b2c3d4e>"
BUDGET = "<https://w3id.org/ma-ai/id/budget-5f6a7b8c9d>"


def _node(subject: str, fields: dict[str, str], overrides: dict[str, str | None]) -> str:
    """Turtle for *subject* with *fields*; an override replaces a value, ``None`` drops it."""
    merged = {**fields, **overrides}
    pairs = " ;\n    ".join(f"{p} {o}" for p, o in merged.items() if o is not None)
    return f"{subject}\n    {pairs} .\n"


def thing(slug: str, cls: str, **overrides: str | None) -> str:
    """A new, valid thing of class *cls* (keyword names use ``_`` for ``:``)."""
    fields = {"a": f"mai:{cls}", "rdfs_label": f'"{slug}"@fr', "mai_curated": "true"}
    return _node(f"id:{slug}", _curies(fields), _curies(overrides))


def concept(slug: str, cls: str, scheme: str, **overrides: str | None) -> str:
    """A new, valid SKOS concept of class *cls* in *scheme*."""
    fields = {"skos_prefLabel": f'"{slug}"@fr', "skos_inScheme": f"id:{scheme}"}
    return thing(slug, cls, **{**fields, **overrides})


def target(**overrides: str | None) -> str:
    """A new, valid target."""
    fields = {"a": "mai:Target", "mai_quantity": "120.0", "mai_unit": '"start-up"'}
    return _node("id:target-new", _curies(fields), _curies(overrides))


def budget(**overrides: str | None) -> str:
    """A new, valid budget."""
    fields = {"a": "mai:Budget", "mai_amount": "250000000.0", "mai_currency": '"MAD"'}
    return _node("id:budget-new", _curies(fields), _curies(overrides))


def evidence(**overrides: str | None) -> str:
    """New, valid evidence that base.ttl's document supports ``id:oracle-rd locatedIn``."""
    fields = {
        "a": "mai:Evidence",
        "rdf_subject": "id:oracle-rd",
        "rdf_predicate": "mai:locatedIn",
        "rdf_object": "id:casablanca",
        "mai_inDocument": "doc:seed",
        "mai_startOffset": '"27"^^xsd:nonNegativeInteger',
        "mai_endOffset": '"37"^^xsd:nonNegativeInteger',
        "mai_quote": '"Casablanca"',
        "mai_rule": '"gazetteer-place"',
        "mai_confidence": "0.7",
    }
    return _node("id:evidence-new", _curies(fields), _curies(overrides))


def document(subject: str = "doc:other", **overrides: str | None) -> str:
    """A new, valid source document."""
    fields = {
        "a": "mai:SourceDocument",
        "dcterms_identifier": '"other"',
        "dcterms_title": '"Rapport"@fr',
        "dcterms_language": '"fr"',
        "mai_sha256": '"' + "ab" * 32 + '"',
        "mai_text": '"Texte du rapport."',
    }
    return _node(subject, _curies(fields), _curies(overrides))


def _curies(fields: dict[str, str | None]) -> dict[str, str | None]:
    return {key.replace("_", ":", 1): value for key, value in fields.items()}


@dataclass(frozen=True)
class Fixtures:
    """Snippets that conform, and snippets that break *shape* only, naming *path* in the report.

    *path* is ``None`` for a node-level constraint (the report then names no path).
    """

    shape: str
    path: URIRef | None
    good: tuple[str, ...]
    bad: tuple[str, ...]


SHA = '"' + "ab" * 32 + '"'

THING_FIXTURES = [
    Fixtures(
        "ThingShape",
        None,
        good=(thing("rabat", "City"),),
        bad=(
            '<http://example.org/Acme> a mai:Company ; rdfs:label "Acme"@fr ; mai:curated true .',
            thing("Rabat_Ville", "City"),
            '[] a mai:Company ; rdfs:label "Acme"@fr ; mai:curated true .',
        ),
    ),
    Fixtures(
        "ThingLabelShape",
        RDFS.label,
        good=(thing("um6p", "University", rdfs_label='"UM6P"@fr, "UM6P"@en, "جامعة"@ar'),),
        bad=(
            thing("um6p", "University", rdfs_label='"UM6P"@en'),
            thing("um6p", "University", rdfs_label='"UM6P"@fr, "Université Mohammed VI"@fr'),
            thing("um6p", "University", rdfs_label='"UM6P"'),
            thing("um6p", "University", rdfs_label=None),
        ),
    ),
    Fixtures(
        "ThingAltLabelShape",
        SKOS.altLabel,
        good=(thing("cndp", "RegulatoryAuthority", skos_altLabel='"CNDP", "la Commission"@fr'),),
        bad=(thing("cndp", "RegulatoryAuthority", skos_altLabel="<http://example.org/cndp>"),),
    ),
    Fixtures(
        "ThingCuratedShape",
        MAI.curated,
        good=(thing("nador", "City", mai_curated="false"),),
        bad=(
            thing("nador", "City", mai_curated=None),
            thing("nador", "City", mai_curated='"oui"'),
            thing("nador", "City", mai_curated="true, false"),
        ),
    ),
    Fixtures(
        "ThingConfidenceShape",
        MAI.confidence,
        good=(
            thing("gitex", "Event", mai_confidence="0.0"),
            thing("x", "Site", mai_confidence="1.0"),
        ),
        bad=(
            thing("gitex", "Event", mai_confidence="1.2"),
            thing("gitex", "Event", mai_confidence='"0.75"^^xsd:double'),
            thing("gitex", "Event", mai_confidence="0.5, 0.6"),
        ),
    ),
    Fixtures(
        "ConceptPrefLabelShape",
        SKOS.prefLabel,
        good=(concept("sante", "Sector", "sectors", skos_prefLabel='"santé"@fr, "health"@en'),),
        bad=(
            concept("sante", "Sector", "sectors", skos_prefLabel='"health"@en'),
            concept("sante", "Sector", "sectors", skos_prefLabel=None),
        ),
    ),
    Fixtures(
        "ConceptInSchemeShape",
        SKOS.inScheme,
        good=(concept("ethique", "Risk", "risks"),),
        bad=(
            concept("ethique", "Risk", "risks", skos_inScheme=None),
            concept("ethique", "Risk", "risks", skos_inScheme="<http://example.org/id/risks>"),
        ),
    ),
    Fixtures(
        "SectorSchemeShape",
        SKOS.inScheme,
        good=(concept("tourisme", "Sector", "sectors"),),
        bad=(concept("tourisme", "Sector", "risks"),),
    ),
    Fixtures(
        "TechnologyAreaSchemeShape",
        SKOS.inScheme,
        good=(concept("llm", "TechnologyArea", "technology-areas"),),
        bad=(concept("llm", "TechnologyArea", "sectors"),),
    ),
    Fixtures(
        "RiskSchemeShape",
        SKOS.inScheme,
        good=(concept("souverainete", "Risk", "risks"),),
        bad=(concept("souverainete", "Risk", "opportunities"),),
    ),
    Fixtures(
        "OpportunitySchemeShape",
        SKOS.inScheme,
        good=(concept("bilinguisme", "Opportunity", "opportunities"),),
        bad=(concept("bilinguisme", "Opportunity", "risks"),),
    ),
    Fixtures(
        "LanguageSchemeShape",
        SKOS.inScheme,
        good=(concept("amazighe", "Language", "languages"),),
        bad=(concept("amazighe", "Language", "sectors"),),
    ),
    Fixtures(
        "CuratedDomainShape",
        None,
        good=(concept("arabe", "Language", "languages", mai_curated="false"),),
        bad=(target(mai_curated="true"), evidence(mai_curated="false")),
    ),
    Fixtures(
        "ConfidenceDomainShape",
        None,
        good=(thing("oujda", "City", mai_confidence="0.5"),),
        bad=(budget(mai_confidence="0.5"),),
    ),
]

VALUE_FIXTURES = [
    Fixtures(
        "TargetShape",
        None,
        good=(target(),),
        bad=(target(a=None), 'id:oracle-rd mai:unit "ingénieurs" .'),
    ),
    Fixtures(
        "TargetQuantityShape",
        MAI.quantity,
        good=(target(mai_quantity="0.5"),),
        bad=(
            target(mai_quantity=None),
            target(mai_quantity="120"),
            target(mai_quantity="1.0, 2.0"),
        ),
    ),
    Fixtures(
        "TargetUnitShape",
        MAI.unit,
        good=(target(mai_unit='"ingénieurs"'),),
        bad=(target(mai_unit=None), target(mai_unit='""'), target(mai_unit='"start-up"@fr')),
    ),
    Fixtures(
        "TargetYearShape",
        MAI.targetYear,
        good=(target(mai_targetYear="1900"), target(mai_targetYear="2100")),
        bad=(
            target(mai_targetYear="2230"),
            target(mai_targetYear='"2030"^^xsd:gYear'),
            target(mai_targetYear="2029, 2030"),
        ),
    ),
    Fixtures(
        "TargetApproximateShape",
        MAI.approximate,
        good=(target(mai_approximate="false"),),
        bad=(target(mai_approximate='"~"'),),
    ),
    Fixtures(
        "TargetBaselineShape",
        MAI.baseline,
        good=(target(mai_baseline="40.0"),),
        bad=(target(mai_baseline='"40"'),),
    ),
    Fixtures("BudgetShape", None, good=(budget(),), bad=(budget(a=None),)),
    Fixtures(
        "BudgetAmountShape",
        MAI.amount,
        good=(budget(mai_amount="0.0"),),
        bad=(budget(mai_amount="-5.0"), budget(mai_amount=None)),
    ),
    Fixtures(
        "BudgetCurrencyShape",
        MAI.currency,
        good=(budget(mai_currency='"EUR"'),),
        bad=(
            budget(mai_currency='"dirhams"'),
            budget(mai_currency='"mad"'),
            budget(mai_currency=None),
        ),
    ),
    Fixtures(
        "BudgetPeriodShape",
        MAI.period,
        good=(budget(mai_period='"2025-2027"'),),
        bad=(budget(mai_period="2025"),),
    ),
    Fixtures(
        "DateValueShape",
        MAI.launchDate,
        good=(
            thing("dataday", "Event", mai_launchDate='"2025"^^xsd:gYear'),
            thing("dataday", "Event", mai_launchDate='"2025-06"^^xsd:gYearMonth'),
            thing("dataday", "Event", mai_date='"2025-06-01"^^xsd:date'),
        ),
        bad=(
            thing("dataday", "Event", mai_launchDate='"2024-13-01"^^xsd:date'),
            thing("dataday", "Event", mai_launchDate='"juin 2025"'),
            thing("dataday", "Event", mai_launchDate='"2025-06-01T10:00:00"^^xsd:dateTime'),
            thing("dataday", "Event", mai_date="2025"),
        ),
    ),
    Fixtures(
        "DateDomainShape",
        None,
        good=(thing("gitex", "Event", mai_eventDate='"2025-04"^^xsd:gYearMonth'),),
        bad=('id:oracle mai:openingDate "2024"^^xsd:gYear .',),
    ),
]

PROVENANCE_FIXTURES = [
    Fixtures("EvidenceShape", None, good=(evidence(),), bad=('id:oracle mai:quote "Oracle" .',)),
    Fixtures(
        "EvidenceSubjectShape",
        RDF.subject,
        good=(evidence(),),
        bad=(evidence(rdf_subject=None), evidence(rdf_subject='"Oracle"')),
    ),
    Fixtures(
        "EvidencePredicateShape",
        RDF.predicate,
        good=(evidence(),),
        bad=(evidence(rdf_predicate='"situé à"'), evidence(rdf_predicate=None)),
    ),
    Fixtures(
        "EvidenceObjectShape",
        RDF.object,
        good=(evidence(rdf_object='"2029"^^xsd:gYear'),),
        bad=(evidence(rdf_object=None), evidence(rdf_object="id:casablanca, id:maroc")),
    ),
    Fixtures(
        "EvidenceDocumentShape",
        MAI.inDocument,
        good=(document() + evidence(mai_inDocument="doc:other"),),
        bad=(
            evidence(mai_inDocument=None),
            document() + evidence(mai_inDocument="doc:seed, doc:other"),
        ),
    ),
    Fixtures(
        "EvidenceStartShape",
        MAI.startOffset,
        good=(evidence(mai_startOffset='"36"^^xsd:nonNegativeInteger'),),
        bad=(
            evidence(mai_startOffset=None),
            evidence(mai_startOffset='"37"^^xsd:nonNegativeInteger'),
            evidence(mai_startOffset="27"),
        ),
    ),
    Fixtures(
        "EvidenceEndShape",
        MAI.endOffset,
        good=(evidence(),),
        bad=(evidence(mai_endOffset=None), evidence(mai_endOffset='"37"^^xsd:integer')),
    ),
    Fixtures(
        "EvidenceQuoteShape",
        MAI.quote,
        good=(evidence(),),
        bad=(evidence(mai_quote='""'), evidence(mai_quote=None)),
    ),
    Fixtures(
        "EvidenceRuleShape",
        MAI.rule,
        good=(evidence(),),
        bad=(evidence(mai_rule=None), evidence(mai_rule='""')),
    ),
    Fixtures(
        "EvidenceConfidenceShape",
        MAI.confidence,
        good=(evidence(mai_confidence="1.0"), evidence(mai_confidence="0.0")),
        bad=(
            evidence(mai_confidence="1.5"),
            evidence(mai_confidence=None),
            evidence(mai_confidence='"0.7"^^xsd:double'),
        ),
    ),
    Fixtures(
        "SourceDocumentShape",
        None,
        good=(document(),),
        bad=(document(a=None), document(subject="[]"), f"id:oracle mai:sha256 {SHA} ."),
    ),
    Fixtures(
        "DocumentIdentifierShape",
        DCTERMS.identifier,
        good=(document(),),
        bad=(document(dcterms_identifier=None), document(dcterms_identifier='"other", "autre"')),
    ),
    Fixtures(
        "DocumentTitleShape",
        DCTERMS.title,
        good=(document(dcterms_title='"Rapport"'),),
        bad=(document(dcterms_title=None), document(dcterms_title="<http://example.org/title>")),
    ),
    Fixtures(
        "DocumentSha256Shape",
        MAI.sha256,
        good=(document(),),
        bad=(
            document(mai_sha256=SHA.upper()),
            document(mai_sha256=SHA[:-2] + '"'),
            document(mai_sha256=None),
        ),
    ),
    Fixtures(
        "DocumentLanguageShape",
        DCTERMS.language,
        good=(document(dcterms_language='"fr-MA"'), document(dcterms_language='"ar"')),
        bad=(document(dcterms_language='"French"'), document(dcterms_language=None)),
    ),
    Fixtures(
        "DocumentTextShape",
        MAI.text,
        good=(document(),),
        bad=(document(mai_text=None), document(mai_text='"Texte"@fr')),
    ),
]

# Object property -> (a conforming triple, one with a subject outside the domain, one with an
# object outside the range).
PROPERTY_TRIPLES = {
    "leads": (
        "id:maroc mai:leads id:accord-cndp .",
        "id:agriculture mai:leads id:oracle-rd .",
        "id:oracle mai:leads id:casablanca .",
    ),
    "oversees": (
        "id:mtn mai:oversees id:oracle-rd , id:oracle .",
        "id:accord-cndp mai:oversees id:oracle-rd .",
        "id:mtn mai:oversees id:agriculture .",
    ),
    "headedBy": (
        "id:mtn mai:headedBy id:amal-bennani .",
        "id:accord-cndp mai:headedBy id:amal-bennani .",
        "id:mtn mai:headedBy id:oracle .",
    ),
    "partnerOf": (
        "id:oracle mai:partnerOf id:maroc , id:accord-cndp .",
        "id:darija mai:partnerOf id:oracle .",
        "id:oracle mai:partnerOf id:agriculture .",
    ),
    "signatory": (
        "id:accord-cndp mai:signatory id:oracle .",
        "id:oracle-rd mai:signatory id:oracle .",
        "id:accord-cndp mai:signatory id:darija .",
    ),
    "partOf": (
        "id:oracle-rd mai:partOf id:maroc-digital-2030 , id:oracle .",
        "id:casablanca mai:partOf id:maroc .",
        "id:oracle-rd mai:partOf id:machine-learning .",
    ),
    "locatedIn": (
        "id:hub-regional mai:locatedIn id:maroc .",
        "id:financement-rd mai:locatedIn id:maroc .",
        "id:oracle mai:locatedIn id:oracle-rd .",
    ),
    "targetsSector": (
        "id:hub-regional mai:targetsSector id:agriculture .",
        "id:casablanca mai:targetsSector id:agriculture .",
        "id:oracle-rd mai:targetsSector id:financement-rd .",
    ),
    "hasTarget": (
        f"id:maroc-digital-2030 mai:hasTarget {TARGET} .",
        f"id:oracle mai:hasTarget {TARGET} .",
        f"id:oracle-rd mai:hasTarget {BUDGET} .",
    ),
    "hasBudget": (
        f"id:maroc-digital-2030 mai:hasBudget {BUDGET} .",
        f"id:oracle mai:hasBudget {BUDGET} .",
        f"id:oracle-rd mai:hasBudget {TARGET} .",
    ),
    "addressesRisk": (
        "id:accord-cndp mai:addressesRisk id:financement-rd .",
        "id:oracle mai:addressesRisk id:financement-rd .",
        "id:accord-cndp mai:addressesRisk id:hub-regional .",
    ),
    "facesRisk": (
        "id:maroc mai:facesRisk id:financement-rd .",
        "id:maroc-digital-2030 mai:facesRisk id:financement-rd .",
        "id:maroc mai:facesRisk id:agriculture .",
    ),
    "hasOpportunity": (
        "id:maroc mai:hasOpportunity id:hub-regional .",
        "id:accord-cndp mai:hasOpportunity id:hub-regional .",
        "id:maroc mai:hasOpportunity id:financement-rd .",
    ),
    "concernsLanguage": (
        "id:hub-regional mai:concernsLanguage id:darija .",
        "id:oracle mai:concernsLanguage id:darija .",
        "id:maroc-digital-2030 mai:concernsLanguage id:agriculture .",
    ),
    "inDocument": (
        evidence(),
        "id:oracle mai:inDocument doc:seed .",
        evidence(mai_inDocument="id:oracle"),
    ),
}


def shape_stem(prop: str) -> str:
    """Shape-name stem of an object property: ``inDocument`` -> ``InDocument``."""
    return prop[0].upper() + prop[1:]


OBJECT_PROPERTY_FIXTURES = [
    fixtures
    for prop, (good, bad_subject, bad_object) in PROPERTY_TRIPLES.items()
    for fixtures in (
        Fixtures(f"{shape_stem(prop)}DomainShape", None, (good,), (bad_subject,)),
        Fixtures(f"{shape_stem(prop)}RangeShape", MAI[prop], (good,), (bad_object,)),
    )
]

FIXTURES = THING_FIXTURES + VALUE_FIXTURES + PROVENANCE_FIXTURES + OBJECT_PROPERTY_FIXTURES
GOOD = [pytest.param(f, s, id=f"{f.shape}-{i}") for f in FIXTURES for i, s in enumerate(f.good)]
BAD = [pytest.param(f, s, id=f"{f.shape}-{i}") for f in FIXTURES for i, s in enumerate(f.bad)]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "mai.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ROOT / "ontology" / "shapes.ttl")


def validate(snippet: str, shapes: Graph, ontology: Graph) -> Graph:
    """The validation report graph of base.ttl plus *snippet*."""
    data = Graph().parse(BASE_FIXTURE)
    data.parse(data=PREFIXES + snippet, format="turtle")
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    return report


def results(report: Graph) -> list[tuple[URIRef, set[URIRef] | None]]:
    """(source shape, IRIs of the result path or None) of every result of *report*."""
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        found.append((report.value(result, SH.sourceShape), _path_iris(report, path)))
    return found


def _path_iris(graph: Graph, path: object) -> set[URIRef] | None:
    if path is None:
        return None
    if isinstance(path, BNode):
        alternatives = graph.value(path, SH.alternativePath)
        return set(Collection(graph, alternatives))
    return {path}


def shapes_in(shapes: Graph) -> set[str]:
    """Local names of the named shapes of the shapes graph."""
    named = set(shapes.subjects(RDF.type, SH.NodeShape))
    named |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    return {str(s)[len(str(SHAPE)) :] for s in named if isinstance(s, URIRef)}


def test_base_fixture_conforms(shapes, ontology):
    assert results(validate("", shapes, ontology)) == []


def test_the_ontology_alone_conforms(shapes, ontology):
    """No shape targets the ontology's own terms (the ontology is part of the validated union)."""
    _, report, text = pyshacl.validate(
        Graph(), shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    assert results(report) == [], text


@pytest.mark.parametrize(("fixtures", "snippet"), GOOD)
def test_conforming_fixture(fixtures, snippet, shapes, ontology):
    assert results(validate(snippet, shapes, ontology)) == []


@pytest.mark.parametrize(("fixtures", "snippet"), BAD)
def test_violating_fixture_names_its_shape(fixtures, snippet, shapes, ontology):
    found = results(validate(snippet, shapes, ontology))
    assert found, f"{fixtures.shape}: the violating fixture conforms"
    assert {shape for shape, _ in found} == {SHAPE[fixtures.shape]}
    for _, path in found:
        if fixtures.path is None:
            assert path is None
        else:
            assert path is not None and fixtures.path in path


def test_every_shape_has_conforming_and_violating_fixtures(shapes):
    assert all(f.good and f.bad for f in FIXTURES)
    assert {f.shape for f in FIXTURES} == shapes_in(shapes)


def test_every_shape_is_labelled_explained_and_targeted(shapes):
    """A shape with no target would never run; one without a message gives an unreadable report."""
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    for name in shapes_in(shapes):
        shape = SHAPE[name]
        assert shapes.value(shape, RDFS.label), name
        assert shapes.value(shape, SH.message), name
        assert any(shapes.value(shape, t) for t in targets), name


def _union_members(ontology: Graph, node: object) -> set[URIRef]:
    """The class *node*, or the members of the owl:unionOf it stands for."""
    if isinstance(node, URIRef):
        return {node}
    return set(Collection(ontology, ontology.value(node, OWL.unionOf)))


def _shape_classes(shapes: Graph, shape: URIRef) -> set[URIRef]:
    """The classes a shape's sh:class, or sh:or of sh:class, accepts."""
    single = shapes.value(shape, SH["class"])
    if single is not None:
        return {single}
    alternatives = Collection(shapes, shapes.value(shape, SH["or"]))
    return {shapes.value(alternative, SH["class"]) for alternative in alternatives}


@pytest.mark.parametrize("prop", PROPERTY_TRIPLES)
def test_domain_and_range_shapes_mirror_the_ontology(prop, shapes, ontology):
    domain = _union_members(ontology, ontology.value(MAI[prop], RDFS.domain))
    range_ = _union_members(ontology, ontology.value(MAI[prop], RDFS.range))
    assert _shape_classes(shapes, SHAPE[f"{shape_stem(prop)}DomainShape"]) == domain
    assert _shape_classes(shapes, SHAPE[f"{shape_stem(prop)}RangeShape"]) == range_


def test_every_object_property_has_domain_and_range_cases(ontology):
    properties = {
        str(p)[len(str(MAI)) :]
        for p in ontology.subjects(RDF.type, OWL.ObjectProperty)
        if str(p).startswith(str(MAI))
    }
    assert properties == set(PROPERTY_TRIPLES)
