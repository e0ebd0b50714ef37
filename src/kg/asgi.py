"""The app as gunicorn's uvicorn workers serve it: a fast path for queries, Flask for the rest.

Profiling ``kg serve`` showed where a small query's time went: most of it was not in
Oxigraph but in the Python HTTP stack around it (gunicorn's request parsing, then Flask's
request, routing and response objects). Under ``uvicorn_worker.UvicornWorker`` the HTTP
parsing is native (httptools, uvloop), and this module answers SPARQL queries at ``/sparql``
(GET and POST) straight from the raw request, with the same functions the Flask view uses
(:func:`kg.protocol.read_query`, :func:`kg.querycheck.check_query`,
:func:`kg.negotiation.choose`, :class:`kg.endpoint.Endpoint`): every other request — pages,
the service description, ``HEAD``, ``OPTIONS``, ``/store``, errors of other routes — goes to
the Flask app in a thread, unchanged. The query runs in a deadline thread; the event loop
waits for it at most until the deadline. Handing a query to another thread costs about as
much as a small query itself, and 0.2–0.6 ms more for a query of a few milliseconds (it then
runs on a core whose caches do not hold the store's blocks): an answer that took under 10 ms
last time, on the same immutable build, is computed in the event loop's thread
(:meth:`Endpoint.known_cheap`); anything longer, or never seen, runs in a deadline thread.
"""

from __future__ import annotations

import asyncio
import io
import logging
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from .endpoint import Endpoint, QueryRequest, Reply
from .errors import KGError
from .negotiation import choose
from .protocol import read_query
from .querycheck import check_query
from .sparql_web import update_hint, wants_html
from .web import CORS_HEADERS, NOSNIFF, error_parts, public_message, unexpected_error

log = logging.getLogger(__name__)


class AsgiApp:
    """ASGI application over the Flask app *flask* (see the module documentation)."""

    def __init__(self, flask: Flask):
        self.flask = flask
        self.endpoint: Endpoint = flask.extensions["kg.endpoint"]
        self.metrics = flask.extensions["kg.metrics"]
        self.limit = self.endpoint.settings.max_request_bytes
        self.hint = update_hint(self.endpoint.settings.update_enabled)
        self.bridge = ThreadPoolExecutor(self.endpoint.settings.threads, "kg-flask")

    async def __call__(self, scope: dict, receive, send) -> None:
        """Serve one ASGI connection scope."""
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await _read_body(receive, self.limit)
        if body is None:
            message, headers = error_parts(
                f"the request body is larger than {self.limit} bytes", 413
            )
            await _send(send, Reply(413, message, "application/json", headers))
            return
        if scope["path"] == "/sparql" and scope["method"] in ("GET", "POST"):
            reply = await self._query(scope, body)
            if reply is not None:
                await _send(send, reply)
                return
        await self._flask(scope, body, send)

    async def _lifespan(self, receive, send) -> None:
        """Start-up and shut-down; at shut-down (every request answered) the counts are
        written out, as the worker may then end by its signal without running exit hooks."""
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.metrics.flush()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _query(self, scope: dict, body: bytes) -> Reply | None:
        """The reply to a query, or ``None`` for what Flask answers (no query, HTML)."""
        started = time.perf_counter()
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]
        }
        try:
            reply = await self._evaluate(scope, headers, body)
        except KGError as error:
            reply = self._error(error.message, error.status)
        except Exception as error:
            log.exception("unexpected error on /sparql")
            reply = self._error(*unexpected_error(error))
        if reply is not None:
            self.metrics.observe("/sparql", reply.status, time.perf_counter() - started)
        return reply

    def _error(self, message: str, status: int) -> Reply:
        if status >= 500:
            message = public_message(message, self.endpoint.settings)
        body, headers = error_parts(message, status)
        return Reply(status, body, "application/json", headers)

    async def _evaluate(self, scope: dict, headers: dict, body: bytes) -> Reply | None:
        query_string = scope["query_string"].decode("latin-1")
        if len(query_string) > self.limit:
            raise KGError(f"the request URL is longer than {self.limit} bytes: send a POST", 414)
        operation = read_query(
            scope["method"], query_string, headers.get("content-type", ""), body, self.hint
        )
        accept = headers.get("accept", "")
        if operation.text is None or wants_html(operation.format, accept):
            return None
        shape = check_query(operation.text)
        fmt = choose(shape.kind, wanted=operation.format, accept=accept)
        client = (scope.get("client") or ("",))[0]
        request = QueryRequest(
            text=operation.text,
            default_graphs=operation.default_graphs,
            named_graphs=operation.named_graphs,
            timeout=operation.timeout,
            client=client,
            if_none_match=headers.get("if-none-match", ""),
            base_iri=_base_url(scope, headers),
        )
        pending = self.endpoint.prepare(request, shape, fmt)
        if isinstance(pending, Reply):
            return pending
        endpoint = self.endpoint
        endpoint.clients.acquire(client)
        try:
            if endpoint.known_cheap(pending):
                return endpoint.finish(pending, endpoint.compute(pending))
            future = endpoint.deadlines.submit(lambda: endpoint.compute(pending))
            try:
                answer = await asyncio.wait_for(asyncio.wrap_future(future), pending.timeout)
            except TimeoutError:
                raise endpoint.expired(pending.timeout) from None
        finally:
            endpoint.clients.release(client)
        return endpoint.finish(pending, answer)

    async def _flask(self, scope: dict, body: bytes, send) -> None:
        loop = asyncio.get_running_loop()
        status, headers, chunks = await loop.run_in_executor(
            self.bridge, _call_wsgi, self.flask, _environ(scope, body)
        )
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"".join(chunks)})


def _call_wsgi(app: Flask, environ: dict) -> tuple[int, list, list[bytes]]:
    started: list = []

    def start_response(status: str, headers: list, exc_info=None) -> None:
        started[:] = [int(status.split()[0]), headers]

    iterable = app(environ, start_response)
    try:
        chunks = list(iterable)
    finally:
        getattr(iterable, "close", lambda: None)()
    encoded = [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in started[1]
    ]
    return started[0], encoded, chunks


def _environ(scope: dict, body: bytes) -> dict:
    """The WSGI environ of an ASGI HTTP scope whose body has been read."""
    server = scope.get("server") or ("127.0.0.1", 80)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", ""),
        "PATH_INFO": scope["path"].encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope["query_string"].decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": (scope.get("client") or ("",))[0],
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope["headers"]:
        name, value = (
            raw_name.decode("latin-1").upper().replace("-", "_"),
            raw_value.decode("latin-1"),
        )
        key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"
        if key == "CONTENT_LENGTH":
            continue
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


def _base_url(scope: dict, headers: dict) -> str:
    """The URL of the endpoint as the client named it: the base IRI of its queries."""
    server = scope.get("server") or ("127.0.0.1", 80)
    host = headers.get("host") or f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}{scope['path']}"


def _headers(scope: dict) -> dict[str, str]:
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}


async def _read_body(receive, limit: int) -> bytes | None:
    """The whole request body, or ``None`` when it is larger than *limit*."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


# Headers every answer of the fast path carries, encoded once.
_COMMON_HEADERS = [
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in (*CORS_HEADERS.items(), *NOSNIFF.items())
]


async def _send(send, reply: Reply) -> None:
    headers = [
        (b"content-type", reply.content_type.encode("latin-1")),
        (b"content-length", str(len(reply.body)).encode()),
        *((name.lower().encode("latin-1"), value.encode("latin-1"))
          for name, value in reply.headers.items()),
        *_COMMON_HEADERS,
    ]  # fmt: skip
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": reply.body})
