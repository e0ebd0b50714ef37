"""Hostile SPARQL: what a careless or malicious client can send to /sparql, and what it gets.

Every attack is sent to the Flask app in this process and to a real `kg serve` (gunicorn and
its uvicorn workers, where /sparql is answered from the raw request by the ASGI path); after
each one the server must still answer /healthz, and it must never have crashed (the server
fixture fails when a worker died of SIGSEGV or the server did not stop cleanly). Refused
queries get a 4xx JSON error saying why; queries that are allowed but run too long get a 503
at their deadline, while other queries sent meanwhile are answered.
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Callable

import pytest
from conftest import SMALL, graph_sizes, running_server

from kg.querycheck import MAX_DEPTH, MAX_TERMS
from kg.settings import load_settings
from kg.store import write_store
from kg.web import create_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TOTAL = sum(graph_sizes().values()) + 1  # the fixture and the long literal below
LONG = "a" * 30_000 + "!"
# A literal a backtracking regex engine would never finish matching against (a+)+$.
EXTRA = f'<http://example.org/long> <http://example.org/text> "{LONG}" .\n'.encode()
MAX_BYTES = 1_000_000
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"

Reply = tuple[int, dict[str, str], bytes]


def lower(headers) -> dict[str, str]:
    """Headers by lower-case name (servers differ in case)."""
    return {name.lower(): value for name, value in headers.items()}


# --- the two targets: the app in this process and a real server ------------------------------


class App:
    """The Flask app through its test client."""

    def __init__(self, app):
        self.client = app.test_client()

    def send(self, method: str, path: str, body: bytes = b"", headers=None) -> Reply:
        with self.client.open(path, method=method, data=body, headers=headers or {}) as response:
            return response.status_code, lower(response.headers), response.get_data()


class Server:
    """A running `kg serve` over HTTP on 127.0.0.1 (requests sent as given: no default headers
    but Host and Content-Length, paths not normalised)."""

    def __init__(self, base: str):
        self.base = base
        self.host, port = base.removeprefix("http://").split(":")
        self.port = int(port)

    def send(self, method: str, path: str, body: bytes = b"", headers=None) -> Reply:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            connection.request(method, path, body or None, headers or {})
            response = connection.getresponse()
            return response.status, lower(response.headers), response.read()
        finally:
            connection.close()


@pytest.fixture(scope="module")
def module_settings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    settings = load_settings(
        environ={}, store_dir=folder / "store", dumps_dir=folder / "dumps", query_timeout=20
    )
    write_store(settings, SMALL.read_bytes() + EXTRA)
    return settings


@pytest.fixture(scope="module")
def server(module_settings, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    environment = {"KG_QUERY_TIMEOUT": "20", "KG_MAX_REQUEST_BYTES": str(MAX_BYTES)}
    with running_server(module_settings.store_dir, log, "--workers", "2", env=environment) as run:
        yield Server(run[0])


@pytest.fixture(scope="module")
def app(module_settings):
    return App(create_app(module_settings))


@pytest.fixture(params=["app", "server"])
def target(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def healthy(target):
    """The target, checked to answer /healthz and a plain query after the test."""
    yield target
    assert target.send("GET", "/healthz")[0] == 200
    assert count(target) == TOTAL


def get(target, query: str, **parameters) -> Reply:
    return target.send("GET", "/sparql?" + urllib.parse.urlencode({"query": query, **parameters}))


def post_form(target, query: str, **parameters) -> Reply:
    body = urllib.parse.urlencode({"query": query, **parameters}).encode()
    return target.send("POST", "/sparql", body, {"Content-Type": FORM})


def post_direct(target, query: str, **parameters) -> Reply:
    path = "/sparql?" + urllib.parse.urlencode(parameters) if parameters else "/sparql"
    return target.send("POST", path, query.encode(), {"Content-Type": QUERY_BODY})


def page(target, query: str, **parameters) -> Reply:
    return get(target, query, format="html", **parameters)


TRANSPORTS: dict[str, Callable[..., Reply]] = {
    "GET": get,
    "form POST": post_form,
    "direct POST": post_direct,
}


def count(target) -> int:
    status, _, body = get(target, COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def error_of(reply: Reply, status: int) -> str:
    """The message of a JSON error *reply*, checked to have *status*."""
    got, headers, body = reply
    assert got == status, body[:500]
    assert headers["content-type"].startswith("application/json")
    document = json.loads(body)
    assert document["status"] == status
    assert "Traceback" not in document["error"]
    return document["error"]


# --- nesting and chains that would exhaust the engine's stack -----------------------------------

DEEP = 10_000


def nest(outer: str, opening: str, inner: str, closing: str, depth: int) -> str:
    """*outer* with its ``@`` replaced by *depth* levels of *opening* … *closing* around *inner*."""
    return outer.replace("@", opening * depth + inner + closing * depth)


def chain(outer: str, link: str, item: str, length: int) -> str:
    """*outer* with its ``@`` replaced by *length* times *item* joined by *link*."""
    return outer.replace("@", link.join([item] * length))


SELECT = "SELECT * WHERE { @ }"
FILTER = "ASK { ?s ?p ?o FILTER(@) }"
BIND = "SELECT * WHERE { BIND(@ AS ?x) }"
TOO_DEEP = {
    "10 000 nested groups": nest(SELECT, "{", "?s ?p ?o", "}", DEEP),
    "nested parentheses": nest(FILTER, "(", "true", ")", DEEP),
    "nested blank nodes": nest("SELECT * { ?s ?p @ }", "[ <x:p> ", "?o", " ]", 1000),
    "nested OPTIONALs": nest(SELECT, "OPTIONAL { ?s ?p ?o ", "", "}", 1000),
    "nested sub-selects": nest(SELECT, "{ SELECT * WHERE ", "{ ?s ?p ?o }", " }", 1000),
    "nested FILTER NOT EXISTS": nest(SELECT, "FILTER NOT EXISTS { ", "?s ?p ?o", " }", 1000),
    "nested IFs": nest(BIND, "IF(true, ", "1", ", 0)", 1000),
    "nested CONCATs": nest(BIND, "CONCAT(", '"a"', ', "b")', 1000),
    # Read as less-than, the IRI-looking span is 300 parentheses deep.
    "parentheses in an IRI after <": nest("ASK { FILTER(?o <@> 0) }", "(", "1", ")", 300),
    "nested VALUES rows": nest("SELECT * WHERE { VALUES ?x { @ } }", "(", "", "", 300),
}
TOO_LONG = {
    "10 000 UNIONs": chain(SELECT, " UNION ", "{ ?s ?p ?o }", DEEP),
    "a chain of &&": chain(FILTER, " && ", "true", DEEP),
    "a chain of !": FILTER.replace("@", "!" * 2 * DEEP + "true"),
    "a chain of +": chain(FILTER, " + ", "1", DEEP),
    "3 000 BINDs": SELECT.replace("@", " ".join(f"BIND({i} AS ?v{i})" for i in range(3000))),
    "DESCRIBE of 12 000 IRIs": "DESCRIBE " + "<http://example.org/x> " * 12_000,
    "a chain of + in an IRI after <": chain("ASK { FILTER(?o <@> 0) }", "+", "1", DEEP),
}


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("text", TOO_DEEP.values(), ids=TOO_DEEP.keys())
def test_deep_nesting_is_refused_with_the_reason(healthy, text, transport):
    message = error_of(TRANSPORTS[transport](healthy, text), 400)
    assert f"more than {MAX_DEPTH} levels deep" in message


@pytest.mark.parametrize("transport", ["form POST", "direct POST"])
@pytest.mark.parametrize("text", TOO_LONG.values(), ids=TOO_LONG.keys())
def test_long_chains_are_refused_with_the_reason(healthy, text, transport):
    message = error_of(TRANSPORTS[transport](healthy, text), 400)
    assert f"more than {MAX_TERMS} terms" in message and "VALUES" in message


def test_a_long_chain_in_a_url_is_refused_with_the_reason(healthy):
    # The shortest chain past the limit, in a URL under 64 KiB (see the test on longer URLs).
    message = error_of(get(healthy, TOO_LONG["a chain of !"]), 400)
    assert f"more than {MAX_TERMS} terms" in message


def test_a_deep_query_on_the_query_page_shows_the_reason(healthy):
    status, headers, body = page(healthy, TOO_DEEP["10 000 nested groups"])
    assert status == 400
    assert headers["content-type"].startswith("text/html")
    assert f"more than {MAX_DEPTH} levels deep" in body.decode()


# The largest queries the checks let through, one of each shape that makes pyoxigraph recurse.
AT_THE_LIMITS = {
    "groups": nest(SELECT, "{", "?s ?p ?o", "}", MAX_DEPTH - 1),
    "FILTER NOT EXISTS": nest(SELECT, "FILTER NOT EXISTS { ", "?s ?p ?o", " }", MAX_DEPTH - 1),
    "IFs": nest(BIND, "IF(true,", "1", ",0)", MAX_DEPTH - 2),
    "sub-selects": nest(SELECT, "{ SELECT * WHERE ", "{?s ?p ?o}", " }", MAX_DEPTH - 2),
    "!": FILTER.replace("@", "!" * (MAX_TERMS - 20) + "true"),
    "&&": chain(FILTER, " && ", "true", MAX_TERMS // 3 - 10),
    "+": chain(FILTER, "+", "1", MAX_TERMS // 2 - 10),
    "UNION": chain(SELECT, " UNION ", "{?s ?p ?o}", MAX_TERMS // 6 - 10),
    "BIND": SELECT.replace("@", " ".join(f"BIND(1 AS ?b{i})" for i in range(MAX_TERMS // 6 - 10))),
    "deep and long": nest(BIND, "(1+", chain("@", "+", "1", MAX_TERMS // 2 - 300), ")", 120),
    "DESCRIBE": "DESCRIBE " + "<x:a> " * 4000,
}
LIMITS_SCRIPT = """
import json, sys
from pyoxigraph import QueryBoolean, Store
from kg.deadline import Deadlines
from kg.querycheck import check_query
def evaluate(text):
    result = Store().query(text)
    return bool(result) if isinstance(result, QueryBoolean) else list(result)
