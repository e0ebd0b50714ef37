"""Dereferencing on the small fixture store: 303s, negotiation, data documents, errors."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import FOAF, RDFS

ID = "https://w3id.org/ma-ai/id/"
OCP = rdflib.URIRef(ID + "ocp")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8"
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml", "trig": "trig"}


@pytest.mark.parametrize(
    ("accept", "location"),
    [
        (BROWSER, "/page/ocp"),
        ("*/*", "/data/ocp.ttl"),
        ("text/turtle", "/data/ocp.ttl"),
        ("application/ld+json", "/data/ocp.jsonld"),
        ("application/rdf+xml", "/data/ocp.rdf"),
        ("application/n-triples;q=0.9, application/trig", "/data/ocp.trig"),
    ],
)
def test_id_answers_303_by_accept(client, accept, location):
    response = client.get("/id/ocp", headers={"Accept": accept})
    assert response.status_code == 303
    assert response.headers["Location"] == location
    assert "Accept" in response.headers["Vary"]


def test_id_without_accept_gets_turtle_and_format_parameter_wins(client):
    assert client.get("/id/ocp").headers["Location"] == "/data/ocp.ttl"
    response = client.get("/id/ocp?format=nt", headers={"Accept": "text/html"})
    assert response.headers["Location"] == "/data/ocp.nt"


def test_id_keeps_the_asked_language_on_the_way_to_the_page(client):
    response = client.get("/id/ocp?lang=en", headers={"Accept": "text/html"})
    assert response.headers["Location"] == "/page/ocp?lang=en"


def test_link_header_names_every_representation(client):
    links = client.get("/id/ocp").headers["Link"]
    for path, media in [
        ("/page/ocp", "text/html"),
        ("/data/ocp.ttl", "text/turtle"),
        ("/data/ocp.nt", "application/n-triples"),
        ("/data/ocp.jsonld", "application/ld+json"),
        ("/data/ocp.rdf", "application/rdf+xml"),
        ("/data/ocp.trig", "application/trig"),
    ]:
        assert f'<{path}>; rel="alternate"; type="{media}"' in links


def test_nothing_acceptable_is_406_with_the_list(client):
    response = client.get("/id/ocp", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.get_json()["status"] == 406
    assert "ttl (text/turtle)" in response.get_json()["error"]


def test_head_answers_like_get(client):
    response = client.head("/id/ocp", headers={"Accept": "text/turtle"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/data/ocp.ttl"


@pytest.mark.parametrize("ext", sorted(RDFLIB_FORMATS))
def test_every_data_format_parses_with_the_labels_of_the_public_iri(client, ext):
    response = client.get(f"/data/ocp.{ext}")
    assert response.status_code == 200
    graph = rdflib.Dataset() if ext == "trig" else rdflib.Graph()
    graph.parse(data=response.data, format=RDFLIB_FORMATS[ext])
    labels = {(str(o), o.language) for _, _, o, *_ in _quads(graph, (OCP, RDFS.label, None))}
    assert labels == {("Groupe OCP", "fr"), ("OCP Group", "en")}
    assert b"127.0.0.1" not in response.data and b"localhost" not in response.data
    assert response.headers["Content-Location"] == f"/data/ocp.{ext}"


def _quads(graph, pattern):
    if isinstance(graph, rdflib.Dataset):
        return [(s, p, o) for s, p, o, _ in graph.quads(pattern)]
    return list(graph.triples(pattern))


def test_data_formats_hold_the_same_statements(client):
    graphs = []
    for ext in ("ttl", "nt", "rdf", "jsonld"):
        data = client.get(f"/data/ocp.{ext}").data
        graph = rdflib.Graph().parse(data=data, format=RDFLIB_FORMATS[ext])
        document = rdflib.URIRef(f"https://w3id.org/ma-ai/data/ocp.{ext}")
        assert (document, FOAF.primaryTopic, OCP) in graph
        graph.remove((document, None, None))
        graphs.append(graph)
    assert len(graphs[0]) >= 8
    assert all(isomorphic(graphs[0], other) for other in graphs[1:])


def test_data_holds_outbound_inbound_and_neighbour_labels(client):
    graph = rdflib.Graph().parse(data=client.get("/data/casablanca.ttl").data, format="turtle")
    casablanca = rdflib.URIRef(ID + "casablanca")
    located_in = rdflib.URIRef("https://w3id.org/ma-ai/ontology#locatedIn")
    assert (OCP, located_in, casablanca) in graph
    assert (OCP, RDFS.label, rdflib.Literal("Groupe OCP", lang="fr")) in graph


def test_trig_keeps_the_named_graphs(client):
    dataset = rdflib.Dataset().parse(data=client.get("/data/ocp.trig").data, format="trig")
    graphs = {str(g) for _, _, _, g in dataset.quads((OCP, None, None, None))}
    assert {
        "https://w3id.org/ma-ai/graph/catalogue",
        "https://w3id.org/ma-ai/graph/facts",
    } <= graphs


def test_data_without_extension_negotiates(client):
    response = client.get("/data/ocp", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert response.content_type == "application/n-triples"
    assert response.headers["Content-Location"] == "/data/ocp.nt"
    assert client.get("/data/ocp", headers={"Accept": "text/html"}).status_code == 406


def test_unknown_slug_is_a_helpful_404_page(client):
    response = client.get("/id/ocq", headers={"Accept": BROWSER})
    assert response.status_code == 404
    assert response.content_type.startswith("text/html")
    page = response.get_data(as_text=True)
    assert "ocq" in page and 'href="/page/ocp"' in page


def test_unknown_slug_in_other_case_suggests_the_real_one(client):
    page = client.get("/page/Maroc-Telecom").get_data(as_text=True)
    assert 'href="/page/maroc-telecom"' in page


def test_unknown_slug_answers_json_to_json_clients(client):
    response = client.get("/id/nobody", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


@pytest.mark.parametrize(
    "path",
    [
        "/id/..%2F..%2Fetc%2Fpasswd",
        "/id/%2E%2E",
        "/page/..",
        "/data/..%2Focp.ttl",
        "/data/doc/..%2F..%2Fpyproject.toml",
        "/page/doc/..",
        "/doc/a%22%20%7D%20DROP",
        "/id/ocp%22%20%7D",
        "/page/ocp%0A",
    ],
)
def test_traversal_and_injection_attempts_are_refused(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"root:" not in response.data and b"[project]" not in response.data


def test_resource_page_shows_labels_classes_properties_and_inbound_links(client):
    page = client.get("/page/casablanca?lang=fr").get_data(as_text=True)
    assert '<h1 dir="auto">Casablanca</h1>' in page
    assert 'href="/ontology.html#City"' in page
    inbound = page.split('id="inbound"')[1].split("</section>")[0]
    assert 'href="/page/ocp"' in inbound and "(1)" in inbound
    assert 'href="/data/casablanca.ttl"' in page


def test_page_language_follows_lang_then_accept_language(client):
    def title(path, **headers):
        return client.get(path, headers=headers).get_data(as_text=True).split("<h1")[1]

    assert "OCP Group" in title("/page/ocp?lang=en")
    assert "OCP Group" in title("/page/ocp", **{"Accept-Language": "en-GB,en;q=0.8"})
    assert "Groupe OCP" in title("/page/ocp", **{"Accept-Language": "ar"})
    assert "Groupe OCP" in title("/page/ocp?lang=de")
    page = client.get("/page/ocp?lang=en").get_data(as_text=True)
    assert "Groupe OCP" in page and 'lang="fr"' in page


def test_pages_and_data_revalidate_with_the_etag(client):
    first = client.get("/data/ocp.ttl")
    again = client.get("/data/ocp.ttl", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    other = client.get("/data/ocp.nt", headers={"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200


def test_footer_states_licence_and_version(client):
    page = client.get("/page/ocp").get_data(as_text=True)
    assert "https://creativecommons.org/licenses/by/4.0/" in page.split("<footer")[1]
