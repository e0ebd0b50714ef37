"""VoID and DCAT: numbers counted again here from the store's quads must match."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter

import pytest
import rdflib
from rdflib.namespace import DCAT, OWL, RDF, VOID, XSD

from kg.export import export_release
from kg.store import open_store
from kg.web import create_app

DATASET = rdflib.URIRef("https://w3id.org/ma-ai/.well-known/void#dataset")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
ID = "https://w3id.org/ma-ai/id/"


@pytest.fixture(scope="module")
def triples(seed_store_settings):
    """Every distinct triple of the store, read without SPARQL."""
    store = open_store(seed_store_settings)
    return {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None)}


@pytest.fixture(scope="module")
def void(seed_store_settings):
    client = create_app(seed_store_settings).test_client()
    response = client.get("/.well-known/void")
    assert response.status_code == 200 and response.content_type.startswith("text/turtle")
    return rdflib.Graph().parse(data=response.data, format="turtle")


def number(graph, subject, prop):
    value = graph.value(subject, prop)
    assert value is not None and value.datatype == XSD.integer
    return int(value)


def test_void_counts_match_the_store(void, triples):
    assert number(void, DATASET, VOID.triples) == len(triples)
    entities = {s for s, _, _ in triples if s.value.startswith(ID)}
    assert number(void, DATASET, VOID.entities) == len(entities)
    assert number(void, DATASET, VOID.distinctSubjects) == len({s for s, _, _ in triples})
    assert number(void, DATASET, VOID.properties) == len({p for _, p, _ in triples})


def test_void_class_and_property_partitions_match_the_store(void, triples):
    rdf_type = str(RDF.type)
    members = Counter()
    for cls in {o for _, p, o in triples if p.value == rdf_type}:
        members[cls.value] = len({s for s, p, o in triples if p.value == rdf_type and o == cls})
    found = {
        str(void.value(part, VOID["class"])): number(void, part, VOID.entities)
        for part in void.objects(DATASET, VOID.classPartition)
    }
    assert found == dict(members)
    per_property = Counter(p.value for _, p, _ in triples)
    found = {
        str(void.value(part, VOID.property)): number(void, part, VOID.triples)
        for part in void.objects(DATASET, VOID.propertyPartition)
    }
    assert found == dict(per_property)


def test_void_same_as_linkset_and_description(void, triples):
    links = {(s, o) for s, p, o in triples if p.value == str(OWL.sameAs)}
    linksets = list(void.subjects(RDF.type, VOID.Linkset))
    assert sum(number(void, ls, VOID.triples) for ls in linksets) == len(links) > 0
    assert all(void.value(ls, VOID.linkPredicate) == OWL.sameAs for ls in linksets)
    assert void.value(DATASET, VOID.sparqlEndpoint) == rdflib.URIRef(
        "https://w3id.org/ma-ai/sparql"
    )
    assert str(void.value(DATASET, VOID.uriSpace)) == ID
    assert len(list(void.objects(DATASET, VOID.exampleResource))) == 3
    vocabularies = {str(v) for v in void.objects(DATASET, VOID.vocabulary)}
    assert "https://w3id.org/ma-ai/ontology#" in vocabularies
    license_ = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert (DATASET, rdflib.DCTERMS.license, license_) in void
    assert list(void.objects(DATASET, VOID.dataDump)) == []


def test_catalogue_lists_dump_sizes_and_checksums_after_export(seed_store_settings, tmp_path):
    settings = dataclasses.replace(seed_store_settings, dumps_dir=tmp_path)
    release = export_release(settings)
    client = create_app(settings).test_client()
    catalog = rdflib.Graph().parse(data=client.get("/catalog").data, format="turtle")
    distributions = {
        str(catalog.value(d, DCAT.downloadURL)): d
        for d in catalog.objects(DATASET, DCAT.distribution)
    }
    for item in release.files:
        path = release.path / item.name
        dist = distributions[release.url(item.name)]
        assert int(catalog.value(dist, DCAT.byteSize)) == path.stat().st_size
        checksum = catalog.value(dist, SPDX.checksum)
        assert (
            str(catalog.value(checksum, SPDX.checksumValue))
            == hashlib.sha256(path.read_bytes()).hexdigest()
        )
    service = catalog.value(predicate=DCAT.servesDataset, object=DATASET)
    assert catalog.value(service, DCAT.endpointURL) == rdflib.URIRef(
        "https://w3id.org/ma-ai/sparql"
    )
    void = rdflib.Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    assert {str(u) for u in void.objects(DATASET, VOID.dataDump)} == {
        release.url(item.name) for item in release.files
    }


def test_dataset_description_negotiates_and_has_a_page(seed_store_settings):
    client = create_app(seed_store_settings).test_client()
    jsonld = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert jsonld.content_type == "application/ld+json"
    assert len(rdflib.Graph().parse(data=jsonld.data, format="json-ld")) > 50
    page = client.get("/.well-known/void", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'id="count-triples"' in page and "CC BY 4.0" in page
    assert client.get("/catalog.rdf").content_type == "application/rdf+xml"
