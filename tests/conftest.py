"""Shared fixtures: settings under tmp_path, a small real store, the app, a CLI runner."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse

from kg.settings import load_settings
from kg.store import open_store, write_store
from kg.web import create_app

FIXTURES = Path(__file__).parent / "fixtures"
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
