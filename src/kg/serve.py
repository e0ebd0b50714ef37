"""``kg serve``: gunicorn running the web app, with the worker model the endpoint needs.

- ``uvicorn_worker.UvicornWorker`` workers running :class:`kg.asgi.AsgiApp` (native HTTP
  parsing, keep-alive, queries answered without Flask); measured side by side on small
  queries, gunicorn's ``sync`` workers pay a new TCP connection per request and ``gthread``
  workers pay gunicorn's and Flask's Python request handling, several times the query
  itself. When the uvicorn worker is not installed, ``gthread`` serves the Flask app.
- The master never opens the store: each worker opens it read-only after the fork (a
  RocksDB store opened before ``fork`` makes the children crash when they exit).
- A query past its deadline cannot be stopped inside the process (:mod:`kg.deadline`): the
  worker sends itself ``SIGTERM``, which is a graceful stop (the requests in flight, the 503
  included, are answered first); then the process ends, the busy thread with it (a uvicorn
  worker ends by the signal itself, a ``gthread`` worker by ``os._exit`` in its exit hook),
  and the master starts a fresh worker.
- Workers share their metrics through files in a folder the master makes and removes.
- Before it starts, :func:`check_store` opens the store and reads its main index in a
  short-lived child process, so a damaged store stops ``kg serve`` with a message saying how
  to rebuild instead of every request getting an error.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from flask import Flask
from gunicorn.app.base import BaseApplication

from .asgi import AsgiApp
from .errors import KGError, Unavailable
from .settings import Settings
from .store import open_store, require_current
from .web import create_app, store_damage


class Server(BaseApplication):
    """gunicorn running :func:`kg.web.create_app` in each worker process."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.metrics_dir = Path(tempfile.mkdtemp(prefix="kg-metrics-"))
        super().__init__()

    def load_config(self) -> None:
        """gunicorn settings from ours."""
        host = self.settings.host
        host = f"[{host}]" if ":" in host else host
        options = {
            "bind": f"{host}:{self.settings.port}",
            "workers": self.settings.workers,
            "worker_class": WORKER_CLASS if _fast_worker() else "gthread",
            "threads": self.settings.threads,
            "keepalive": self.settings.keepalive,
            # Long GET queries are checked against max_request_bytes by the app, as JSON.
            "limit_request_line": 0,
            # A worker answers its heartbeat from its main loop, whatever its threads do.
            "timeout": max(30, int(self.settings.query_timeout) + 30),
            "graceful_timeout": 10,
            "post_worker_init": _post_worker_init,
            "worker_exit": _worker_exit,
            "on_exit": self._on_exit,
        }
        # gunicorn 27 opens a control socket in the home folder; this server needs none.
        if "control_socket_disable" in self.cfg.settings:
            options["control_socket_disable"] = True
        for name, value in options.items():
            self.cfg.set(name, value)

    def load(self) -> object:
        """The app of one worker process (called after the fork)."""
        app = create_app(self.settings, metrics_dir=self.metrics_dir)
        return AsgiApp(app) if _fast_worker() else app

    def _on_exit(self, _server: object) -> None:
        shutil.rmtree(self.metrics_dir, ignore_errors=True)


WORKER_CLASS = "kg.httpworker.Worker"


def _fast_worker() -> bool:
    return importlib.util.find_spec("uvicorn_worker") is not None


def _flask_app(worker) -> Flask | None:
    app = getattr(worker, "wsgi", None)
    app = getattr(app, "flask", app)
    return app if isinstance(app, Flask) else None


def _post_worker_init(worker) -> None:
    app = _flask_app(worker)
    if app is not None:
        app.extensions["kg.endpoint"].deadlines.on_overrun = _recycle


def _recycle() -> None:
    """Stop this worker gracefully; the master replaces it."""
    os.kill(os.getpid(), signal.SIGTERM)


def _worker_exit(_server: object, worker) -> None:
    app = _flask_app(worker)
    if app is None:
        return
    app.extensions["kg.metrics"].flush()
    if app.extensions["kg.endpoint"].deadlines.overrun:
        # A thread is still evaluating: leave now rather than wait for it at interpreter exit.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def check_store(settings: Settings) -> None:
    """Open the current build read-only and read its main index, in a child process.

    The master must not open the store itself (see the module documentation), and a store
    damaged enough to crash its reader must not take the server with it. Damage inside an
    index the check does not read is found by the first query that reads it (a 503 saying
    how to rebuild).

    Raises :class:`~kg.errors.Unavailable` (503) when there is no store or when it cannot
    be opened or read.
    """
    path = require_current(settings)
    if not isinstance(path, Path):  # a remote server: reaching it is all there is to check
        return
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(read_end)
            _limit_probe()
            os.write(write_end, _probe(settings, path).encode("utf-8"))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if message:
        raise Unavailable(message)
    if code != 0:
        reason = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
        raise Unavailable(
            f"the store {path} could not be read (its reader ended with {reason}){_REBUILD}"
        )


# Reading a damaged block can make the engine allocate without end or never return (seen
# with garbage written over the start of index files): the check gives up at these bounds.
_PROBE_MEMORY = 4 << 30
_PROBE_CPU_SECONDS = 600


def _limit_probe() -> None:
    for kind, bound in (
        (resource.RLIMIT_AS, _PROBE_MEMORY),
        (resource.RLIMIT_CPU, _PROBE_CPU_SECONDS),
    ):
        _, hard = resource.getrlimit(kind)
        soft = bound if hard == resource.RLIM_INFINITY else min(bound, hard)
        resource.setrlimit(kind, (soft, hard))


def _probe(settings: Settings, path: Path) -> str:
    """What is wrong with the store, or an empty string (runs in the child process)."""
    try:
        len(open_store(settings))
    except KGError as error:
        return error.message
    except RuntimeError as error:
        damaged = store_damage(error, path)
        return (
            damaged.message
            if damaged
            else f"the store {path} could not be read ({error}){_REBUILD}"
        )
    return ""


_REBUILD = "; rebuild it with `kg build`"