deadlines = Deadlines()
for name, text in json.loads(sys.stdin.read()).items():
    check_query(text)
    print(name, flush=True)
    deadlines.run(lambda: evaluate(text), timeout=120)
print("all answered", flush=True)
"""


def test_the_largest_queries_let_through_do_not_crash_the_engine():
    # In a process of its own: a stack overflow in pyoxigraph ends the process that runs it.
    run = subprocess.run(
        [sys.executable, "-c", LIMITS_SCRIPT],
        input=json.dumps(AT_THE_LIMITS),
        capture_output=True,
        text=True,
        timeout=600,
    )
    started = run.stdout.split()
    assert run.returncode == 0, f"crashed ({run.returncode}) on {started[-1:]}: {run.stderr}"
    assert run.stdout.endswith("all answered\n")


@pytest.mark.parametrize("text", AT_THE_LIMITS.values(), ids=AT_THE_LIMITS.keys())
def test_the_largest_queries_are_answered_or_stopped_by_the_server(server, text):
    status, _, body = post_direct(server, text, timeout="2")
    assert status in (200, 503), body[:300]
    assert server.send("GET", "/healthz")[0] == 200


# --- huge VALUES: up to the request size cap, and over it ---------------------------------------


def values_query(size: int) -> str:
    """A query counting the rows of a VALUES block, about *size* bytes long."""
    head, tail = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { ", " } }"
    rows = (size - len(head) - len(tail)) // 9
    return head + " ".join(f'"{i:06d}"' for i in range(rows)) + tail


def test_a_values_block_near_the_size_cap_is_answered_whole(healthy):
    text = values_query(MAX_BYTES - 100)
    assert len(text.encode()) <= MAX_BYTES
    status, _, body = post_direct(healthy, text)
    assert status == 200, body[:300]
    rows = text.count('"') // 2
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(rows)


@pytest.mark.parametrize("transport", ["form POST", "direct POST"])
def test_a_values_block_over_the_size_cap_is_refused(healthy, transport):
    text = values_query(MAX_BYTES + 1000)
    message = error_of(TRANSPORTS[transport](healthy, text), 413)
    assert str(MAX_BYTES) in message


def test_a_url_over_the_size_cap_is_refused(app):
    # Under kg serve such a URL does not reach the app (see the test on URLs over 64 KiB).
    message = error_of(get(app, values_query(MAX_BYTES + 1000)), 414)
    assert str(MAX_BYTES) in message and "POST" in message


@pytest.mark.parametrize("size", [100_000, 2 * MAX_BYTES], ids=["under the cap", "over the cap"])
def test_a_url_over_64_kib_gets_a_json_answer_from_the_server(server, size):
    status, headers, body = get(server, values_query(size))
    assert status in (200, 400, 414) and headers["content-type"].startswith("application/")
    if status != 200:
        assert "POST" in json.loads(body)["error"]
    assert get(server, "ASK {}")[0] == 200  # and the server goes on answering


# --- queries that run too long: a 503 at their deadline, the others answered -------------------

# Four unrelated patterns and a string built and matched for each of their combinations.
SLOW_HERE = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
    "FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l))) < 0) }"
)
REGEX_HERE = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
    'FILTER(REGEX(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l)), "^(a+)+$")) }'
)
# Seven unrelated patterns: 32^7 combinations, hours of work.
CARTESIAN = (
    "SELECT (COUNT(*) AS ?n) WHERE { " + " . ".join(f"?s{i} ?p{i} ?o{i}" for i in range(7)) + " }"
)
REGEX_BOMB = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o "
    'FILTER(REGEX(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l), STR(?o)), "^((a|aa)+|(.*a){20})+$")) }'
)


def slow_query_while_others_ask(target, text: str, deadline: str) -> tuple[Reply, list[int]]:
    """The reply to the slow *text*, and the counts of 10 queries sent while it ran."""
    replies: list[Reply] = []
    slow = threading.Thread(target=lambda: replies.append(get(target, text, timeout=deadline)))
    slow.start()
    answers = [count(target) for _ in range(10)]
    slow.join()
    return replies[0], answers


@pytest.mark.parametrize("text", [SLOW_HERE, REGEX_HERE], ids=["cartesian", "regex"])
def test_in_this_process_a_slow_query_gets_a_503_at_its_deadline(app, text):
    reply, answers = slow_query_while_others_ask(app, text, "0.2")
    assert "deadline of 0.2 s" in error_of(reply, 503)
    assert reply[1]["retry-after"]
    assert answers == [TOTAL] * 10
    assert app.send("GET", "/healthz")[0] == 200


@pytest.mark.parametrize("text", [CARTESIAN, REGEX_BOMB], ids=["cartesian", "regex bomb"])
def test_on_a_server_a_slow_query_gets_a_503_and_the_others_are_answered(server, text):
    reply, answers = slow_query_while_others_ask(server, text, "1")
    assert "deadline of 1 s" in error_of(reply, 503)
    assert answers == [TOTAL] * 10
    assert server.send("GET", "/healthz")[0] == 200
    assert count(server) == TOTAL


REGEX_BOMBS = ["^(a+)+$", "^(a|aa)+$", "^(a|a?)+$", "(.*a){20}$", "^(([a-z])+.)+[A-Z]([a-z])+$"]


@pytest.mark.parametrize("pattern", REGEX_BOMBS)
def test_a_regex_bomb_over_every_literal_is_answered_or_stopped(healthy, pattern):
    text = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
        f'FILTER(isLiteral(?o) && REGEX(?o, "{pattern}")) }}'
    )
    status, _, body = get(healthy, text, timeout="2")
    if status == 200:  # a linear-time regex engine: the long literal ends in "!", no match
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"
    else:
        assert "deadline" in error_of((status, {"content-type": "application/json"}, body), 503)


def test_a_regex_too_large_to_compile_is_no_crash(healthy):
    text = 'ASK { ?s ?p ?o FILTER(REGEX(?o, "(a{1000}){1000}(b{1000}){1000}")) }'
    status, _, body = get(healthy, text)
    assert status in (200, 400), body[:300]


# --- SERVICE, LOAD and updates: refused, and nothing reaches the network ----------------------


@pytest.fixture(scope="module")
def listener():
    """A TCP listener on 127.0.0.1 that the refused queries name; it must get no connection."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        sock.setblocking(False)
        yield sock


