"""Faults, with real processes on 127.0.0.1: killed builds and workers, a read-only or full
store folder, a damaged store.

A `kg build` is killed at chosen moments: the child below stops itself (SIGSTOP) right before
or after a named function of the build runs, the test checks what is on disk at that moment,
then sends SIGKILL. The extraction moment is found from the build's own progress lines instead.
"""

from __future__ import annotations

import asyncio
import errno
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SMALL, free_port, graph_sizes, running_server
from pyoxigraph import Store

from kg.asgi import AsgiApp
from kg.cli import kg
from kg.settings import load_settings
from kg.store import current_path, write_store
from kg.web import create_app

ROOT = Path(__file__).resolve().parents[1]
TOTAL = sum(graph_sizes().values())
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# Six unrelated patterns over the small store: minutes of work.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
REBUILD = "rebuild it with `kg build`"
IS_ROOT = os.geteuid() == 0
# `kg build` that stops itself right before the function "module:name" runs, or right after
# it returns for "module:name+" (argv[1], "-" for never), and writes no file larger than
# argv[2] bytes (0: no limit; writes past it fail with EFBIG, as on a full disk).
CHILD = """
import importlib, os, resource, signal, sys
target, limit = sys.argv.pop(1), int(sys.argv.pop(1))
if limit:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
if target != "-":
    module, _, name = target.partition(":")
    after = name.endswith("+")
    owner, name = importlib.import_module(module), name.rstrip("+")
    original = getattr(owner, name)
    def paused(*args, **kwargs):
        if not after:
            os.kill(os.getpid(), signal.SIGSTOP)
        result = original(*args, **kwargs)
        if after:
            os.kill(os.getpid(), signal.SIGSTOP)
        return result
    setattr(owner, name, paused)
from kg.cli import main
main()
"""


def build_env(tmp_path: Path) -> dict:
    return {
        **os.environ,
        "KG_DOCUMENTS_DIR": str(ROOT / "data" / "documents"),
        "KG_ENTITIES_DIR": str(ROOT / "data" / "entities"),
        "KG_ONTOLOGY_DIR": str(ROOT / "ontology"),
        "KG_RDF_DIR": str(tmp_path / "no-rdf"),
    }


def start_build(store_dir, log, *, pause_before="-", max_file_bytes=0, prefix=()):
    """`kg build` of the seed documents into *store_dir*, as a process writing to *log*."""
    command = [*prefix, sys.executable, "-c", CHILD, pause_before, str(max_file_bytes)]
    command += ["build", "--store", str(store_dir)]
    with open(log, "w") as output:
        return subprocess.Popen(
            command, stdout=output, stderr=output, env=build_env(log.parent), cwd=log.parent
        )


def finish_build(store_dir, log, **options) -> tuple[int, str]:
    """(exit code, output) of a whole `kg build`."""
    process = start_build(store_dir, log, **options)
    process.wait(timeout=300)
    return process.returncode, log.read_text()


def state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0]


