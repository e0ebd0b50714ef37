"""Security review of the web layer, as tests: headers on every page family, nothing of the
server's inside in error answers, hostile text shown as text, writes only with the token.

The store is built by the real pipeline from the seed document, a hostile document and a
catalogue whose labels carry markup; pages are read through the Flask app and through a real
`kg serve` (the ASGI path in front of it).
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import running_server
from test_faults import asgi_get

import kg.web
from kg.asgi import AsgiApp
from kg.endpoint import Endpoint
from kg.reports import load_queries
from kg.settings import load_settings
from kg.web import create_app

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
ESCAPED = {
    SCRIPT: "&lt;script&gt;alert(1)&lt;/script&gt;",
    IMAGE: "&lt;img src=x onerror=alert(2)&gt;",
}
# (file, text as written, text with markup): labels shown by a bar chart (a sector), a map
# (a region), a timeline (an initiative's target) and a graph (an actor); the old label
# stays an alias, so extraction finds the same things.
HOSTILE_LABELS = [
    ("sectors.yaml", 'label: {fr: "cloud", en: "cloud computing"}\n  aliases: [',
     f'label: {{fr: "cloud {SCRIPT}", en: "cloud {SCRIPT}"}}\n  aliases: ["cloud", '),
    ("places.yaml", 'label: {fr: "Casablanca-Settat", en: "Casablanca-Settat", ',
     f'label: {{fr: "Casablanca-Settat {IMAGE}", en: "Casablanca-Settat {IMAGE}", '),
    ("places.yaml", 'aliases: ["Casablanca Settat"]',
     'aliases: ["Casablanca-Settat", "Casablanca Settat"]'),
    ("initiatives.yaml", '    fr: "Centre d’excellence données & IA à Casablanca-Settat"\n',
     f'    fr: "Centre d’excellence {SCRIPT}"\n'),
    ("initiatives.yaml", 'aliases: ["Centre d’excellence données & IA", ',
     'aliases: ["Centre d’excellence données & IA à Casablanca-Settat", '
     '"Centre d’excellence données & IA", '),
    ("actors.yaml", 'label: {fr: "Groupe OCP", en: "OCP Group", ',
     f'label: {{fr: "Groupe OCP {SCRIPT}", en: "OCP Group {SCRIPT}", '),
    ("actors.yaml", 'aliases: ["OCP", "Office Chérifien',
     'aliases: ["Groupe OCP", "OCP", "Office Chérifien'),
]  # fmt: skip
HOSTILE_DOCUMENT = f"""---
title: "Note {SCRIPT}"
source: "javascript:alert(3)"
---
# Annonce {IMAGE}

