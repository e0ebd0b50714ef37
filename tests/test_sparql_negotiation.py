"""Content negotiation: q-values, wildcards, the ?format= override, 406."""

from __future__ import annotations

import pytest

from kg.errors import NotAcceptable
from kg.negotiation import FORMATS, choose, formats_for


@pytest.mark.parametrize(
    "kind, accept, expected",
    [
        ("select", None, "json"),
        ("select", "*/*", "json"),
        ("select", "application/sparql-results+xml, application/json;q=0.5", "xml"),
        ("select", "text/*;q=0.5, text/csv", "csv"),
        ("select", "text/tab-separated-values;q=1, text/csv;q=0.9", "tsv"),
        ("ask", "application/json", "json"),
        ("graph", None, "ttl"),
        ("graph", "application/n-quads", "nq"),
        ("graph", "application/trig", "trig"),
        ("graph", "application/xml", "rdf"),
        ("graph", "application/json", "jsonld"),
        ("graph", "text/turtle;q=0.1, application/rdf+xml;q=0.2", "rdf"),
        ("graph", "*/*;q=0.5, application/n-triples;q=0", "ttl"),
        ("graph", "TEXT/Turtle", "ttl"),
    ],
)
def test_accept(kind, accept, expected):
    assert choose(kind, accept=accept).name == expected


@pytest.mark.parametrize(
    "kind, accept",
    [("select", "text/turtle"), ("graph", "text/csv"), ("ask", "text/turtle;q=0, */*;q=0")],
)
def test_nothing_acceptable_is_a_406(kind, accept):
    with pytest.raises(NotAcceptable) as caught:
        choose(kind, accept=accept)
    assert caught.value.status == 406


def test_format_overrides_accept_and_knows_each_name():
    assert choose("select", wanted="tsv", accept="application/json").name == "tsv"
    for fmt in FORMATS:
        kind = "graph" if fmt.family == "graph" else "select"
        assert choose(kind, wanted=fmt.name) is fmt
        assert choose(kind, wanted=fmt.media_type) is fmt
    with pytest.raises(NotAcceptable):
        choose("select", wanted="ttl")


def test_html_is_offered_only_when_asked_and_never_for_wildcards():
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert choose("select", accept=browser, html=True) is None
    assert choose("select", accept=browser).name == "xml"
    assert choose("graph", accept="*/*", html=True).name == "ttl"
    assert choose("graph", wanted="html", html=True) is None


def test_every_family_has_its_formats():
    assert [f.name for f in formats_for("graph")] == ["ttl", "nt", "nq", "trig", "jsonld", "rdf"]
    assert [f.content_type for f in formats_for("select")][2] == "text/csv; charset=utf-8"
