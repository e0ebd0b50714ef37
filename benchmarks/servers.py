"""The SPARQL servers the endpoint benchmark compares, each started as a process on 127.0.0.1.

- ``kg``: this project's ``kg serve`` (gunicorn, 2 workers), result cache off or on;
- ``oxigraph``: ``oxigraph serve-read-only --union-default-graph`` (PyPI ``oxigraph``, the Rust
  server) on the very same store folder;
- ``rdflib``: ``rdflib-endpoint serve`` (PyPI ``rdflib-endpoint``) on an N-Quads dump of it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Running:
    """A started server: its port, query path and process."""

    name: str
    port: int
    endpoint: str
    process: subprocess.Popen

    def settle(self, most: float = 120.0) -> None:
        """Wait until the server is idle: a load run may leave requests still being computed,
        which would slow down the next measurement."""
        deadline = time.monotonic() + most
        previous = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.25)
            current = self.cpu_seconds()
            if current - previous < 0.01:
                return
            previous = current

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and its child processes."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in _tree(self.process.pid):
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except (OSError, ValueError, IndexError):
                continue
        return total / ticks

    def peak_memory_mb(self) -> float:
        """Peak resident memory (VmHWM) of the server and all its child processes, in MiB."""
        return sum(_peak_kib(pid) for pid in _tree(self.process.pid)) / 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


WORKERS = 2  # of kg serve; the benchmark's --kg-workers changes it


def command(name: str, port: int, store: Path, dump: Path) -> tuple[list[str], dict, str]:
    """(command line, extra environment, query path) of server *name*."""
    if name.startswith("kg"):
        # One benchmark client sends 8 queries at once, and the answers must be the peers'
        # answers, whole: no per-client cap, no interactive row cap.
        env = {"KG_MAX_CLIENT_QUERIES": "0", "KG_MAX_ROWS": "10000000"}
        if name == "kg":
            env["KG_RESULT_CACHE_BYTES"] = "0"
        line = [str(BIN / "kg"), "serve", "--store", str(store), "--port", str(port)]
        return [*line, "--workers", str(WORKERS)], env, "/sparql"
    if name == "oxigraph":
        oxigraph = shutil.which("oxigraph", path=str(BIN)) or "oxigraph"
        location = (store / "current").resolve() if (store / "current").exists() else store
        line = [oxigraph, "serve-read-only", "--location", str(location)]
        return [*line, "--bind", f"127.0.0.1:{port}", "--union-default-graph"], {}, "/query"
    if name == "rdflib":
        line = [str(BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", str(port)]
        return [*line, str(dump)], {}, "/"
    raise ValueError(f"unknown server {name}")


@contextmanager
def serve(name: str, store: Path, dump: Path, log: Path, wait: float = 900.0):
    """Start server *name*, wait until it answers a query, and stop it at the end."""
    port = free_port()
    line, env, endpoint = command(name, port, store, dump)
    with open(log, "w") as output:
        process = subprocess.Popen(line, stdout=output, stderr=output, env={**os.environ, **env})
    running = Running(name, port, endpoint, process)
    try:
        _wait_until_up(running, log, wait)
        yield running
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(running: Running, log: Path, wait: float) -> None:
    url = f"http://127.0.0.1:{running.port}{running.endpoint}?query=ASK%7B%7D"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise RuntimeError(f"{running.name} exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{running.name} did not answer within {wait} s")


def _tree(pid: int) -> list[int]:
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children.get(current, []))
    return found


def _peak_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