Oracle a ouvert un centre à Rabat {SCRIPT} axé sur le cloud.
"""
TOKEN = "right-token"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> object:
    """Settings of a store built from hostile labels and a hostile document."""
    from kg.build import run_build

    folder = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "data" / "entities", folder / "entities")
    shutil.copytree(ROOT / "data" / "documents", folder / "documents")
    for name, old, new in HOSTILE_LABELS:
        path = folder / "entities" / name
        assert old in path.read_text(encoding="utf-8"), (name, old)
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    (folder / "documents" / "hostile.md").write_text(HOSTILE_DOCUMENT, encoding="utf-8")
    settings = load_settings(
        environ={},
        store_dir=folder / "store",
        dumps_dir=folder / "dumps",
        documents_dir=folder / "documents",
        entities_dir=folder / "entities",
        ontology_dir=ROOT / "ontology",
        queries_dir=ROOT / "queries",
        rdf_dir=folder / "rdf",
    )
    run_build(settings)
    return settings


@pytest.fixture(scope="module")
def server(hostile, tmp_path_factory):
    log = tmp_path_factory.mktemp("server") / "serve.log"
    env = {"KG_QUERIES_DIR": str(ROOT / "queries"), "KG_DUMPS_DIR": str(hostile.dumps_dir)}
    with running_server(hostile.store_dir, log, "--workers", "1", env=env) as (base, _):
        yield base


def report_names() -> list[str]:
    return sorted(load_queries(ROOT / "queries"))


# Every family of HTML page; the browser's Accept header.
PAGES = [
    "/",
    "/sparql",
    "/queries",
    *[f"/queries/{name}" for name in report_names()],
    "/page/ocp",
    "/page/cloud",
    "/page/casablanca-settat",
    "/page/centre-excellence-donnees-ia-casablanca-settat",
    "/page/doc/hostile",
    "/page/doc/000_0f6c74b7f7ad8b14",
    "/ontology.html",
    "/.well-known/void.html",
    "/catalog.html",
    "/dumps/",
    "/openapi",
]
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def fetch(base: str, path: str, headers=None, method="GET", data=None):
    """(status, headers, body text) from the real server; errors are answers too."""
    request = urllib.request.Request(base + path, data, headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read().decode("utf-8", "replace")


def assert_page_headers(headers, where: str) -> None:
    policy = headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy and "script-src 'self'" in policy, where
    assert "frame-ancestors 'none'" in policy, where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("X-Content-Type-Options") == "nosniff", where


def assert_no_markup(text: str, where: str) -> None:
    """Hostile text never reaches a page as markup; links never run script."""
    assert SCRIPT not in text and IMAGE not in text, where
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", text, re.I), where


@pytest.fixture(scope="module")
def client(hostile):
    return create_app(hostile).test_client()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_family_carries_the_security_headers_and_no_markup(client, server, path):
    page = client.get(path, headers=BROWSER)
    assert page.status_code == 200 and page.mimetype == "text/html", path
    assert_page_headers(page.headers, path)
    assert_no_markup(page.get_data(as_text=True), path)
    status, headers, body = fetch(server, path, BROWSER)
    assert status == 200, path
    assert_page_headers(headers, f"{path} (kg serve)")
    assert_no_markup(body, f"{path} (kg serve)")


def test_error_pages_and_charts_carry_the_headers_too(client, server):
    missing = client.get("/page/no-such-thing", headers=BROWSER)
    assert missing.status_code == 404 and missing.mimetype == "text/html"
    assert_page_headers(missing.headers, "404 page")
    for name in ("initiatives-by-sector", "regions", "calendar", "actor-initiatives"):
        chart = client.get(f"/queries/{name}.svg")
        assert chart.status_code == 200 and chart.mimetype == "image/svg+xml", name
        assert_page_headers(chart.headers, f"{name}.svg")
        assert_no_markup(chart.get_data(as_text=True), name)
    # Data answers are not pages, but no browser may sniff them into one: the fast ASGI
    # path for queries included.
    status, headers, _ = fetch(server, "/sparql?query=ASK%7B%7D", {"Accept": "application/json"})
    assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
    status, headers, _ = fetch(server, "/page/no-such-thing", BROWSER)
    assert status == 404
    assert_page_headers(headers, "404 page (kg serve)")


# (path, hostile text, pages that show it: escaped, so it reads as text)
SHOWN = [
    ("/page/ocp", SCRIPT),
    ("/page/casablanca-settat", IMAGE),
    ("/page/doc/hostile", SCRIPT),
    ("/page/doc/hostile", IMAGE),
    ("/queries/initiatives-by-sector", SCRIPT),
    ("/queries/regions", IMAGE),
    ("/queries/calendar", SCRIPT),
    ("/queries/actor-initiatives", SCRIPT),
    ("/queries/initiatives-by-sector.svg", SCRIPT),
    ("/queries/regions.svg", IMAGE),
    ("/queries/calendar.svg", SCRIPT),
    ("/queries/actor-initiatives.svg", SCRIPT),
]


@pytest.mark.parametrize(("path", "text"), SHOWN)
def test_labels_and_document_text_with_markup_show_as_text(client, path, text):
    body = client.get(path, headers=BROWSER).get_data(as_text=True)
    assert ESCAPED[text] in body, path
    assert_no_markup(body, path)
    if "/queries/" in path and not path.endswith(".svg"):
        # The chart on the page shows it, escaped, too.
        svg = body[body.index("<svg") : body.rindex("</svg>")]
        assert ESCAPED[text] in svg, path


def test_the_static_report_site_escapes_labels(hostile, tmp_path):
    from kg.report_html import write_site
    from kg.store import dataset_version, open_store

    queries = load_queries(ROOT / "queries")
    version = dataset_version(hostile).version
    written = write_site(open_store(hostile), queries, tmp_path / "site", version)
    pages = [Path(path) for path in written if str(path).endswith(".html")]
    assert pages
    texts = {page.name: page.read_text(encoding="utf-8") for page in pages}
    for name, text in texts.items():
        assert_no_markup(text, name)
    assert any(ESCAPED[SCRIPT] in text for text in texts.values())


# Errors tell nothing of the server's inside -------------------------------------------------


def assert_nothing_inside(body: str, settings, where: str) -> None:
    for secret in ("Traceback", 'File "', ".py", "site-packages", str(ROOT)):
        assert secret not in body, (where, secret, body[:300])
    assert str(Path(settings.store_dir).resolve()) not in body, where


ERRORS = {
    "404": ("GET", "/no/such/page", {}, None, 404),
    "404 page": ("GET", "/page/no-such-thing", BROWSER, None, 404),
    "405": ("DELETE", "/sparql", {}, None, 405),
    "400 syntax error": ("GET", "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B", {}, None, 400),
    "406": ("GET", "/sparql?query=ASK%7B%7D", {"Accept": "image/png"}, None, 406),
    "413": ("POST", "/sparql", {"Content-Type": "application/sparql-query"}, b"#" * 2048, 413),
}


@pytest.fixture(scope="module")
def small_limit(hostile, tmp_path_factory):
    """The hostile store served with a 1 KB request limit."""
    settings = dataclasses.replace(hostile, max_request_bytes=1024)
    log = tmp_path_factory.mktemp("limited") / "serve.log"
    env = {"KG_MAX_REQUEST_BYTES": "1024", "KG_QUERIES_DIR": str(ROOT / "queries")}
    with running_server(settings.store_dir, log, "--workers", "1", env=env) as (base, _):
        yield settings, base


@pytest.mark.parametrize("case", ERRORS)
def test_error_answers_show_no_trace_and_no_path(small_limit, case):
    settings, base = small_limit
    method, path, headers, body, status = ERRORS[case]
    answer = (
        create_app(settings).test_client().open(path, method=method, headers=headers, data=body)
    )
    assert answer.status_code == status
    assert_nothing_inside(answer.get_data(as_text=True), settings, case)
    code, _, text = fetch(base, path, headers, method, body)
    assert code == status
    assert_nothing_inside(text, settings, f"{case} (kg serve)")


def test_a_bug_is_a_500_without_details(monkeypatch, hostile):
    def broken(*args, **kwargs):
        raise ValueError(f"{kg.web.__file__} failed on {hostile.store_dir}/builds")

    monkeypatch.setattr(kg.web, "_landing", broken)
    monkeypatch.setattr(Endpoint, "compute", broken)
    app = create_app(dataclasses.replace(hostile, result_cache_bytes=0))
    page = app.test_client().get("/")
    status, body = asgi_get(AsgiApp(app), "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D")
    assert page.status_code == 500 and status == 500
    for text in (page.get_data(as_text=True), body.decode()):
        assert json.loads(text) == {"error": "internal server error", "status": 500}
        assert_nothing_inside(text, hostile, "500")


def test_a_missing_store_is_a_503_that_does_not_say_where_the_store_is(tmp_path):
    settings = load_settings(environ={}, store_dir=tmp_path / "empty", queries_dir=ROOT / "queries")
    app = create_app(settings)
    answers = [
        app.test_client().get("/readyz"),
        app.test_client().get("/page/ocp", headers=BROWSER),
        app.test_client().get("/queries/initiatives.json"),
    ]
    status, body = asgi_get(AsgiApp(app), "/sparql?query=ASK%7B%7D")
    assert [a.status_code for a in answers] == [503, 503, 503] and status == 503
    for text in [a.get_data(as_text=True) for a in answers] + [body.decode()]:
        assert "run `kg build`" in text
        assert_nothing_inside(text, settings, "503")


# Writes need the token, and only in the header ------------------------------------------------

INSERT = "INSERT DATA { <http://example.org/a> <http://example.org/b> 'c' }"
ASK_INSERTED = "ASK { <http://example.org/a> ?p ?o }"


@pytest.fixture
def updatable(hostile, tmp_path):
    """An app over a copy of the hostile store with updates on and a token set."""
    store_dir = tmp_path / "store"
    shutil.copytree(hostile.store_dir, store_dir, symlinks=True)
    settings = dataclasses.replace(
        hostile, store_dir=store_dir, update_enabled=True, update_token=TOKEN
    )
    return create_app(settings)


REFUSED = {
    "no token": ("/update", {}),
    "wrong token": ("/update", {"Authorization": "Bearer wrong-token"}),
    "token without its scheme": ("/update", {"Authorization": TOKEN}),
    "token as a password": ("/update", {"Authorization": "Basic dXNlcjpyaWdodC10b2tlbg=="}),
    "token in the query string": (f"/update?token={TOKEN}&access_token={TOKEN}", {}),
}


def inserted(app) -> bool:
    answer = app.test_client().get("/sparql", query_string={"query": ASK_INSERTED})
    return answer.get_json(force=True)["boolean"]


@pytest.mark.parametrize("case", REFUSED)
def test_update_refuses_requests_without_the_token_in_its_header(updatable, case):
    path, headers = REFUSED[case]
    client = updatable.test_client()
    form = {"update": INSERT, "token": TOKEN, "access_token": TOKEN}
    answer = client.post(path, data=form, headers=headers)
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert TOKEN not in answer.get_data(as_text=True)
    status, _ = asgi_get(AsgiApp(updatable), path)
    assert status == 405  # a GET never updates, whatever it carries
    assert not inserted(updatable)
    # The same request with the token in its header goes through: the refusal was the token.
    good = client.post(
        "/update", data={"update": INSERT}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert good.status_code == 200 and inserted(updatable)


def test_no_other_route_accepts_a_write(updatable):
    writing = {
        rule.rule
        for rule in updatable.url_map.iter_rules()
        if set(rule.methods or ()) - {"GET", "HEAD", "OPTIONS"}
    }
    # /sparql takes queries by POST (the protocol) and refuses updates; /update needs the token.
    assert writing == {"/sparql", "/update"}
    refused = updatable.test_client().post(
        "/sparql", data=INSERT, content_type="application/sparql-update"
    )
    assert refused.status_code == 400 and not inserted(updatable)
