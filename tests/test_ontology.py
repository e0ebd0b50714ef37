"""The OWL ontology: metadata, documented terms, OWL 2 DL declarations, a DL reasoner's verdict."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import tempfile
from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from kg.facts import RELATIONS
from kg.namespaces import MAI, ONTOLOGY_IRI

ONTOLOGY_FILE = Path(__file__).resolve().parents[1] / "ontology" / "mai.ttl"
VANN = Namespace("http://purl.org/vocab/vann/")
PROBE = Namespace("http://example.org/probe#")
ONTOLOGY = URIRef(ONTOLOGY_IRI)

TOP_CLASSES = {
    "Actor",
    "Initiative",
    "Sector",
    "Risk",
    "Opportunity",
    "Place",
    "Target",
    "SourceDocument",
}
# Local names other modules rely on (they may grow, never be renamed).
FIXED_CLASSES = TOP_CLASSES | {
    *("Organisation", "GovernmentBody", "RegulatoryAuthority", "Company", "University"),
    *("ResearchCentre", "InternationalOrganisation", "Association", "Person"),
    *("NationalStrategy", "RDCentre", "CentreOfExcellence", "InstituteNetwork", "Platform"),
    *("Programme", "Agreement", "Event", "Infrastructure", "Law", "Project"),
    *("Country", "Region", "City", "Site", "Continent"),
    *("TechnologyArea", "Language", "Budget", "Evidence"),
}
FIXED_DATATYPE_PROPERTIES = {
    *("date", "launchDate", "signatureDate", "openingDate", "eventDate"),
    *("quantity", "unit", "targetYear", "approximate", "baseline", "amount", "currency", "period"),
    *("startOffset", "endOffset", "quote", "rule", "confidence", "curated", "sha256", "text"),
}
# Pairwise disjoint, except that a place may act (a country signs agreements).
DISJOINT = ("Actor", "Initiative", "Place", "Target", "Budget", "Evidence", "SourceDocument")
OVERLAPPING = {frozenset({"Actor", "Place"})}

# OWL 2 DL forbids its reserved vocabulary from being used as terms of the ontology.
RESERVED = {RDF.Statement, RDF.subject, RDF.predicate, RDF.object}
BUILT_IN_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))
OWL2_DATATYPES = {
    RDFS.Literal,
    XSD.string,
    XSD.boolean,
    XSD.decimal,
    XSD.integer,
    XSD.nonNegativeInteger,
}
DECLARED_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def local(term: URIRef) -> str:
    return str(term)[len(str(MAI)) :]


def mai_terms(graph: Graph, kind: URIRef) -> set[URIRef]:
    return {t for t in graph.subjects(RDF.type, kind) if str(t).startswith(str(MAI))}


def all_mai_terms(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return set().union(*(mai_terms(graph, kind) for kind in kinds))


def languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def test_ontology_metadata(ontology):
    assert set(ontology.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY}
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef(ONTOLOGY_IRI + "/0.1.0")
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert {"en", "fr"} <= languages(ontology, ONTOLOGY, DCTERMS.title)
    assert {"en", "fr"} <= languages(ontology, ONTOLOGY, DCTERMS.description)
    assert ontology.value(ONTOLOGY, DCTERMS.creator)
    assert ontology.value(ONTOLOGY, DCTERMS.created).datatype == XSD.date
    assert ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix) == Literal("mai")
    assert ontology.value(ONTOLOGY, VANN.preferredNamespaceUri) == Literal(str(MAI))


def test_top_and_fixed_classes_exist(ontology):
    classes = {local(c) for c in mai_terms(ontology, OWL.Class)}
    assert classes >= TOP_CLASSES
    assert classes >= FIXED_CLASSES


def test_fixed_properties_exist(ontology):
    """Extraction emits RELATIONS as mai: object (or, for dates, datatype) properties."""
    object_properties = {local(p) for p in mai_terms(ontology, OWL.ObjectProperty)}
    datatype_properties = {local(p) for p in mai_terms(ontology, OWL.DatatypeProperty)}
    assert object_properties >= (set(RELATIONS) - {"date"}) | {"inDocument"}
    assert "date" in datatype_properties
    assert datatype_properties >= FIXED_DATATYPE_PROPERTIES
    assert (MAI.partnerOf, RDF.type, OWL.SymmetricProperty) in ontology
    assert (MAI.inDocument, RDFS.subPropertyOf, PROV.wasDerivedFrom) in ontology


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty])
def test_every_term_is_documented(ontology, kind):
    for term in mai_terms(ontology, kind):
        assert {"fr", "en"} <= languages(ontology, term, RDFS.label), term
        assert "en" in languages(ontology, term, RDFS.comment), term
        assert ontology.value(term, RDFS.isDefinedBy) == ONTOLOGY, term


def test_every_mai_iri_used_is_a_declared_term(ontology):
    """A misspelt mai: name in an axiom would silently mint a new, undocumented term."""
    used = {
        t for t in ontology.all_nodes() if isinstance(t, URIRef) and str(t).startswith(str(MAI))
    }
    assert used <= all_mai_terms(ontology)


@pytest.mark.parametrize("kind", [OWL.ObjectProperty, OWL.DatatypeProperty])
def test_every_property_has_domain_and_range(ontology, kind):
    for prop in mai_terms(ontology, kind):
        assert ontology.value(prop, RDFS.domain) is not None, prop
        assert ontology.value(prop, RDFS.range) is not None, prop


def test_datatype_ranges_are_in_the_owl2_datatype_map(ontology):
    """A reasoner rejects xsd:date or xsd:gYear ranges: dates range over rdfs:Literal."""
    for prop in mai_terms(ontology, OWL.DatatypeProperty):
        assert ontology.value(prop, RDFS.range) in OWL2_DATATYPES, prop


def test_every_class_is_under_at_most_one_top_class(ontology):
    """The graph stage files each thing under one top class."""
    tops = {MAI[name] for name in TOP_CLASSES}
    for cls in mai_terms(ontology, OWL.Class):
        ancestors = set(ontology.transitive_objects(cls, RDFS.subClassOf))
        assert len(ancestors & tops) <= 1, cls
    assert not set(ontology.transitive_objects(MAI.Evidence, RDFS.subClassOf)) & tops


def test_every_iri_has_one_declared_kind(ontology):
    """OWL 2 DL: each predicate and class is declared, and as one kind only (no illegal punning)."""
    declared = {}
    for kind in DECLARED_KINDS:
        for term in ontology.subjects(RDF.type, kind):
            if isinstance(term, URIRef):
                assert declared.setdefault(term, kind) == kind, term
    for predicate in set(ontology.predicates()):
        assert str(predicate).startswith(BUILT_IN_NAMESPACES) or predicate in declared, predicate
    for cls in _class_expressions(ontology):
        assert declared.get(cls) == OWL.Class or cls == OWL.Thing, cls


def _class_expressions(graph: Graph) -> set[URIRef]:
    """Named classes used in subclass, domain, union and disjointness axioms."""
    named = set(graph.objects(None, RDFS.subClassOf))
    named |= set(graph.objects(None, RDFS.domain))
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        named |= set(graph.objects(prop, RDFS.range))
    for union in graph.objects(None, OWL.unionOf):
        named |= set(Collection(graph, union))
    for members in graph.objects(None, OWL.members):
        named |= set(Collection(graph, members))
    return {c for c in named if isinstance(c, URIRef)}


def test_no_reserved_vocabulary(ontology):
    nodes = set(ontology.all_nodes()) | set(ontology.predicates())
    assert not nodes & RESERVED


def test_disjointness_axioms(ontology):
    """Every pair of DISJOINT is stated disjoint, except the pairs that may overlap."""
    stated = set()
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(ontology, ontology.value(axiom, OWL.members)))
        stated |= {frozenset(pair) for pair in itertools.combinations(members, 2)}
    stated |= {frozenset(pair) for pair in ontology.subject_objects(OWL.disjointWith)}
    for a, b in itertools.combinations(DISJOINT, 2):
        expected = frozenset({a, b}) not in OVERLAPPING
        assert (frozenset({MAI[a], MAI[b]}) in stated) == expected, (a, b)


# --- A DL reasoner (HermiT, bundled with owlready2) and the OWL API's OWL 2 DL profile check ---

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="java is not on PATH")
HERMIT_JAR = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"

PROFILE_CHECK = """
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.profiles.*;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        var manager = OWLManager.createOWLOntologyManager();
        var ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        for (OWLProfileViolation v : new OWL2DLProfile().checkOntology(ontology).getViolations())
            System.out.println(v);
    }
}
"""


def _unsatisfiable(graph: Graph, tmp_path: Path, monkeypatch) -> set[str]:
    """IRIs of the classes HermiT finds unsatisfiable in *graph*.

    Raises owlready2.OwlReadyInconsistentOntologyError when the ontology is inconsistent.
    """
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # HermiT's input file goes there
    path = tmp_path / "ontology.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    owlready2.sync_reasoner(onto, infer_property_values=False, debug=0)
    unsatisfiable = {cls.iri for cls in world.inconsistent_classes()} - {str(OWL.Nothing)}
    world.close()
    return unsatisfiable


@needs_java
def test_hermit_finds_the_ontology_consistent_with_no_unsatisfiable_class(
    ontology, tmp_path, monkeypatch
):
    assert _unsatisfiable(ontology, tmp_path, monkeypatch) == set()


@needs_java
def test_hermit_sees_the_intended_disjointness(ontology, tmp_path, monkeypatch):
    """A probe class under two top classes is unsatisfiable exactly when they are disjoint."""
    probed = Graph() + ontology
    expected = set()
    for a, b in itertools.combinations(DISJOINT, 2):
        probe = PROBE[f"{a}-{b}"]
        probed.add((probe, RDF.type, OWL.Class))
        probed.add((probe, RDFS.subClassOf, MAI[a]))
        probed.add((probe, RDFS.subClassOf, MAI[b]))
        if frozenset({a, b}) not in OVERLAPPING:
            expected.add(str(probe))
    assert _unsatisfiable(probed, tmp_path, monkeypatch) == expected


@needs_java
@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK to run a Java source file")
def test_owl_api_finds_the_ontology_in_the_owl2_dl_profile(ontology, tmp_path):
    rdfxml = tmp_path / "mai.owl"
    ontology.serialize(rdfxml, format="xml")
    source = tmp_path / "ProfileCheck.java"
    source.write_text(PROFILE_CHECK, encoding="utf-8")
    command = ["java", "-cp", str(HERMIT_JAR), str(source), str(rdfxml)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "", run.stdout
