"""Hostile HTTP: oversized bodies, wrong content types, invalid UTF-8 and path traversal.

Each request is sent to the Flask app in this process and to a real `kg serve`, whose
/sparql is read from the raw request by the ASGI path. A secret file lies next to the dumps
folder; no answer may ever contain it, nor any other file outside the folders that are served.
"""

from __future__ import annotations

import json
import socket
import urllib.parse
from pathlib import Path

import pytest
from conftest import SMALL, running_server
from test_hostile_sparql import App, Server

from kg.export import export_release
from kg.settings import load_settings
from kg.store import write_store
from kg.web import create_app

MAX_BYTES = 100_000
SECRET = "kg-secret-4b1f0c2e9d"
SOURCE = Path(__file__).resolve().parents[1] / "src" / "kg"
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A store, a release of it in dumps/, and a secret file beside dumps/."""
    root = tmp_path_factory.mktemp("http")
    settings = load_settings(
        environ={},
        store_dir=root / "store",
        dumps_dir=root / "dumps",
        max_request_bytes=MAX_BYTES,
    )
    write_store(settings, SMALL)
    release = export_release(settings)
    (root / "secret.txt").write_text(SECRET)
    (root / "dumps" / "secret.txt").write_text(SECRET)  # in dumps/, but in no release
    return settings, release.version


@pytest.fixture(scope="module")
def app(folder):
    return App(create_app(folder[0]))


@pytest.fixture(scope="module")
def server(folder, tmp_path_factory):
    settings, _ = folder
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    environment = {
        "KG_DUMPS_DIR": str(settings.dumps_dir),
        "KG_MAX_REQUEST_BYTES": str(MAX_BYTES),
    }
    with running_server(settings.store_dir, log, "--workers", "1", env=environment) as running:
        yield Server(running[0])


@pytest.fixture(params=["app", "server"])
def target(request):
    return request.getfixturevalue(request.param)


def error_of(reply, status: int) -> str:
    got, headers, body = reply
    assert got == status, body[:300]
    assert headers["content-type"].startswith("application/json")
    document = json.loads(body)
    assert document["status"] == status
    return document["error"]


def post(target, body: bytes, content_type: str | None, path: str = "/sparql"):
    headers = {"Content-Type": content_type} if content_type else {}
    return target.send("POST", path, body, headers)


# --- bodies over the size cap -------------------------------------------------------------------

OVERSIZED = {
    "direct query": (QUERY_BODY, b"ASK {} #" + b"x" * MAX_BYTES),
    "form": (FORM, b"query=ASK+%7B%7D&pad=" + b"x" * MAX_BYTES),
    "form with an update": (FORM, b"update=CLEAR+ALL&pad=" + b"x" * MAX_BYTES),
    "unknown type": ("application/octet-stream", b"\0" * (MAX_BYTES + 1)),
}


@pytest.mark.parametrize("case", OVERSIZED.values(), ids=OVERSIZED.keys())
def test_a_body_over_the_size_cap_is_refused_with_413(target, case):
    content_type, body = case
    message = error_of(post(target, body, content_type), 413)
    assert str(MAX_BYTES) in message
    assert target.send("GET", "/healthz")[0] == 200


def test_a_body_at_the_size_cap_is_read(target):
    body = b"ASK {} #" + b"x" * (MAX_BYTES - 8)
    assert len(body) == MAX_BYTES
    status, _, answer = post(target, body, QUERY_BODY)
    assert status == 200, answer[:300]
    assert json.loads(answer)["boolean"] is True


def test_a_chunked_body_over_the_size_cap_is_refused(server):
    # No Content-Length to trust: the server counts as it reads.
    host, port = server.base.removeprefix("http://").split(":")
    chunks = [b"ASK {} #", b"x" * MAX_BYTES]
    request = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    request += b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    request += b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks) + b"0\r\n\r\n"
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert json.loads(body)["status"] == 413


# --- content types ------------------------------------------------------------------------------

WRONG_TYPES = {
    "text/plain": "text/plain",
    "JSON": "application/json",
    "multipart form": "multipart/form-data; boundary=x",
    "XML": "application/xml",
    "query as UTF-16": "application/sparql-query; charset=utf-16",
    "query as Latin-1": "application/sparql-query; charset=ISO-8859-1",
    "form as UTF-16": "application/x-www-form-urlencoded; charset=utf-16",
}


@pytest.mark.parametrize("content_type", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_a_body_of_the_wrong_type_is_refused_with_415(target, content_type):
    message = error_of(post(target, b"query=ASK+%7B%7D", content_type), 415)
    assert QUERY_BODY in message or "UTF-8" in message


def test_a_body_without_a_type_is_refused_with_415(target):
    message = error_of(post(target, b"ASK {}", None), 415)
    assert QUERY_BODY in message and FORM in message


def test_an_update_body_type_is_refused_as_read_only(target):
    message = error_of(post(target, b"CLEAR ALL", "application/sparql-update"), 400)
    assert "read-only" in message


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_on_the_endpoint_are_refused_with_405(target, method):
    status, headers, body = target.send(method, "/sparql", b"ASK {}", {"Content-Type": QUERY_BODY})
    assert error_of((status, headers, body), 405)
    assert "GET" in headers["allow"] and "POST" in headers["allow"]


# --- invalid UTF-8 ------------------------------------------------------------------------------

BAD_BYTES = {
    "a lone continuation byte": "%80",
    "0xFF": "%FF",
    "a truncated sequence": "%C3%28",
    "an overlong slash": "%C0%AF",
    "a UTF-16 surrogate": "%ED%A0%80",
    "a code point past U+10FFFF": "%F4%90%80%80",
}


@pytest.mark.parametrize("encoded", BAD_BYTES.values(), ids=BAD_BYTES.keys())
def test_invalid_utf8_in_a_query_string_is_refused_naming_it(target, encoded):
    message = error_of(target.send("GET", f"/sparql?query=ASK%20%7B%7D%23{encoded}"), 400)
    assert "query string is not valid UTF-8" in message


@pytest.mark.parametrize("encoded", BAD_BYTES.values(), ids=BAD_BYTES.keys())
def test_invalid_utf8_in_a_form_body_is_refused_naming_it(target, encoded):
    body = f"query=ASK+%7B%7D+%23{encoded}".encode()
    message = error_of(post(target, body, FORM), 400)
    assert "form body is not valid UTF-8" in message
    raw = b"query=ASK+%7B%7D+%23" + urllib.parse.unquote_to_bytes(encoded)
    assert "not valid UTF-8" in error_of(post(target, raw, FORM), 400)


@pytest.mark.parametrize("encoded", BAD_BYTES.values(), ids=BAD_BYTES.keys())
def test_invalid_utf8_in_a_query_body_is_refused_naming_it(target, encoded):
    body = b"ASK {} # " + urllib.parse.unquote_to_bytes(encoded)
    assert "body is not valid UTF-8" in error_of(post(target, body, QUERY_BODY), 400)


def test_invalid_utf8_in_report_parameters_is_refused_naming_it(target):
    message = error_of(target.send("GET", "/queries/search.json?text=caf%C3"), 400)
    assert "query string is not valid UTF-8" in message
    # Valid UTF-8 is read as such, not as Latin-1.
    status, _, body = target.send("GET", "/queries/search.json?text=caf%C3%A9")
    assert status == 200 and json.loads(body)["parameters"]["text"] == ["cafe"]


def test_raw_bytes_in_the_request_line_never_reach_a_query(server):
    host, port = server.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(b"GET /sparql?query=ASK%20%7B%7D%23\xff HTTP/1.1\r\nHost: x\r\n")
        connection.sendall(b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400")


# --- path traversal -----------------------------------------------------------------------------

ESCAPES = [
    "..", "../..", "../../..", "%2e%2e", "%2E%2E/%2E%2E", ".%2e", "..%2f..", "..%2F..%2F..",
    "..%5c..", "..\\..", "%252e%252e%252f%252e%252e", "..%252f..", "%c0%ae%c0%ae",
    "..;", "....//....", "%2e%2e%2f%2e%2e%2f%2e%2e", "..%00", "%00..",
]  # fmt: skip
TARGETS = ["secret.txt", "etc/passwd", "web.py", "store/current", "%2fetc%2fpasswd"]
ROUTES = [
    "/data/{}", "/data/doc/{}", "/doc/{}", "/id/{}", "/page/{}", "/dumps/{}",
    "/dumps/{version}/{}", "/dumps/latest/{}", "/dumps/{}/", "/static/{}", "/queries/{}",
    "/ontology/{}",
]  # fmt: skip


def traversals(version: str) -> list[str]:
    paths = []
    for route in ROUTES:
        for escape in ESCAPES:
            for name in TARGETS:
                paths.append(route.format(f"{escape}/{name}", version=version))
    # Absolute paths and doubled slashes.
    paths += [f"{route.format('', version=version)}/etc/passwd" for route in ROUTES]
    paths += ["//etc/passwd", "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/%2e%2e/"]
    return paths


def outside_texts() -> list[str]:
    """Texts of files that are never served: the secret, system files, the server's code."""
    return [SECRET, "root:x:0:0", "def create_app(", (SOURCE / "export.py").read_text()[:60]]


def test_path_traversal_never_reaches_a_file_outside_the_served_folders(target, folder):
    _, version = folder
    forbidden, answered, statuses = outside_texts(), [], set()
    for path in traversals(version):
        status, headers, body = target.send("GET", path)
        if status in (301, 302, 303, 307, 308):  # a tidied path: follow it once
            location = urllib.parse.urlsplit(headers["location"])
            status, headers, body = target.send("GET", location.path or "/")
        statuses.add(status)
        text = body.decode("utf-8", "replace")
        if status < 400 or any(secret in text for secret in forbidden):
            answered.append((path, status))
    assert not answered
    assert statuses <= {400, 404, 405, 406}


def test_the_files_that_are_served_still_are(target, folder):
    _, version = folder
    status, _, body = target.send("GET", f"/dumps/{version}/SHA256SUMS")
    assert status == 200 and b"ma-ai-kg.nq.gz" in body
    assert target.send("GET", "/static/kg.css")[0] == 200
    assert target.send("GET", f"/dumps/{version}/secret.txt")[0] == 404