def no_connection(sock: socket.socket) -> bool:
    # A connection attempt completes in the kernel's backlog before the reply is sent.
    try:
        connection, _ = sock.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


SERVICE = {
    "at top level": "SELECT * WHERE { SERVICE <URL> { ?s ?p ?o } }",
    "in OPTIONAL": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <URL> { ?s ?p ?x } } }",
    "in UNION": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <URL> { ?s ?p ?o } } }",
    "in MINUS": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <URL> { ?s ?p ?o } } }",
    "in FILTER EXISTS": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <URL> { } } }",
    "in FILTER NOT EXISTS": "ASK { ?s ?p ?o FILTER(NOT EXISTS { SERVICE <URL> { } }) }",
    "in a sub-select": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <URL> { ?s ?p ?o } } } }",
    "in GRAPH": "SELECT * WHERE { GRAPH ?g { SERVICE <URL> { ?s ?p ?o } } }",
    "nested in SERVICE": "SELECT * WHERE { SERVICE <URL> { SERVICE <URL> { ?s ?p ?o } } }",
    "deep in groups": "SELECT * WHERE { { { { { SERVICE <URL> { ?s ?p ?o } } } } } }",
    "with a variable": "SELECT * WHERE { BIND(<URL> AS ?u) SERVICE ?u { ?s ?p ?o } }",
    "with VALUES for the variable": "SELECT * WHERE { VALUES ?u { <URL> } SERVICE ?u { } }",
    "with SILENT": "SELECT * WHERE { SERVICE SILENT <URL> { ?s ?p ?o } }",
    "in lower case": "select * where { service silent <URL> { ?s ?p ?o } }",
    "in mixed case": "SELECT * WHERE { SeRvIcE <URL> { ?s ?p ?o } }",
    "comments between keywords": "SELECT * WHERE { SERVICE # one\n SILENT #two\n<URL> { } }",
    "glued to SILENT": "SELECT * WHERE { SERVICESILENT <URL> { } }",
    "escapes in its IRI": "SELECT * WHERE { SERVICE <URL_ESCAPED> { } }",
    "in CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <URL> { ?s ?p ?o } }",
    "in ASK": "ASK { SERVICE <URL> { } }",
    "in DESCRIBE": "DESCRIBE ?s WHERE { SERVICE <URL> { ?s ?p ?o } }",
    "after a prologue": "PREFIX r: <URL> BASE <URL> SELECT * WHERE { SERVICE r: { } }",
    "relative to BASE": "BASE <URL> SELECT * WHERE { SERVICE <sparql> { } }",
}
# SPARQL's \\u escapes outside strings and IRIs are not read by pyoxigraph: a syntax error.
ESCAPED_KEYWORD = "SELECT * WHERE { SERV\\u0049CE <URL> { } }"