def wait_for(condition, seconds=60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def ask(base: str, query: str = COUNT) -> int:
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(url, timeout=30) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def builds(store_dir: Path) -> set[Path]:
    folder = store_dir / "builds"
    return set(folder.iterdir()) if folder.is_dir() else set()


def version_of(build: Path) -> Path:
    return build.parent.parent / "versions" / f"{build.name}.json"


def quads_in(build: Path) -> int:
    return len(Store.read_only(str(build)))


@pytest.fixture
def serving(tmp_path):
    """A store holding the small fixture, served by `kg serve`: (base URL, store folder)."""
    settings = load_settings(environ={}, store_dir=tmp_path / "store")
    write_store(settings, SMALL)
    with running_server(settings.store_dir, tmp_path / "serve.log", "--workers", "2") as running:
        yield running[0], settings.store_dir


# Killed builds ---------------------------------------------------------------------------


def nothing_new(new):
    assert not new


def empty_folder(new):
    [build] = new
    assert not any(build.iterdir())


def data_without_version(new):
    [build] = new
    assert (build / "CURRENT").is_file() and not version_of(build).exists()


def complete_but_not_current(new):
    [build] = new
    assert version_of(build).exists() and quads_in(build) > TOTAL


# moment: (where the build stops, see CHILD, or None for the progress line; what is on disk)
MOMENTS = {
    "during extraction": (None, nothing_new),
    "before the store load": ("kg.store:new_build_dir+", empty_folder),
    "after the store load": ("kg.store:_write_version", data_without_version),
    "before the pointer swap": ("kg.store:point_current", complete_but_not_current),
}


def stop_at(moment: str, process: subprocess.Popen, log: Path) -> None:
    """Wait until the build reaches *moment*, stopped (SIGSTOP) there."""
    if MOMENTS[moment][0] is None:
        # The model is being loaded or the documents read: the build is in extraction.
        assert wait_for(lambda: "loading the French model" in log.read_text(), 120), log.read_text()
        process.send_signal(signal.SIGSTOP)
    assert wait_for(lambda: process.poll() is not None or state(process.pid) == "T", 120)
    assert process.poll() is None, f"the build ended before {moment}: {log.read_text()}"


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_build_killed_at_any_moment_leaves_the_previous_store_serving(moment, serving, tmp_path):
    base, store_dir = serving
    previous, before = (store_dir / "current").resolve(), builds(store_dir)
    killed = start_build(store_dir, tmp_path / "killed.log", pause_before=MOMENTS[moment][0] or "-")
    try:
        stop_at(moment, killed, tmp_path / "killed.log")
        MOMENTS[moment][1](builds(store_dir) - before)
        assert ask(base) == TOTAL
    finally:
        killed.kill()
        killed.wait(timeout=30)
    assert killed.returncode == -signal.SIGKILL
    # `current` still names the complete previous build, and the server answers from it.
    assert (store_dir / "current").resolve() == previous
    assert version_of(previous).exists() and quads_in(previous) == TOTAL
    assert [ask(base) for _ in range(4)] == [TOTAL] * 4
    # The next build succeeds (the killed one's lock died with it) and is served.
    code, output = finish_build(store_dir, tmp_path / "next.log")
    assert code == 0, output
    latest = (store_dir / "current").resolve()
    assert latest not in before | {previous} and version_of(latest).exists()
    built = quads_in(latest)
    assert built > TOTAL
    assert [ask(base) for _ in range(4)] == [built] * 4
    with urllib.request.urlopen(base + "/readyz", timeout=10) as response:
        assert (
            json.load(response)["version"] == json.loads(version_of(latest).read_text())["version"]
        )
    # Nothing half-written is left: a folder without its version file was removed; a whole
    # build that never became current (killed before the swap) is kept but never served.
    assert all(version_of(build).exists() for build in builds(store_dir))


# A killed worker ------------------------------------------------------------------------


def worker_pids(master: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                found.append(int(entry))
    return sorted(found)


def cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def test_a_worker_killed_mid_request_is_replaced_and_the_next_request_succeeds(
    settings, store, tmp_path
):
    options = ("--workers", "1", "--timeout", "300")
    with running_server(settings.store_dir, tmp_path / "serve.log", *options) as (base, master):
        assert wait_for(lambda: len(worker_pids(master.pid)) == 1)
        [worker] = worker_pids(master.pid)
        assert ask(base) == TOTAL  # the worker has the store open
        idle, outcome = cpu_ticks(worker), {}

        def slow_request() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]))
            try:
                connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": SLOW}))
                outcome["status"] = connection.getresponse().status
            except (OSError, http.client.HTTPException) as error:
                outcome["error"] = error
            finally:
                connection.close()

        client = threading.Thread(target=slow_request)
        client.start()
        # The worker is computing the query: it has used half a second of CPU since.
        assert wait_for(lambda: cpu_ticks(worker) - idle > os.sysconf("SC_CLK_TCK") // 2)
        os.kill(worker, signal.SIGKILL)
        client.join(timeout=60)
        assert not client.is_alive()
        assert "error" in outcome or outcome["status"] >= 500, outcome
        assert wait_for(lambda: len(set(worker_pids(master.pid)) - {worker}) == 1)
        assert ask(base) == TOTAL
        assert master.poll() is None


# A read-only or full store folder ---------------------------------------------------------


def read_only_prefix(method: str, store_dir: Path) -> tuple[str, ...]:
    """The command prefix that runs the build with *store_dir* read-only."""
    if method == "permissions":
        subprocess.run(["chmod", "-R", "a-w", str(store_dir)], check=True)
        # root ignores permission bits unless it gives up the capability to.
        return ("setpriv", "--bounding-set=-dac_override,-dac_read_search") if IS_ROOT else ()
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
    return ("unshare", "-m", "sh", "-c", script, "sh", str(store_dir))


READ_ONLY = {
    "permissions": (errno.EACCES, IS_ROOT and not shutil.which("setpriv")),
    "read-only mount": (errno.EROFS, not IS_ROOT or not shutil.which("unshare")),
}


@pytest.mark.parametrize("method", READ_ONLY)
def test_a_read_only_store_folder_fails_the_build_and_changes_nothing(method, serving, tmp_path):
    code_expected, unsupported = READ_ONLY[method]
    if unsupported:
        pytest.skip(f"{method} needs {'root' if not IS_ROOT else 'setpriv'}")
    base, store_dir = serving
    previous, before = (store_dir / "current").resolve(), builds(store_dir)
    try:
        prefix = read_only_prefix(method, store_dir)
        code, output = finish_build(store_dir, tmp_path / "build.log", prefix=prefix)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(store_dir)], check=True)
    assert code == 2, output
    assert f"Error: cannot write the store in {store_dir}: {os.strerror(code_expected)}" in output
    assert "Traceback" not in output
    assert (store_dir / "current").resolve() == previous and builds(store_dir) == before
    assert [ask(base) for _ in range(4)] == [TOTAL] * 4


