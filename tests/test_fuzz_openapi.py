"""The report API fuzzed by Schemathesis from its own OpenAPI document, in this process.

Schemathesis reads ``/openapi.json`` from the Flask app (WSGI, no network), generates requests
for every operation, valid and invalid, and checks each answer: never a 5xx, a status code and
a content type the document declares, a body that matches its schema. The runs are
derandomized and keep no example database.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from kg.web import create_app

schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def app(seed_store_settings):
    return create_app(seed_store_settings)


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/openapi.json", app)


@schema.parametrize()
@settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_report_api_answers_as_its_document_says(case):
    # A value of the declared type may still be refused: an IRI of a thing of another class,
    # which no JSON schema can say; such a refusal is a 400 the document declares.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


def test_the_document_declares_every_report_and_format(api_schema, app):
    reports = app.test_client().get("/queries.json").get_json()["reports"]
    paths = set(api_schema.raw_schema["paths"])
    for report in reports:
        for fmt in ("json", "csv", "tsv"):
            assert f"/queries/{report['name']}.{fmt}" in paths
