"""End to end: `kg serve` as a real process on 127.0.0.1 (gunicorn and its workers)."""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import SMALL, graph_sizes, running_server
from pyoxigraph import RdfFormat, Store

from kg.store import write_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TOTAL = sum(graph_sizes().values())
# Six unrelated patterns: 31^6 combinations on the small store, minutes of work.
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE "
    "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?q ?r ?t }"
)


@pytest.fixture
def server(settings, store, tmp_path):
    with running_server(settings.store_dir, tmp_path / "serve.log", "--workers", "2") as running:
        yield running


def get(base, query, wait=10, **parameters):
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query, **parameters})
    with urllib.request.urlopen(url, timeout=wait) as response:
        return json.load(response)


def count(base):
    return int(get(base, COUNT)["results"]["bindings"][0]["n"]["value"])


def children(pid):
    """Process ids of the worker processes of the gunicorn master *pid*."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return sorted(found)


def metrics(base):
    with urllib.request.urlopen(base + "/metrics", timeout=5) as response:
        return response.read().decode()


def wait_for(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_plain_http_clients_and_keep_alive(server):
    base, _ = server
    connection = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]), timeout=5)
    path = "/sparql?" + urllib.parse.urlencode({"query": COUNT})
    for accept in ("text/csv", "application/sparql-results+json"):
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200
        assert response.getheader("Content-Type").startswith(accept)
    # Both answers came over one connection: the server keeps it open.
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(TOTAL)
    connection.request(
        "POST", "/sparql", body=COUNT, headers={"Content-Type": "application/sparql-query"}
    )
    assert json.loads(connection.getresponse().read())["results"]["bindings"][0]["n"]["value"]
    connection.close()


def test_errors_reach_the_client_as_json(server):
    base, _ = server
    with pytest.raises(urllib.error.HTTPError) as caught:
        get(base, "SELECT ?s WHERE {")
    body = json.loads(caught.value.read())
    caught.value.close()
    assert caught.value.code == 400
    assert body["status"] == 400
    assert "SPARQL syntax error" in body["error"]


def test_a_query_past_its_deadline_gets_a_503_and_frees_its_worker(server):
    base, process = server
    workers: list[int] = []

    def both_workers_booted() -> bool:
        workers[:] = children(process.pid)
        return len(workers) == 2

    assert wait_for(both_workers_booted)
    answers = []

    def keep_asking():
        for _ in range(20):
            answers.append(count(base))
            time.sleep(0.05)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    with pytest.raises(urllib.error.HTTPError) as caught:
        get(base, SLOW, wait=60, timeout="1")
    asker.join()
    body = json.loads(caught.value.read())
    caught.value.close()
    assert caught.value.code == 503
    assert "deadline of 1 s" in body["error"]
    # Other queries were answered meanwhile, all of them.
    assert answers == [TOTAL] * 20
    # The worker that ran the slow query leaves (its CPU is freed) and a fresh one replaces it.
    assert wait_for(lambda: len(set(children(process.pid)) - set(workers)) == 1)
    assert wait_for(lambda: len(children(process.pid)) == 2)
    gone = set(workers) - set(children(process.pid))
    assert len(gone) == 1
    assert not os.path.exists(f"/proc/{gone.pop()}/stat")
    assert count(base) == TOTAL
    # The worker that left wrote its counts first: the timeout is in the metrics.
    assert wait_for(lambda: "kg_sparql_timeouts_total 1" in metrics(base), seconds=10)


def test_a_new_build_is_served_without_a_restart(server, settings):
    base, _ = server
    assert count(base) == TOTAL
    extra = (
        b"<https://w3id.org/ma-ai/id/fes> <http://www.w3.org/2000/01/rdf-schema#label> "
        b'"F\xc3\xa8s"@fr <https://w3id.org/ma-ai/graph/catalogue> .\n'
    )
    write_store(settings, SMALL.read_bytes() + extra)
    # Every worker sees it: ask more often than there are workers.
    assert [count(base) for _ in range(6)] == [TOTAL + 1] * 6


def test_a_service_query_never_reaches_the_network(server):
    base, _ = server
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(1)
        port = listener.getsockname()[1]
        text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        with pytest.raises(urllib.error.HTTPError) as caught:
            get(base, text)
        assert caught.value.code == 400
        assert "SERVICE is not allowed" in json.loads(caught.value.read())["error"]
        caught.value.close()
        with pytest.raises(TimeoutError):
            listener.accept()


def test_metrics_add_up_the_workers(server):
    base, _ = server
    for _ in range(10):
        count(base)
    wanted = 'kg_http_requests_total{route="/sparql",status="200"}'

    def answered() -> float:
        with urllib.request.urlopen(base + "/metrics", timeout=5) as response:
            text = response.read().decode()
        line = next((x for x in text.splitlines() if x.startswith(wanted)), f"{wanted} 0")
        return float(line.split()[-1])

    # Workers write their counts at most once a second; whichever answers adds them all up.
    assert wait_for(lambda: answered() >= 10, seconds=15)


def test_a_plain_oxigraph_store_folder_is_served(tmp_path):
    folder = tmp_path / "plain"
    plain = Store(str(folder))
    plain.bulk_load(path=SMALL, format=RdfFormat.N_QUADS)
    plain.flush()
    del plain
    with running_server(folder, tmp_path / "serve.log", "--workers", "1") as (base, _):
        assert count(base) == TOTAL
        with urllib.request.urlopen(base + "/readyz", timeout=5) as response:
            ready = json.load(response)
    assert ready["triples"] == TOTAL
    assert ready["version"].startswith("plain-")
