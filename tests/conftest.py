"""Shared fixtures: settings under tmp_path, a small real store, the app, a CLI runner."""

from __future__ import annotations

import shutil
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse

from kg.settings import load_settings
from kg.store import open_store, write_store
from kg.web import create_app

FIXTURES = Path(__file__).parent / "fixtures"
# Headless Chromium (Debian package "chromium") for the browser tests; without the
# background-networking flags it tries to reach Google's hosts, which this network refuses.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SMALL = FIXTURES / "small.nq"
GRAPH = "https://w3id.org/ma-ai/graph/"


def graph_sizes(path: Path = SMALL) -> Counter:
    """Quads per named graph of an N-Quads file, read with the parser alone (no store)."""
    return Counter(quad.graph_name.value for quad in parse(path=path, format=RdfFormat.N_QUADS))


@pytest.fixture
def settings(tmp_path):
    return load_settings(environ={}, store_dir=tmp_path / "store")


@pytest.fixture
def store(settings):
    write_store(settings, SMALL)
    return open_store(settings)


@pytest.fixture
def app(settings, store):
    return create_app(settings)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="session")
def seed_store_settings(tmp_path_factory):
    """Settings of a store built once per session by the real pipeline from data/documents."""
    from kg.build import run_build

    root, folder = Path(__file__).parent.parent, tmp_path_factory.mktemp("seed")
    settings = load_settings(
        environ={},
        store_dir=folder / "store",
        dumps_dir=folder / "dumps",
        documents_dir=root / "data" / "documents",
        entities_dir=root / "data" / "entities",
        ontology_dir=root / "ontology",
        rdf_dir=folder / "rdf",
    )
    run_build(settings)
    return settings


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(store_dir: Path, log: Path, *options: str, env: dict | None = None):
    """`kg serve` as a real process on 127.0.0.1; yields (base URL, process).

    Stops it at the end and fails when it did not exit cleanly (a worker crash included).
    """
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    command = [sys.executable, "-c", "from kg.cli import main; main()", "serve"]
    command += ["--store", str(store_dir), "--port", str(port), *options]
    environ = {**os.environ, **(env or {})}
    with open(log, "w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=output, env=environ)
    base = f"http://127.0.0.1:{port}"
    try:
        start = time.monotonic()
        while True:
            if process.poll() is not None:
                pytest.fail(f"kg serve exited with {process.returncode}: {log.read_text()}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1):
                    break
            except OSError:
                if time.monotonic() - start > 20:
                    pytest.fail(f"kg serve did not answer within 20 s: {log.read_text()}")
                time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert process.returncode == 0, log.read_text()
    assert "SIGSEGV" not in log.read_text()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real `oxigraph serve` on 127.0.0.1 whose default graph is the union of its graphs,
    for the remote store; yields its base URL. Skipped only when the server is not installed."""
    import subprocess
    import sys
    import time
    import urllib.request

    beside = Path(sys.executable).parent / "oxigraph"
    command = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if command is None:
        pytest.skip("the `oxigraph` server (PyPI oxigraph, in the test extras) is not installed")
    folder, port = tmp_path_factory.mktemp("oxigraph"), free_port()
    arguments = ["serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    log = folder / "log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [command, *arguments, "--union-default-graph"], stdout=output, stderr=output
        )
    base = f"http://127.0.0.1:{port}"
    try:
        start = time.monotonic()
        while True:
            if process.poll() is not None:
                pytest.fail(f"oxigraph exited with {process.returncode}: {log.read_text()}")
            try:
                with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                if time.monotonic() - start > 20:
                    pytest.fail(f"oxigraph did not answer within 20 s: {log.read_text()}")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
