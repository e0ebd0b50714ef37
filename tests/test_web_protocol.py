"""What /sparql adds to the protocol: service description, HEAD, CORS, ETag, caps, deadline."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import xml.etree.ElementTree as ET

import pytest
from conftest import SMALL, graph_sizes
from rdflib import Graph, Namespace, URIRef

from kg.store import write_store
from kg.web import create_app

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
EVERYTHING = "SELECT * WHERE { ?s ?p ?o }"
TOTAL = sum(graph_sizes().values())
# Five unrelated patterns: 31^5 combinations on the small store, seconds of work.
SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture
def capped(settings, store):
    return create_app(dataclasses.replace(settings, max_rows=5)).test_client()


def test_get_without_a_query_describes_the_service_in_turtle(client):
    response = client.get("/sparql")
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    service = next(graph.subjects(SD.endpoint, URIRef("http://localhost/sparql")))
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    sizes = {
        str(graph.value(named, SD.name)): int(
            graph.value(graph.value(named, SD.graph), VOID.triples)
        )
        for named in graph.objects(None, SD.namedGraph)
    }
    assert sizes == dict(graph_sizes())


@pytest.mark.parametrize(
    "headers, query, media_type",
    [
        ({"Accept": "application/n-triples"}, {}, "application/n-triples"),
        ({"Accept": "application/ld+json"}, {}, "application/ld+json"),
        ({}, {"format": "rdf"}, "application/rdf+xml"),
    ],
)
def test_the_service_description_is_negotiable(client, headers, query, media_type):
    response = client.get("/sparql", headers=headers, query_string=query)
    assert response.mimetype == media_type
    rdflib_format = {"application/ld+json": "json-ld", "application/rdf+xml": "xml"}
    graph = Graph().parse(data=response.data, format=rdflib_format.get(media_type, "nt"))
    assert any(graph.triples((None, SD.endpoint, None)))


def test_a_browser_gets_the_query_page(client):
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    page = client.get("/sparql", headers=browser)
    assert page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert 'name="query"' in text and "PREFIX mai: &lt;https://w3id.org/ma-ai/ontology#&gt;" in text
    assert "sparql_page.js" in text and "https://" not in text.split("<body>")[0]


def test_the_page_runs_a_query_without_javascript(client):
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?l WHERE { <https://w3id.org/ma-ai/id/rabat> rdfs:label ?l }"
    )
    response = client.get("/sparql", query_string={"query": query, "format": "html"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<th>l</th>" in text and "<td>Rabat@fr</td>" in text
    assert "format=csv" in text  # download links
    error = client.get("/sparql", query_string={"query": "SELECT {", "format": "html"})
    assert error.status_code == 400
    assert "SPARQL syntax error" in error.get_data(as_text=True)


def test_head_answers_like_get_without_a_body(client):
    for query in ({"query": COUNT}, {}):
        get = client.get("/sparql", query_string=query)
        head = client.head("/sparql", query_string=query)
        assert head.status_code == get.status_code == 200
        assert head.headers["Content-Type"] == get.headers["Content-Type"]
        assert head.headers["Content-Length"] == get.headers["Content-Length"]
        assert head.data == b""


def test_cors_headers_and_preflight(client):
    answer = client.get("/sparql", query_string={"query": COUNT})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "KG-Results-Truncated" in answer.headers["Access-Control-Expose-Headers"]
    error = client.get("/sparql", query_string={"query": "SELECT {"})
    assert error.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "http://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_etag_and_not_modified(client, settings):
    first = client.get("/sparql", query_string={"query": COUNT})
    tag = first.headers["ETag"]
    assert tag.startswith('"') and not tag.startswith("W/")
    assert client.get("/sparql", query_string={"query": COUNT}).headers["ETag"] == tag
    as_csv = client.get("/sparql", query_string={"query": COUNT, "format": "csv"})
    assert as_csv.headers["ETag"] != tag
    again = client.get("/sparql", query_string={"query": COUNT}, headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.data == b""
    write_store(settings, SMALL.read_bytes())  # same content, new build: same version
    rebuilt = (
        "<https://w3id.org/ma-ai/id/fes> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"Fes" <https://w3id.org/ma-ai/graph/catalogue> .\n'
    )
    write_store(settings, SMALL.read_bytes() + rebuilt.encode())
    changed = client.get("/sparql", query_string={"query": COUNT}, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != tag


def rows(response):
    text = response.get_data(as_text=True)
    if response.mimetype == "application/sparql-results+json":
        return len(json.loads(text)["results"]["bindings"])
    if response.mimetype == "application/sparql-results+xml":
        return len(ET.fromstring(text).findall(".//{http://www.w3.org/2005/sparql-results#}result"))
    if response.mimetype == "text/csv":
        return len(list(csv.reader(io.StringIO(text)))) - 1
    return len(text.splitlines()) - 1


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv"])
def test_the_row_cap_cuts_and_says_so(capped, name):
    response = capped.get("/sparql", query_string={"query": EVERYTHING, "format": name})
    assert response.status_code == 200
    assert rows(response) == 5
    assert response.headers["KG-Results-Truncated"] == "true"
    assert response.headers["KG-Row-Limit"] == "5"
    if name == "json":
        assert response.get_json(force=True)["truncated"] is True


@pytest.mark.parametrize(
    "query, expected",
    [
        (EVERYTHING + " LIMIT 3", 3),
        (EVERYTHING + " LIMIT 5", 5),
        (EVERYTHING + " OFFSET 28", 3),
        ("SELECT * { ?s ?p ?o } VALUES ?p { <http://www.w3.org/2000/01/rdf-schema#label> }", 5),
    ],
)
def test_answers_within_the_cap_are_whole(capped, query, expected):
    response = capped.get("/sparql", query_string={"query": query})
    assert rows(response) == expected
    truncated = expected == 5 and "LIMIT" not in query
    assert response.headers["KG-Results-Truncated"] == ("true" if truncated else "false")


def test_graph_answers_are_capped_by_triples(capped):
    response = capped.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert len(Graph().parse(data=response.data, format="turtle")) == 5
    assert response.headers["KG-Results-Truncated"] == "true"


def test_a_query_past_its_deadline_is_a_503(client):
    response = client.get("/sparql", query_string={"query": SLOW, "timeout": "0.2"})
    assert response.status_code == 503
    assert response.get_json()["error"].startswith("the query did not finish within its deadline")
    assert response.headers["Retry-After"]
    assert client.get("/sparql", query_string={"query": COUNT}).status_code == 200


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf"])
def test_a_bad_timeout_is_a_400(client, value):
    response = client.get("/sparql", query_string={"query": COUNT, "timeout": value})
    assert response.status_code == 400
    assert "timeout" in response.get_json()["error"]


def test_too_many_queries_from_one_client_is_a_429(settings, store):
    app = create_app(dataclasses.replace(settings, max_client_queries=1))
    slots = app.extensions["kg.endpoint"].clients
    slots.acquire("127.0.0.1")  # a query of this client is running
    client = app.test_client()
    response = client.get("/sparql", query_string={"query": COUNT})
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    other = client.get(
        "/sparql", query_string={"query": COUNT}, environ_base={"REMOTE_ADDR": "127.0.0.2"}
    )
    assert other.status_code == 200
    slots.release("127.0.0.1")
    assert client.get("/sparql", query_string={"query": COUNT}).status_code == 200


def test_relative_iris_resolve_against_the_endpoint(client):
    response = client.get("/sparql", query_string={"query": "SELECT (<x> AS ?x) {}"})
    bindings = response.get_json(force=True)["results"]["bindings"]
    assert bindings[0]["x"]["value"] == "http://localhost/x"


def test_the_landing_page_links_to_the_query_page(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/sparql"' in page
    assert f"<strong>{TOTAL}</strong>" in page
