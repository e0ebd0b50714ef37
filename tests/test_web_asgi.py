"""The fast ASGI path answers /sparql exactly like the Flask views it stands in front of."""

from __future__ import annotations

import asyncio
import dataclasses
import json

import pytest
from conftest import graph_sizes

from kg.asgi import AsgiApp
from kg.web import create_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TOTAL = sum(graph_sizes().values())
FORM = "application/x-www-form-urlencoded"


def call(app: AsgiApp, method: str, path: str, headers=(), body: bytes = b""):
    """(status, headers, body) of one request to the ASGI *app*."""
    path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query.encode(),
        "headers": [(k.lower().encode(), v.encode()) for k, v in [("host", "localhost"), *headers]],
        "client": ("127.0.0.1", 50000),
        "server": ("localhost", 80),
        "scheme": "http",
        "http_version": "1.1",
        "root_path": "",
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent = []

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = sent[0]
    response_headers = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], response_headers, b"".join(m.get("body", b"") for m in sent[1:])


@pytest.fixture
def pair(settings, store):
    flask = create_app(dataclasses.replace(settings, result_cache_bytes=0))
    return AsgiApp(flask), flask.test_client()


CASES = {
    "get json": ("GET", "/sparql?query=" + COUNT.replace(" ", "%20"), (), b""),
    "get csv by accept": ("GET", "/sparql?query=ASK%20%7B%7D", (("Accept", "text/csv"),), b""),
    "form post": ("POST", "/sparql", (("Content-Type", FORM),), b"query=ASK+%7B%7D&format=xml"),
    "direct post": (
        "POST",
        "/sparql",
        (("Content-Type", "application/sparql-query"),),
        b"CONSTRUCT WHERE { ?s a ?o } LIMIT 2",
    ),
    "syntax error": ("GET", "/sparql?query=SELECT%20%7B", (), b""),
    "service": ("GET", "/sparql?query=ASK%7BSERVICE%20%3Chttp://127.0.0.1:9/%3E%7B%7D%7D", (), b""),
    "update": ("POST", "/sparql", (("Content-Type", "application/sparql-update"),), b"CLEAR ALL"),
    "406": ("GET", "/sparql?query=ASK%7B%7D", (("Accept", "image/png"),), b""),
    "415": ("POST", "/sparql", (("Content-Type", "text/plain"),), b"ASK {}"),
    "bad timeout": ("GET", "/sparql?query=ASK%7B%7D&timeout=soon", (), b""),
    "service description": ("GET", "/sparql", (), b""),
    "html page": ("GET", "/sparql", (("Accept", "text/html"),), b""),
    "head": ("HEAD", "/sparql?query=ASK%7B%7D", (), b""),
    "other route": ("GET", "/readyz", (), b""),
    "404": ("GET", "/no/such/page", (), b""),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_same_status_type_and_body_as_flask(pair, case):
    asgi, flask = pair
    method, path, headers, body = case
    status, got_headers, got = call(asgi, method, path, headers, body)
    expected = flask.open(path, method=method, headers=list(headers), data=body)
    assert status == expected.status_code
    assert got_headers["content-type"] == expected.headers["Content-Type"]
    assert got_headers["access-control-allow-origin"] == "*"
    if "_:" not in got.decode("utf-8", "replace"):  # blank node labels differ run to run
        assert got == expected.data


def test_the_fast_path_keeps_etags_and_caps(settings, store):
    asgi = AsgiApp(create_app(dataclasses.replace(settings, max_rows=3)))
    status, headers, body = call(asgi, "GET", "/sparql?query=SELECT%20*%20%7B?s%20?p%20?o%7D")
    assert status == 200
    assert headers["kg-results-truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 3
    again = call(
        asgi,
        "GET",
        "/sparql?query=SELECT%20*%20%7B?s%20?p%20?o%7D",
        (("If-None-Match", headers["etag"]),),
    )
    assert again[0] == 304 and again[2] == b""


def test_the_fast_path_refuses_large_bodies(settings, store):
    asgi = AsgiApp(create_app(dataclasses.replace(settings, max_request_bytes=50)))
    status, _, body = call(
        asgi, "POST", "/sparql", (("Content-Type", FORM),), b"query=" + b"x" * 100
    )
    assert status == 413
    assert json.loads(body)["status"] == 413