def naming(text: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/sparql"
    escaped = url.replace(":", "\\u003A").replace("/", "\\u002F")
    return text.replace("<URL_ESCAPED>", f"<{escaped}>").replace("URL", url)


@pytest.mark.parametrize("transport", [*TRANSPORTS, "query page"])
@pytest.mark.parametrize("text", SERVICE.values(), ids=SERVICE.keys())
def test_service_is_refused_everywhere_and_never_connects(healthy, listener, text, transport):
    send = {**TRANSPORTS, "query page": page}[transport]
    status, headers, body = send(healthy, naming(text, listener))
    assert status == 400
    if transport == "query page":
        assert "SERVICE is not allowed" in body.decode()
    else:
        assert "SERVICE is not allowed" in error_of((status, headers, body), 400)
    assert no_connection(listener)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_an_escaped_service_keyword_is_a_syntax_error(healthy, listener, transport):
    message = error_of(TRANSPORTS[transport](healthy, naming(ESCAPED_KEYWORD, listener)), 400)
    assert "syntax error" in message
    assert no_connection(listener)


UPDATES = {
    "LOAD": "LOAD <URL>",
    "LOAD SILENT INTO GRAPH": "LOAD SILENT <URL> INTO GRAPH <http://example.org/g>",
    "INSERT DATA": "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }",
    "DELETE DATA": "DELETE DATA { <http://example.org/a> <http://example.org/b> 1 }",
    "DELETE WHERE": "DELETE WHERE { ?s ?p ?o }",
    "DELETE INSERT WHERE": "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "INSERT from SERVICE": "INSERT { ?s ?p ?o } WHERE { SERVICE <URL> { ?s ?p ?o } }",
    "WITH": "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CLEAR ALL": "CLEAR ALL",
    "CLEAR DEFAULT": "CLEAR SILENT DEFAULT",
    "DROP GRAPH": "DROP GRAPH <https://w3id.org/ma-ai/graph/catalogue>",
    "CREATE": "CREATE GRAPH <http://example.org/g>",
    "COPY": "COPY DEFAULT TO <http://example.org/g>",
    "MOVE": "MOVE <https://w3id.org/ma-ai/graph/catalogue> TO DEFAULT",
    "ADD": "ADD <https://w3id.org/ma-ai/graph/catalogue> TO <http://example.org/g>",
    "lower case, after a prologue": "prefix x: <http://example.org/> insert data { x:a x:b 1 }",
    "after a comment": "# a note\nDROP ALL",
    "two operations": "CLEAR ALL ; LOAD <URL>",
}


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("text", UPDATES.values(), ids=UPDATES.keys())
def test_updates_sent_as_queries_are_refused_and_change_nothing(healthy, listener, text, transport):
    message = error_of(TRANSPORTS[transport](healthy, naming(text, listener)), 400)
    assert "read-only" in message
    assert no_connection(listener)


@pytest.mark.parametrize("text", ["LOAD <URL>", "CLEAR ALL"], ids=["LOAD", "CLEAR"])
def test_updates_in_the_update_parameter_or_body_type_are_refused(healthy, listener, text):
    update = naming(text, listener)
    replies = [
        healthy.send("GET", "/sparql?" + urllib.parse.urlencode({"update": update})),
        healthy.send(
            "POST", "/sparql", urllib.parse.urlencode({"update": update}).encode(),
            {"Content-Type": FORM},
        ),
        healthy.send(
            "POST", "/sparql", update.encode(), {"Content-Type": "application/sparql-update"}
        ),
    ]  # fmt: skip
    for reply in replies:
        assert "read-only" in error_of(reply, 400)
    assert no_connection(listener)
    # Where updates would go does not exist unless they are switched on.
    assert healthy.send("POST", "/update", update.encode(), {"Content-Type": FORM})[0] == 404


def test_a_load_in_a_comment_or_string_is_only_text(healthy, listener):
    text = naming('SELECT * WHERE { ?s ?p "LOAD <URL>" } # LOAD <URL>', listener)
    status, _, body = get(healthy, text)
    assert status == 200, body[:300]
    assert json.loads(body)["results"]["bindings"] == []
    assert no_connection(listener)
