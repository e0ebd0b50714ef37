"""The query page in a real browser: headless Chromium runs a query through the page.

Chromium (Debian package `chromium`) is driven over its DevTools protocol on a pipe
(``--remote-debugging-pipe``: JSON messages ended by NUL on file descriptors 3 and 4), so
nothing but the browser itself is needed.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import time

import pytest
from conftest import CHROMIUM, CHROMIUM_FLAGS, SMALL, running_server

from kg.settings import load_settings
from kg.store import write_store

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: chromium)"
)
QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { <https://w3id.org/ma-ai/id/rabat> rdfs:label ?label } ORDER BY ?label"""


class Browser:
    """A headless Chromium and one page of it, driven over the DevTools pipe."""

    def __init__(self, profile):
        to_browser, self._writer = os.pipe()
        self._reader, from_browser = os.pipe()

        def wire_pipes():
            # The browser reads commands on fd 3 and writes answers on fd 4.
            inbound, outbound = os.dup(to_browser), os.dup(from_browser)
            os.dup2(inbound, 3)
            os.dup2(outbound, 4)

        self.process = subprocess.Popen(
            [
                CHROMIUM,
                *CHROMIUM_FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=wire_pipes,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer, self._next_id, self.events = b"", 0, []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable", session=True)

    def send(self, method, params=None, session=False, wait=30.0):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._writer, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + wait
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                assert "error" not in reply, reply
                return reply["result"]
            self.events.append(reply)

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            session=True,
        )
        return result["result"].get("value")

    def wait_for(self, expression, seconds=20.0):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        pytest.fail(f"the page never made {expression!r} true")

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        os.close(self._writer)
        os.close(self._reader)

    def _receive(self, deadline):
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self._reader], [], [], max(remaining, 0))
            if not ready:
                pytest.fail("Chromium did not answer in time")
            chunk = os.read(self._reader, 1 << 16)
            if not chunk:
                pytest.fail("Chromium closed its DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    settings = load_settings(environ={}, store_dir=folder / "store")
    write_store(settings, SMALL)
    with running_server(settings.store_dir, folder / "serve.log", "--workers", "1") as (url, _):
        yield url


@pytest.fixture
def browser(tmp_path):
    opened = Browser(tmp_path / "profile")
    yield opened
    opened.close()


def requested_urls(browser):
    return [
        event["params"]["request"]["url"]
        for event in browser.events
        if event.get("method") == "Network.requestWillBeSent"
    ]


def test_a_query_runs_through_the_page(browser, base):
    browser.send("Page.navigate", {"url": base + "/sparql?format=html"}, session=True)
    browser.wait_for(
        "document.readyState === 'complete' && !!document.getElementById('sparql-run')"
    )
    assert browser.evaluate("document.getElementById('sparql-query').value").startswith(
        "PREFIX mai:"
    )
    browser.evaluate(
        f"document.getElementById('sparql-query').value = {json.dumps(QUERY)};"
        "document.getElementById('sparql-run').click(); true"
    )
    browser.wait_for("document.querySelectorAll('.sparql-table tbody tr').length === 2")
    cells = browser.evaluate(
        "[...document.querySelectorAll('.sparql-table tbody td')].map(td => td.textContent)"
    )
    assert cells == ["Rabat@en", "Rabat@fr"]
    links = browser.evaluate(
        "[...document.querySelectorAll('.sparql-downloads a')].map(a => a.textContent)"
    )
    assert links == ["JSON", "XML", "CSV", "TSV"]
    # The page is self-contained: every request went to this server.
    urls = requested_urls(browser)
    assert urls and all(url.startswith(base) for url in urls)


def test_an_example_and_an_error_on_the_page(browser, base):
    browser.send("Page.navigate", {"url": base + "/sparql?format=html"}, session=True)
    browser.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('.sparql-example')"
    )
    browser.evaluate("document.querySelector('.sparql-example').click(); true")
    assert "COUNT(DISTINCT ?actor)" in browser.evaluate(
        "document.getElementById('sparql-query').value"
    )
    browser.evaluate(
        "document.getElementById('sparql-query').value = 'SELECT {';"
        "document.getElementById('sparql-run').click(); true"
    )
    message = browser.wait_for("document.querySelector('.sparql-error')?.textContent")
    assert "SPARQL syntax error" in message