@contextmanager
def small_disk(folder: Path):
    """A tmpfs mounted on *folder* (root only); yields a function that shrinks it to what
    it holds plus some bytes."""
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)], check=True)

    def shrink(spare: int) -> None:
        used = shutil.disk_usage(folder).used
        size = f"size={(used + spare) // 1024}k"
        subprocess.run(["mount", "-o", f"remount,{size}", str(folder)], check=True)

    try:
        yield shrink
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize("method", ["file size limit", "small tmpfs"])
def test_a_full_disk_fails_the_build_and_changes_nothing(method, tmp_path):
    """The file size limit works for anyone (EFBIG); the tmpfs is a real full disk (ENOSPC),
    for root only."""
    if method == "small tmpfs" and not IS_ROOT:
        pytest.skip("mounting a tmpfs needs root")
    with small_disk(tmp_path / "disk") if method == "small tmpfs" else nullcontext() as shrink:
        store_dir = (tmp_path / "disk" if shrink else tmp_path) / "store"
        write_store(load_settings(environ={}, store_dir=store_dir), SMALL)
        previous, before = (store_dir / "current").resolve(), builds(store_dir)
        if shrink:
            # Room for a third of the new build (about 1 MB): it fails while loading.
            shrink(400_000)
        limit, reason = (0, errno.ENOSPC) if shrink else (100_000, errno.EFBIG)
        with running_server(store_dir, tmp_path / "serve.log", "--workers", "1") as (base, _):
            code, output = finish_build(store_dir, tmp_path / "build.log", max_file_bytes=limit)
            assert code == 2, output
            assert f"Error: cannot write the store in {store_dir}: " in output
            assert os.strerror(reason) in output and "Traceback" not in output
            # The failed build's folder is gone; `current` and the answers are unchanged.
            assert (store_dir / "current").resolve() == previous
            assert builds(store_dir) == before
            assert [ask(base) for _ in range(3)] == [TOTAL] * 3


# A damaged store ----------------------------------------------------------------------------


