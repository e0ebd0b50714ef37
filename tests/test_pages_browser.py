"""A real browser (headless Chromium) opens a resource page and follows its evidence link."""

from __future__ import annotations

import re
import subprocess
import threading

import pytest
from conftest import CHROMIUM, CHROMIUM_FLAGS
from werkzeug.serving import make_server

from kg.web import create_app

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


@pytest.fixture(scope="module")
def base_url(seed_store_settings):
    server = make_server("127.0.0.1", 0, create_app(seed_store_settings), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def dump_dom(url: str, profile) -> str:
    """The page's DOM after Chromium loaded it (JavaScript plays no part in these pages)."""
    done = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_browser_reads_a_resource_page_and_follows_its_evidence_link(base_url, tmp_path):
    page = dump_dom(f"{base_url}/id/centre-rd-oracle-casablanca?lang=fr", tmp_path / "profile")
    assert re.search(r"<h1[^>]*>Centre R&amp;D d’Oracle à Casablanca</h1>", page)
    inbound = page.split('id="inbound"')[1].split("</section>")[0]
    assert 'href="/page/oracle"' in inbound
    evidence = page.split('id="evidence"')[1]
    link = re.search(r'href="(/page/doc/[^"#]+)#(ev-[0-9a-f]+)"', evidence)
    assert link is not None
    document = dump_dom(f"{base_url}{link.group(1)}#{link.group(2)}", tmp_path / "profile")
    others = r'(?:<span class="page-anchor" id="ev-[0-9a-f]+"></span>)*'
    target = f'<span class="page-anchor" id="{link.group(2)}"></span>'
    anchor = re.search(f"<mark>{others}{target}{others}([^<]+)</mark>", document)
    assert anchor is not None and anchor.group(1).strip()
    assert "Oracle a ouvert un centre à Casablanca" in document
