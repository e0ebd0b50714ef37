"""Report pages and the report API through Flask's test client."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from conftest import SMALL
from pyoxigraph import RdfFormat, parse

from kg.reports import load_queries
from kg.store import dataset_version, write_store
from kg.web import create_app

ROOT = Path(__file__).parent.parent
QUERIES = load_queries(ROOT / "queries")
ID = "https://w3id.org/ma-ai/id/"


@pytest.fixture(scope="module")
def seed_client(seed_store_settings):
    settings = dataclasses.replace(seed_store_settings, queries_dir=ROOT / "queries")
    return create_app(settings).test_client()


def assert_error(response, status, *fragments):
    assert response.status_code == status
    body = response.get_json()
    assert set(body) == {"error", "status"} and body["status"] == status
    for fragment in fragments:
        assert fragment in body["error"]


def test_index_lists_every_report_as_html_and_json(seed_client):
    page = seed_client.get("/queries").get_data(as_text=True)
    listed = seed_client.get("/queries.json").get_json()["reports"]
    assert [r["name"] for r in listed] == list(QUERIES)
    for query in QUERIES.values():
        assert f'href="/queries/{query.name}"' in page
    risks = next(r for r in listed if r["name"] == "risks")
    assert risks["links"]["csv"] == "/queries/risks.csv"
    assert {p["name"]: p["type"] for p in risks["parameters"]} == {"show": "enum", "lang": "lang"}
    negotiated = seed_client.get("/queries", headers={"Accept": "application/json"})
    assert negotiated.get_json()["reports"] == listed


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_report_page_has_its_form_view_and_table(seed_client, name):
    query = QUERIES[name]
    response = seed_client.get(f"/queries/{name}", query_string=query.example_args())
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f'action="/queries/{name}"' in page and "<table>" in page
    if query.view != "table":
        assert f'class="chart chart-{query.view}"' in page
    assert "No answer" not in page


def test_a_page_with_a_required_value_missing_shows_the_form_and_runs_nothing(seed_client):
    response = seed_client.get("/queries/entity-facts")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give <strong>entity</strong>" in page and "<table>" not in page
    assert 'name="entity"' in page and "required" in page


def test_a_value_not_of_its_type_is_a_400_naming_the_parameter(seed_client):
    assert_error(
        seed_client.get("/queries/targets.json?from=20x9"),
        400,
        "parameter 'from'",
        "a year such as 2029",
    )
    assert_error(
        seed_client.get("/queries/actor-initiatives.csv?actor=casablanca"),
        400,
        "parameter 'actor'",
        "not a mai:Actor",
    )
    page = seed_client.get("/queries/targets?from=20x9")
    assert page.status_code == 400 and "parameter &#39;from&#39;" in page.get_data(as_text=True)
    assert_error(seed_client.get("/queries/risks.json?colour=red"), 400, "unknown parameter")
    assert_error(seed_client.get("/queries/nope.json"), 404, "no report 'nope'")


def test_json_is_paged_with_link_headers_and_metadata(seed_client, seed_store_settings):
    response = seed_client.get("/queries/regions.json?_size=5&_page=2")
    body = response.get_json()
    assert (body["page"], body["per_page"], body["total"], len(body["rows"])) == (2, 5, 12, 5)
    assert body["report"] == "regions" and body["generated_at"]
    assert body["dataset_version"] == dataset_version(seed_store_settings).version
    assert response.headers["KG-Dataset-Version"] == body["dataset_version"]
    links = response.headers["Link"]
    for rel, page in (("first", 1), ("prev", 1), ("next", 3), ("last", 3)):
        assert f'_page={page}&_size=5>; rel="{rel}"' in links
    last = seed_client.get(body["links"]["last"]).get_json()
    assert len(last["rows"]) == 2 and "next" not in last["links"]
    assert_error(seed_client.get("/queries/regions.json?_size=0"), 400, "_size")


def test_browsers_on_other_sites_can_read_the_paging_headers(seed_client):
    response = seed_client.get("/queries/regions.json?_size=5")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"Link", "KG-Report", "KG-Dataset-Version", "KG-Generated-At"} <= exposed
    assert {"Link", "KG-Dataset-Version"} <= set(response.headers.keys())


def test_csv_download_streams_the_whole_answer(seed_client):
    response = seed_client.get("/queries/regions.csv?lang=en")  # not a warmed default view
    assert response.is_streamed and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 12 and rows[0]["region"].startswith(ID)
    paged = seed_client.get("/queries/regions.csv?_page=2&_size=5")
    assert len(paged.get_data(as_text=True).strip().splitlines()) == 6 and "Link" in paged.headers


def test_tsv_keeps_rdf_terms_and_turtle_is_for_construct_reports(seed_client):
    tsv = seed_client.get("/queries/targets.tsv").get_data(as_text=True).splitlines()
    assert tsv[0].startswith("?year\t?initiative")
    assert '"2029"^^<http://www.w3.org/2001/XMLSchema#integer>' in tsv[1]
    turtle = seed_client.get("/queries/network.ttl")
    assert turtle.mimetype == "text/turtle"
    triples = list(parse(turtle.get_data(), format=RdfFormat.TURTLE))
    assert any(t.subject.value == ID + "oracle" for t in triples)
    assert_error(seed_client.get("/queries/risks.ttl"), 406, "json, csv, tsv")


def test_etag_gives_304_and_changes_with_the_values(seed_client):
    first = seed_client.get("/queries/risks.json")
    tag = first.headers["ETag"]
    again = seed_client.get("/queries/risks.json", headers={"If-None-Match": tag})
    assert again.status_code == 304 and not again.get_data()
    other = seed_client.get("/queries/risks.json?show=addressed")
    assert other.headers["ETag"] != tag
    assert seed_client.get("/queries/risks.csv").headers["ETag"] != tag


def test_the_chart_is_served_as_svg_for_reports_with_a_view(seed_client):
    svg = seed_client.get("/queries/regions.svg")
    assert svg.mimetype == "image/svg+xml"
    assert svg.get_data(as_text=True).count('class="region"') == 12
    assert_error(seed_client.get("/queries/strategies.svg"), 406, "no chart")


def test_accept_header_picks_data_on_the_report_url(seed_client):
    response = seed_client.get("/queries/risks", headers={"Accept": "application/json"})
    assert response.get_json()["report"] == "risks"
    assert seed_client.get("/queries/risks?format=csv").mimetype == "text/csv"


@pytest.mark.parametrize(
    "text", ['x" } ; DROP ALL ; #', "} INSERT DATA { <a> <b> <c> }", "a\nb # }", "'''"]
)
def test_hostile_text_through_http_matches_nothing(seed_client, text):
    body = seed_client.get("/queries/search.json", query_string={"text": text}).get_json()
    assert body["total"] == 0 and body["parameters"]["text"] == [text.lower()]
    assert seed_client.get("/queries/search.json?text=maroc").get_json()["total"] > 0


def test_hostile_iri_through_http_is_a_400(seed_client):
    response = seed_client.get(
        "/queries/actor-initiatives.json", query_string={"actor": "id:ocp> } DROP ALL ; <x:y"}
    )
    assert_error(response, 400, "parameter 'actor'")


def test_openapi_describes_every_report_and_its_parameters(seed_client):
    api = seed_client.get("/openapi.json").get_json()
    assert api["openapi"].startswith("3.")
    for query in QUERIES.values():
        operation = api["paths"][f"/queries/{query.name}.json"]["get"]
        assert f"/queries/{query.name}.csv" in api["paths"]
        names = [p["name"] for p in operation["parameters"]]
        assert names == [p.name for p in query.params] + ["_page", "_size"]
        assert {"200", "400"} <= set(operation["responses"])
    sector = next(
        p
        for p in api["paths"]["/queries/initiatives.json"]["get"]["parameters"]
        if p["name"] == "sector"
    )
    assert sector["schema"]["type"] == "array" and sector["schema"]["maxItems"] == 5
    assert "/queries/network.ttl" in api["paths"] and "/queries/risks.ttl" not in api["paths"]
    docs = seed_client.get("/openapi").get_data(as_text=True)
    assert all(f"GET {path}" in docs for path in api["paths"])


def test_a_rebuild_empties_the_cache(settings, tmp_path):
    write_store(settings, SMALL)
    settings = dataclasses.replace(settings, queries_dir=ROOT / "queries")
    client = create_app(settings).test_client()
    before = client.get("/queries/search.json?text=telecom").get_json()
    assert [r["entity"] for r in before["rows"]] == [ID + "maroc-telecom"]
    renamed = SMALL.read_text(encoding="utf-8").replace('"Maroc Telecom"@fr', '"Itissalat"@fr')
    renamed = renamed.replace('"Maroc Telecom"@en', '"Itissalat Al-Maghrib"@en')
    write_store(settings, renamed.encode("utf-8"))
    after = client.get("/queries/search.json?text=telecom").get_json()
    assert after["total"] == 0 and after["dataset_version"] != before["dataset_version"]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_report_answers_the_same_rows_as_json_and_csv(seed_client, name):
    example = QUERIES[name].example_args()
    body = seed_client.get(f"/queries/{name}.json", query_string={**example, "_size": 1000})
    rows = list(
        csv.reader(
            io.StringIO(
                seed_client.get(f"/queries/{name}.csv", query_string=example).get_data(as_text=True)
            )
        )
    )
    document = body.get_json()
    assert document["total"] == len(document["rows"]) == len(rows) - 1 > 0
    assert rows[0] == document["columns"]
