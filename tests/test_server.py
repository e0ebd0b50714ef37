"""End to end: `kg serve` as a real process on 127.0.0.1, queried by real SPARQL clients."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import graph_sizes
from rdflib import Graph
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TOTAL = sum(graph_sizes().values())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(process, base, log, deadline=15.0):
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        if process.poll() is not None:
            pytest.fail(f"kg serve exited with {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(base + "/", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"kg serve did not answer within {deadline} s: {log.read_text()}")


@pytest.fixture
def server(settings, store, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    command = [sys.executable, "-c", "from kg.cli import main; main()", "serve"]
    options = ["--store", str(settings.store_dir), "--port", str(port), "--workers", "1"]
    with open(log, "w") as output:
        process = subprocess.Popen([*command, *options], stdout=output, stderr=output)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, base, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
    # Workers that crash on the way out (e.g. a store opened before fork) show up here.
    assert process.returncode == 0, log.read_text()
    assert "SIGSEGV" not in log.read_text()


def test_sparqlwrapper_select_over_get_and_post(server):
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(COUNT)
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == str(TOTAL)
    client.setMethod(POST)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == str(TOTAL)


def test_sparqlwrapper_construct_as_turtle(server):
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "CONSTRUCT { <https://w3id.org/ma-ai/id/rabat> rdfs:label ?l } "
        "WHERE { <https://w3id.org/ma-ai/id/rabat> rdfs:label ?l }"
    )
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert {(o.value, o.language) for o in graph.objects()} == {("Rabat", "fr"), ("Rabat", "en")}


def test_plain_http_clients(server):
    url = server + "/sparql?" + urllib.parse.urlencode({"query": COUNT})
    request = urllib.request.Request(url, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.headers.get_content_type() == "text/csv"
        assert response.read().decode().split() == ["n", str(TOTAL)]
    body = urllib.request.Request(
        server + "/sparql",
        data=COUNT.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    with urllib.request.urlopen(body, timeout=5) as response:
        assert json.load(response)["results"]["bindings"][0]["n"]["value"] == str(TOTAL)


def test_errors_reach_the_client_as_json(server):
    url = server + "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE {"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(url, timeout=5)
    assert caught.value.code == 400
    body = json.loads(caught.value.read())
    caught.value.close()
    assert body["status"] == 400
    assert "SPARQL syntax error" in body["error"]
