"""The Graph Store Protocol, read side: /store?graph=IRI and /store?default."""

from __future__ import annotations

import pytest
from conftest import GRAPH, SMALL, graph_sizes
from pyoxigraph import RdfFormat, parse
from rdflib import Graph

TOTAL = sum(graph_sizes().values())
CATALOGUE = GRAPH + "catalogue"


def triples_of(graph_name: str) -> set:
    """The triples of one named graph of the fixture file, read with the parser alone."""
    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in parse(path=SMALL, format=RdfFormat.N_QUADS)
        if q.graph_name.value == graph_name
    }


def test_a_named_graph_in_turtle(client):
    response = client.get("/store", query_string={"graph": CATALOGUE})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    graph = Graph().parse(data=response.data, format="turtle")
    assert {(s.n3(), p.n3(), o.n3()) for s, p, o in graph} == triples_of(CATALOGUE)


def test_the_default_graph_is_the_union(client):
    response = client.get("/store?default", headers={"Accept": "application/n-triples"})
    assert response.mimetype == "application/n-triples"
    assert len(Graph().parse(data=response.data, format="nt")) == len(
        {t for g in graph_sizes() for t in triples_of(g)}
    )


def test_head_has_the_headers_of_get(client):
    head = client.head("/store", query_string={"graph": CATALOGUE})
    get = client.get("/store", query_string={"graph": CATALOGUE})
    assert head.status_code == 200
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.data == b""


def test_a_missing_graph_is_a_404(client):
    for method in (client.get, client.head):
        response = method("/store", query_string={"graph": GRAPH + "nothing"})
        assert response.status_code == 404
    body = client.get("/store", query_string={"graph": GRAPH + "nothing"}).get_json()
    assert body == {"error": f"the store has no graph named <{GRAPH}nothing>", "status": 404}


@pytest.mark.parametrize(
    "query", ["", "graph=a&default", "graph=not%20an%20iri", "graph=http://x/a&graph=http://x/b"]
)
def test_exactly_one_graph_must_be_named(client, query):
    response = client.get("/store?" + query)
    assert response.status_code == 400
    assert response.get_json()["status"] == 400


def test_writes_are_not_allowed(client):
    for method in (client.put, client.post, client.delete):
        response = method("/store?default", data="<a:b> <a:c> <a:d> .", content_type="text/turtle")
        assert response.status_code == 405
        assert "GET" in response.headers["Allow"]


def test_etag_and_not_modified(client):
    first = client.get("/store", query_string={"graph": CATALOGUE})
    again = client.get(
        "/store",
        query_string={"graph": CATALOGUE},
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304


def test_other_graph_formats(client):
    response = client.get("/store", query_string={"graph": CATALOGUE, "format": "jsonld"})
    assert response.mimetype == "application/ld+json"
    assert len(Graph().parse(data=response.data, format="json-ld")) == graph_sizes()[CATALOGUE]
    refused = client.get("/store", query_string={"graph": CATALOGUE, "format": "csv"})
    assert refused.status_code == 406
