"""The report service: answers kept per dataset version, bounded, emptied by a new version."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.report_cache import ReportCache, ReportService, answer_key
from kg.reports import load_queries
from kg.store import open_store

QUERIES = load_queries(Path(__file__).parent.parent / "queries")


class CountingStore:
    """A store that counts the queries it evaluates."""

    def __init__(self, store):
        self.store, self.queries = store, 0

    def query(self, text, **options):
        self.queries += 1
        return self.store.query(text, **options)


@pytest.fixture
def counting(seed_store_settings):
    return CountingStore(open_store(seed_store_settings))


def answer(service, engine, version, name, **raw):
    query, bindings = service.prepare(name, {k: [v] for k, v in raw.items()})
    return service.answer(engine, version, query, bindings)


def test_a_second_request_is_answered_from_the_cache_without_a_query(counting):
    service = ReportService(QUERIES)
    first = answer(service, counting, "v1", "risks", show="unaddressed")
    spent = counting.queries
    again = answer(service, counting, "v1", "risks", show="unaddressed")
    assert again is first and counting.queries == spent
    other = answer(service, counting, "v1", "risks", show="addressed")
    assert other is not first and counting.queries > spent


def test_a_new_dataset_version_empties_the_cache(counting):
    service = ReportService(QUERIES)
    first = answer(service, counting, "v1", "regions")
    spent = counting.queries
    second = answer(service, counting, "v2", "regions")
    assert second is not first and counting.queries > spent
    assert second.rows == first.rows  # same store: same answer, computed again
    assert len(service.cache) == 1


def test_the_same_values_written_differently_share_one_answer():
    query = QUERIES["actor-initiatives"]
    keys = {
        answer_key(query.name, query.bind({"actor": [form]}))
        for form in ("ocp", "id:ocp", "https://w3id.org/ma-ai/id/ocp")
    }
    assert len(keys) == 1
    assert answer_key(query.name, query.bind({"actor": ["cndp"]})) not in keys


def test_the_cache_is_bounded_in_answers_and_in_cells():
    cache = ReportCache(max_entries=2, max_cells=10)
    cache.get("v", "a")
    for key in "abc":
        cache.put("v", key, key.upper(), cells=1)
    assert len(cache) == 2 and cache.get("v", "a") is None and cache.get("v", "c") == "C"
    cache.put("v", "big", "BIG", cells=11)  # larger than the whole budget: served, not kept
    assert cache.get("v", "big") is None
    cache.put("v", "d", "D", cells=9)  # makes room by dropping the least recently used, b
    assert cache.get("v", "b") is None and cache.get("v", "c") == "C" and len(cache) == 2


def test_an_answer_computed_on_a_replaced_build_is_not_kept():
    cache = ReportCache()
    cache.get("v2", "x")  # a request has seen the new version
    cache.put("v1", "x", "stale")
    assert cache.get("v2", "x") is None


def test_warming_computes_every_default_view_so_requests_cost_no_query(counting):
    service = ReportService(QUERIES)
    answered = service.warm(counting, "v1")
    assert answered == sum(1 for q in QUERIES.values() if not q.missing({}))
    spent = counting.queries
    for query in QUERIES.values():
        if query.missing({}):
            continue  # no default view: the page asks for a value first
        service.answer(counting, "v1", query, query.bind({}))
        service.choices(counting, "v1", query, "fr")
    assert counting.queries == spent


def test_warming_runs_once_per_version_in_the_background(counting):
    service = ReportService(QUERIES)
    thread = service.warm_in_background(counting, "v1")
    assert thread is not None
    thread.join(timeout=60)
    assert service.warm_in_background(counting, "v1") is None
    assert len(service.cache) >= len(QUERIES) - 1
