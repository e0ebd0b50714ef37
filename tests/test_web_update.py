"""SPARQL Update: absent unless enabled, and then only with the bearer token."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import graph_sizes

from kg.store import current_path
from kg.web import create_app

TOKEN = "s3cret-token"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TOTAL = sum(graph_sizes().values())
INSERT = (
    "INSERT DATA { GRAPH <https://w3id.org/ma-ai/graph/extra> { <http://x/a> <http://x/b> 'c' } }"
)


@pytest.fixture
def updatable(settings, store):
    enabled = dataclasses.replace(settings, update_enabled=True, update_token=TOKEN)
    return create_app(enabled).test_client()


def count(client):
    response = client.get("/sparql", query_string={"query": COUNT})
    return int(response.get_json(force=True)["results"]["bindings"][0]["n"]["value"])


def bearer(token=TOKEN):
    return {"Authorization": f"Bearer {token}"}


def test_without_the_setting_there_is_no_update_endpoint(client):
    response = client.post("/update", data={"update": INSERT})
    assert response.status_code == 404
    refused = client.post("/sparql", data=INSERT, content_type="application/sparql-update")
    assert refused.status_code == 400
    assert "read-only" in refused.get_json()["error"]


def test_an_update_needs_the_token(updatable):
    missing = updatable.post("/update", data={"update": INSERT})
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = updatable.post("/update", data={"update": INSERT}, headers=bearer("guess"))
    assert wrong.status_code == 401
    odd = updatable.post("/update", data={"update": INSERT}, headers=bearer("\u00e9t\u00e9"))
    assert odd.status_code == 401
    assert count(updatable) == TOTAL


def test_enabled_without_a_token_refuses_every_update(settings, store):
    app = create_app(dataclasses.replace(settings, update_enabled=True))
    response = app.test_client().post("/update", data={"update": INSERT}, headers=bearer(""))
    assert response.status_code == 403


def test_an_update_with_the_token_makes_a_new_build(updatable, settings):
    before = current_path(settings)
    form = updatable.post("/update", data={"update": INSERT}, headers=bearer())
    assert form.status_code == 200, form.get_json()
    assert count(updatable) == TOTAL + 1
    assert current_path(settings) != before
    direct = updatable.post(
        "/update",
        data="CLEAR GRAPH <https://w3id.org/ma-ai/graph/extra>",
        content_type="application/sparql-update",
        headers=bearer(),
    )
    assert direct.status_code == 200
    assert count(updatable) == TOTAL
    # /sparql stays read-only and says where updates go.
    refused = updatable.post("/sparql", data={"update": INSERT})
    assert "/update" in refused.get_json()["error"]


@pytest.mark.parametrize(
    "update, message",
    [
        ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD is not allowed"),
        (
            "INSERT { <http://x/a> <http://x/b> ?o } "
            "WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
            "SERVICE is not allowed",
        ),
        ("CLEAR XYZ", "SPARQL syntax error"),
    ],
)
def test_updates_that_reach_the_network_or_do_not_parse_are_refused(updatable, update, message):
    response = updatable.post("/update", data={"update": update}, headers=bearer())
    assert response.status_code == 400
    assert message in response.get_json()["error"]
    assert count(updatable) == TOTAL


def test_protocol_dataset_parameters_are_refused(updatable):
    response = updatable.post(
        "/update?using-graph-uri=http%3A%2F%2Fx%2Fg", data={"update": INSERT}, headers=bearer()
    )
    assert response.status_code == 400
    two = updatable.post(
        "/update",
        data="update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
        content_type="application/x-www-form-urlencoded",
        headers=bearer(),
    )
    assert two.status_code == 400