def overwrite(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as stream:
        stream.seek(offset)
        stream.write(data)


def garbage_over_index_blocks(build: Path) -> None:
    """Garbage over the first data block of every .sst file the store still opens without:
    the damage only reading the data finds."""
    for path in sorted(build.glob("*.sst")):
        original = path.read_bytes()
        overwrite(path, 0, b"\x00garbage\x00" * 2)
        try:
            Store.read_only(str(build))
        except RuntimeError:
            path.write_bytes(original)
    assert any(path.read_bytes()[:9] == b"\x00garbage\x00" for path in build.glob("*.sst"))


def largest_sst(build: Path) -> Path:
    return max(build.glob("*.sst"), key=lambda path: path.stat().st_size)


DAMAGES = {
    "garbage CURRENT": lambda build: (build / "CURRENT").write_bytes(b"garbage\n"),
    "garbage MANIFEST": lambda build: overwrite(next(build.glob("MANIFEST-*")), 20, b"\xff" * 64),
    "truncated .sst": lambda build: os.truncate(
        largest_sst(build), largest_sst(build).stat().st_size // 2
    ),
    "missing .sst": lambda build: largest_sst(build).unlink(),
}
# Opens, but its data cannot be read: only `kg serve`'s start check is run on it (reading
# such a store with queries can take memory without end; see SECURITY.md).
DAMAGED_DATA = {"garbage over index blocks": garbage_over_index_blocks}


@pytest.fixture
def damaged(request, settings, store):
    """The settings of a store whose current build is damaged by *request.param*."""
    del store  # written, now damaged
    build = current_path(settings)
    {**DAMAGES, **DAMAGED_DATA}[request.param](build)
    return settings, build


@pytest.mark.parametrize("damaged", [*DAMAGES, *DAMAGED_DATA], indirect=True)
def test_kg_serve_refuses_a_damaged_store_and_says_how_to_rebuild(damaged, tmp_path):
    settings, build = damaged
    command = [sys.executable, "-c", "from kg.cli import main; main()", "serve"]
    command += ["--store", str(settings.store_dir), "--port", str(free_port())]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("Error: ") and str(build) in done.stderr
    assert REBUILD in done.stderr
    assert "Traceback" not in done.stderr
    assert "Listening at" not in done.stdout + done.stderr


@pytest.mark.parametrize("damaged", DAMAGES, indirect=True)
def test_kg_query_and_readyz_report_a_damaged_store(damaged):
    settings, build = damaged
    result = CliRunner().invoke(kg, ["query", COUNT, "--store", str(settings.store_dir)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and str(build) in result.stderr
    assert REBUILD in result.stderr
    client = create_app(settings).test_client()
    for path in ("/readyz", "/sparql?query=ASK%7B%7D", "/queries/initiatives.json"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert REBUILD in response.get_json()["error"]
        # The public answer does not tell where the server keeps its files.
        assert str(settings.store_dir) not in response.get_data(as_text=True)


DAMAGED_BLOCK = "Corruption: block checksum mismatch: stored = 1, computed = 2, type = 4  in {}"


@pytest.fixture
def damaged_block(monkeypatch, settings, store):
    """Every query fails as RocksDB fails on a damaged data block, when the open succeeds."""
    import kg.store

    block = current_path(settings) / "000012.sst"
    opened = kg.store._open_build

    class Damaged:
        def __init__(self, path):
            self.store = opened(path)

        def query(self, *args, **kwargs):
            raise RuntimeError(DAMAGED_BLOCK.format(block))

        def __getattr__(self, name):
            return getattr(self.store, name)

        def __len__(self):
            return len(self.store)

    monkeypatch.setattr(kg.store, "_open_build", Damaged)
    return settings


def asgi_get(app: AsgiApp, path: str) -> tuple[int, bytes]:
    """(status, body) of a GET of *path* through the ASGI app, as uvicorn would call it."""
    path, _, query = path.partition("?")
    scope = {"type": "http", "method": "GET", "path": path, "query_string": query.encode()}
    scope |= {"headers": [(b"host", b"localhost")], "client": ("127.0.0.1", 5), "root_path": ""}
    incoming, sent = [{"type": "http.request", "body": b""}], []

    async def receive():
        return incoming.pop(0)

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_a_damaged_block_found_by_a_query_is_a_503_saying_how_to_rebuild(damaged_block):
    app = create_app(damaged_block)
    answers = [app.test_client().get(path) for path in ("/readyz", "/sparql?query=ASK%7B%7D")]
    status, body = asgi_get(AsgiApp(app), "/sparql?query=ASK%7B%7D")
    assert [a.status_code for a in answers] == [503, 503] and status == 503
    for text in [a.get_data(as_text=True) for a in answers] + [body.decode()]:
        assert "the store is damaged (Corruption: block checksum mismatch" in text
        assert REBUILD in text and str(damaged_block.store_dir) not in text
    result = CliRunner().invoke(kg, ["query", COUNT, "--store", str(damaged_block.store_dir)])
    assert result.exit_code == 2 and REBUILD in result.stderr
    assert "Traceback" not in result.output
