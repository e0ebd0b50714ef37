"""A short soak of a real `kg serve`: the mix of benchmarks/soak.py, 20 s at concurrency 16.

The long run (5 minutes at concurrency 64, with memory over time) is
``python benchmarks/soak.py``; this one only asks that nothing fails.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import running_server

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def soak():
    """The benchmark module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("soak", ROOT / "benchmarks" / "soak.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak"] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules["soak"]


def test_a_short_soak_gets_no_unexpected_5xx_or_connection_error(
    soak, seed_store_settings, tmp_path
):
    env = {"KG_MAX_CLIENT_QUERIES": "0", "KG_QUERIES_DIR": str(ROOT / "queries")}
    log = tmp_path / "serve.log"
    with running_server(seed_store_settings.store_dir, log, env=env) as (base, master):
        port = int(base.rsplit(":", 1)[1])
        tally = asyncio.run(soak.soak(port, master.pid, 20, 16, deadline_every=6))
    figures = soak.summary(tally, 20, 16)
    assert not tally.unexpected, figures  # no 5xx, and no other status either
    assert not tally.errors, figures
    # Every kind of request was answered as expected, many times over.
    assert set(tally.served) == set(soak.SHARES), figures
    assert min(tally.served.values()) >= 10, figures
    # The deliberate slow queries were stopped at their deadline, each a 503 counted apart.
    assert tally.deadlines[soak.DEADLINE] >= 2 and set(tally.deadlines) == {soak.DEADLINE}
    assert not tally.failed()
