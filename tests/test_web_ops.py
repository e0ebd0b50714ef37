"""Operations: /healthz, /readyz and /metrics (Prometheus text)."""

from __future__ import annotations

import dataclasses
import re

from conftest import graph_sizes

from kg.store import dataset_version
from kg.web import create_app

TOTAL = sum(graph_sizes().values())
SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def sample(text: str, name: str) -> float:
    """The value of the Prometheus sample *name* (with its labels) in *text*."""
    match = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    assert match, f"{name} not in metrics"
    return float(match.group(1))


def test_health_and_readiness(client, settings):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz").get_json()
    assert ready["status"] == "ready"
    assert ready["triples"] == TOTAL
    assert ready["graphs"] == len(graph_sizes())
    assert ready["version"] == dataset_version(settings).version


def test_metrics_count_requests_latency_and_events(settings, store):
    client = create_app(dataclasses.replace(settings, max_rows=2)).test_client()
    for _ in range(3):
        client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"})
    client.get("/sparql", query_string={"query": "SELECT {"})
    client.get("/sparql", query_string={"query": SLOW, "timeout": "0.1"})
    response = client.get("/metrics")
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert sample(text, 'kg_http_requests_total{route="/sparql",status="200"}') == 3
    assert sample(text, 'kg_http_requests_total{route="/sparql",status="400"}') == 1
    assert sample(text, 'kg_http_requests_total{route="/sparql",status="503"}') == 1
    assert sample(text, 'kg_http_request_duration_seconds_count{route="/sparql"}') == 5
    assert sample(text, 'kg_http_request_duration_seconds_bucket{route="/sparql",le="+Inf"}') == 5
    assert sample(text, "kg_sparql_timeouts_total") == 1
    # The same query three times: answered once, then twice from the cache, cut each time.
    assert sample(text, "kg_sparql_truncations_total") == 3
    assert sample(text, "kg_sparql_cache_hits_total") == 2
    assert sample(text, "kg_store_triples") == TOTAL
    assert "# TYPE kg_http_request_duration_seconds histogram" in text
