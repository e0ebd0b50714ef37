"""OpenLink Virtuoso (Debian ``virtuoso-opensource``) as a benchmark peer, on 127.0.0.1 only.

:func:`serve` makes a fresh database in a work folder, starts ``virtuoso-t`` in the foreground
with its SQL and HTTP ports bound to 127.0.0.1, bulk-loads an N-Quads file with the RDF bulk
loader (``ld_dir`` + ``rdf_loader_run``, each quad into its own graph), and stops it at the end.
Queries go to ``/sparql``; without ``FROM`` Virtuoso queries the union of all graphs, as our
reports do. Buffers are sized for a few GiB (the machine has plenty).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CONFIG = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {data}
NumberOfBuffers = 340000
MaxDirtyBuffers = 250000
MaxQueryMem = 2G
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 0
"""


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its HTTP port and how long loading took."""

    http_port: int
    load_seconds: float
    endpoint: str = "/sparql"


def available() -> bool:
    """True when the Debian package's server and SQL client are installed."""
    return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))


@contextmanager
def serve(nquads: Path, work: Path, sql_port: int, http_port: int) -> Iterator[Virtuoso]:
    """A fresh Virtuoso holding *nquads*; stopped (and its database left in *work*) at the end.

    Raises :class:`RuntimeError` when it does not start or load.
    """
    db, data = work / "db", work / "data"
    shutil.rmtree(work, ignore_errors=True)
    db.mkdir(parents=True)
    data.mkdir()
    (data / nquads.name).symlink_to(nquads.resolve())
    config = work / "virtuoso.ini"
    config.write_text(CONFIG.format(db=db, data=data, sql_port=sql_port, http_port=http_port))
    log = open(work / "server.log", "w")  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(
        ["virtuoso-t", "+configfile", str(config), "+foreground"],
        cwd=work,
        stdout=log,
        stderr=log,
    )
    try:
        _wait_for_sql(sql_port, process)
        started = time.perf_counter()
        _isql(
            sql_port, f"ld_dir('{data}', '*.nq', 'urn:x-kg:default'); rdf_loader_run(); checkpoint;"
        )
        yield Virtuoso(http_port, time.perf_counter() - started)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _isql(port: int, statements: str) -> str:
    done = subprocess.run(
        ["isql-vt", f"127.0.0.1:{port}", "dba", "dba", f"exec={statements}"],
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if done.returncode != 0 or "*** Error" in done.stdout:
        raise RuntimeError(f"isql failed: {done.stdout[-1500:]} {done.stderr[-500:]}")
    return done.stdout


def _wait_for_sql(port: int, process: subprocess.Popen, wait: float = 120) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("virtuoso-t exited while starting")
        try:
            _isql(port, "select 1;")
            return
        except RuntimeError:
            time.sleep(0.5)
    raise RuntimeError(f"Virtuoso did not answer on 127.0.0.1:{port} within {wait} s")


def query_path(text: str) -> str:
    """The GET path of a SPARQL query at Virtuoso's endpoint."""
    return "/sparql?" + urllib.parse.urlencode({"query": text})


def ready(port: int) -> bool:
    """True when the HTTP endpoint answers a trivial query."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{query_path('ASK {}')}",
        headers={"Accept": "application/sparql-results+json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status == 200
    except OSError:
        return False
