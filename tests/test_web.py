"""The web app through Flask's test client: routes, negotiation, and the one error shape."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from conftest import GRAPH, SMALL, graph_sizes

from kg.store import write_store
from kg.web import create_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
TOTAL = sum(graph_sizes().values())
JSON_RESULTS = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"


def count_of(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(response.get_json(force=True)["results"]["bindings"][0]["n"]["value"])


def assert_error(response, status, fragment):
    """Every error is JSON with exactly an error message and the HTTP status."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error", "status"}
    assert body["status"] == status
    assert fragment in body["error"]


def test_landing_page_describes_the_dataset_and_links_to_sparql(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'href="/sparql"' in page
    assert f"<strong>{TOTAL}</strong>" in page
    assert GRAPH + "catalogue" in page


def test_get_answers_json_by_default(client):
    response = client.get("/sparql", query_string={"query": COUNT})
    assert response.mimetype == JSON_RESULTS
    assert "Accept" in response.headers["Vary"]
    assert count_of(response) == TOTAL


def test_post_form_and_post_query_body_give_the_same_answer(client):
    form = client.post("/sparql", data={"query": COUNT})
    body = client.post("/sparql", data=COUNT, content_type="application/sparql-query")
    assert count_of(form) == count_of(body) == TOTAL


def test_repeated_graph_parameters_define_the_dataset(client):
    graphs = [GRAPH + "catalogue", GRAPH + "facts"]
    expected = sum(graph_sizes()[g] for g in graphs)
    parameters = [("default-graph-uri", g) for g in graphs]
    get = client.get("/sparql", query_string=[("query", COUNT), *parameters])
    assert count_of(get) == expected
    body = client.post(
        "/sparql",
        query_string=parameters,
        data=COUNT,
        content_type="application/sparql-query",
    )
    assert count_of(body) == expected
    named = client.post(
        "/sparql",
        data={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": graphs[1],
        },
    )
    bindings = named.get_json(force=True)["results"]["bindings"]
    assert [b["g"]["value"] for b in bindings] == [graphs[1]]


@pytest.mark.parametrize(
    "accept, media_type",
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", JSON_RESULTS),
        ("*/*", JSON_RESULTS),
        ("application/xml;q=0.9, text/csv;q=0.8", "application/sparql-results+xml"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ],
)
def test_accept_chooses_the_select_format(client, accept, media_type):
    response = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media_type


@pytest.mark.parametrize(
    "accept, media_type",
    [
        (None, "text/turtle"),
        ("*/*", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
        ("text/turtle;q=0.2, application/n-triples", "application/n-triples"),
    ],
)
def test_accept_chooses_the_graph_format(client, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": CONSTRUCT}, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media_type


def test_format_parameter_overrides_accept(client):
    response = client.get(
        "/sparql", query_string={"query": COUNT, "format": "csv"}, headers={"Accept": JSON_RESULTS}
    )
    assert response.mimetype == "text/csv"
    assert list(csv.reader(io.StringIO(response.get_data(as_text=True)))) == [["n"], [str(TOTAL)]]
    # "xml" asked for a graph means RDF/XML, as SPARQL clients send it.
    graph = client.get("/sparql", query_string={"query": CONSTRUCT, "format": "xml"})
    assert graph.mimetype == "application/rdf+xml"


def test_no_acceptable_format_is_a_406(client):
    response = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": "image/png"})
    assert_error(response, 406, "application/sparql-results+json")
    response = client.get("/sparql", query_string={"query": CONSTRUCT, "format": "csv"})
    assert_error(response, 406, "choose one of: ttl")


def test_a_missing_query_is_a_400(client):
    assert_error(client.post("/sparql", data={"query": "  "}), 400, "missing SPARQL query")
    assert_error(client.post("/sparql", data={"other": "x"}), 400, "missing SPARQL query")
    empty = client.post("/sparql", data="", content_type="application/sparql-query")
    assert_error(empty, 400, "missing SPARQL query")


def test_two_queries_are_a_400(client):
    response = client.get("/sparql", query_string=[("query", "ASK {}"), ("query", COUNT)])
    assert_error(response, 400, "more than one 'query'")


def test_bad_queries_are_400_with_the_reason(client):
    syntax = client.get("/sparql", query_string={"query": "SELECT ?s WHERE {"})
    assert_error(syntax, 400, "SPARQL syntax error")
    service = client.get(
        "/sparql", query_string={"query": "ASK { SERVICE <http://127.0.0.1:9/> {} }"}
    )
    assert_error(service, 400, "SERVICE is not allowed")


def test_updates_are_refused_in_every_form(client):
    as_query = client.post("/sparql", data={"query": "CLEAR ALL"})
    assert_error(as_query, 400, "read-only")
    as_update = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert_error(as_update, 400, "read-only")
    by_get = client.get("/sparql", query_string={"update": "CLEAR ALL"})
    assert_error(by_get, 400, "read-only")
    as_body = client.post("/sparql", data="CLEAR ALL", content_type="application/sparql-update")
    assert_error(as_body, 400, "read-only")


def test_an_unknown_body_type_is_a_415(client):
    response = client.post("/sparql", data=COUNT, content_type="text/plain")
    assert_error(response, 415, "application/sparql-query")
    utf16 = client.post(
        "/sparql",
        data=COUNT.encode("utf-16"),
        content_type="application/sparql-query; charset=UTF-16",
    )
    assert_error(utf16, 415, "UTF-8")


def test_unknown_paths_and_methods_are_json(client):
    assert_error(client.get("/no/such/page"), 404, "not found")
    response = client.put("/sparql", data=COUNT)
    assert_error(response, 405, "not allowed")
    assert "POST" in response.headers["Allow"]


def test_a_request_larger_than_the_setting_is_refused(settings, store):
    small = create_app(dataclasses.replace(settings, max_request_bytes=200)).test_client()
    response = small.post("/sparql", data={"query": COUNT + " " * 500})
    assert response.status_code == 413
    assert response.get_json() == {"error": response.get_json()["error"], "status": 413}
    long_url = small.get("/sparql", query_string={"query": COUNT + " " * 500})
    assert_error(long_url, 414, "send a POST")


def test_an_unexpected_error_is_a_500_without_details(settings, store):
    app = create_app(settings)

    def broken():
        raise RuntimeError("secret detail /etc/passwd")

    app.add_url_rule("/broken", "broken", broken)
    response = app.test_client().get("/broken")
    assert response.status_code == 500
    assert response.get_json() == {"error": "internal server error", "status": 500}
    assert "secret" not in response.get_data(as_text=True)


def test_without_a_store_the_service_is_unavailable(settings):
    client = create_app(settings).test_client()
    assert_error(client.get("/sparql", query_string={"query": COUNT}), 503, "run `kg build`")
    assert_error(client.get("/"), 503, "run `kg build`")
    assert_error(client.get("/readyz"), 503, "run `kg build`")
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_a_new_build_is_served_without_restarting(client, settings):
    assert count_of(client.get("/sparql", query_string={"query": COUNT})) == TOTAL
    extra = (
        "<https://w3id.org/ma-ai/id/fes> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"Fès"@fr <https://w3id.org/ma-ai/graph/catalogue> .\n'
    ).encode()
    write_store(settings, SMALL.read_bytes() + extra)
    assert count_of(client.get("/sparql", query_string={"query": COUNT})) == TOTAL + 1
    assert f"<strong>{TOTAL + 1}</strong>" in client.get("/").get_data(as_text=True)


def test_results_are_whole_json_documents(client):
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    body = json.loads(response.get_data(as_text=True))
    assert len(body["results"]["bindings"]) == TOTAL
    assert body["truncated"] is False
    assert response.headers["KG-Results-Truncated"] == "false"


def test_pages_carry_security_headers_and_data_is_not_sniffed(client):
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.mimetype == "text/html"
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    data = client.get("/sparql?query=ASK%7B%7D", headers={"Accept": "application/json"})
    assert data.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in data.headers
