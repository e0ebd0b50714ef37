"""The web app: the landing page, the SPARQL endpoint, health checks and metrics.

:func:`create_app` wires the blueprints (``/sparql`` in :mod:`kg.sparql_web`, ``/store``
in :mod:`kg.graphstore`, linked data, reports…), the per-process
:class:`~kg.endpoint.Endpoint`, CORS for browsers (with preflight), request metrics, and
the one error handler: every error, ours or Flask's, is ``{"error": message, "status":
code}`` with its status, never a stack trace.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from . import __version__, graphstore, linked, report_web, sparql_web
from .endpoint import Endpoint
from .errors import KGError, Unavailable
from .metrics import Metrics
from .settings import Settings, load_settings
from .sparql_page import DEFAULT_QUERY, with_prefixes
from .store import StoreHandle

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": (
        "ETag, Content-Length, Retry-After, Link, KG-Results-Truncated, KG-Row-Limit, "
        "KG-Report, KG-Dataset-Version, KG-Generated-At"
    ),
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, POST, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, If-None-Match, Authorization",
    "Access-Control-Max-Age": "86400",
}
_RETRY_AFTER = {429: "1", 503: "5"}
# Pages load nothing from elsewhere and run only the project's own script files; no other
# site may frame them.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
# A chart opened on its own is a document too: an SVG file may carry script.
DOCUMENT_TYPES = ("text/html", "image/svg+xml")
# Every answer, pages and data alike: browsers take the declared type as it is.
NOSNIFF = {"X-Content-Type-Options": "nosniff"}
STORE_FOLDER = "$KG_STORE_DIR"


def create_app(settings: Settings | None = None, *, metrics_dir: Path | None = None) -> Flask:
    """The Flask app over the current store of *settings* (default: :func:`load_settings`).

    The store is opened once per process, through a :class:`~kg.store.StoreHandle`,
    and reopened when a new build becomes current. *metrics_dir* is the folder the
    processes of one server share their counts in (see :mod:`kg.metrics`).
    """
    settings = settings or load_settings()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    handle = StoreHandle(settings)
    metrics = Metrics(metrics_dir)
    app.extensions["kg.store"] = handle
    app.extensions["kg.metrics"] = metrics
    app.extensions["kg.endpoint"] = Endpoint(settings, handle, metrics)
    app.register_error_handler(Exception, _error_response)
    app.before_request(_start)
    app.after_request(_finish)
    app.add_url_rule("/", "landing", _landing)
    app.add_url_rule("/healthz", "healthz", _healthz)
    app.add_url_rule("/readyz", "readyz", _readyz)
    app.add_url_rule("/metrics", "metrics", _metrics)
    app.register_blueprint(sparql_web.blueprint)
    if settings.update_enabled:
        app.register_blueprint(sparql_web.update_blueprint)
    app.register_blueprint(graphstore.blueprint)
    app.register_blueprint(linked.bp, settings=settings)
    app.register_blueprint(report_web.blueprint, settings=settings)
    return app


def _handle() -> StoreHandle:
    return current_app.extensions["kg.store"]


def _landing() -> str:
    handle = _handle()
    _, version = handle.snapshot()
    return render_template(
        "sparql_landing.html",
        stats=handle.stats(),
        example=with_prefixes(DEFAULT_QUERY),
        version=__version__,
        dataset_version=version.version,
        lang="en",
    )


def _healthz() -> Response:
    """The process answers (liveness)."""
    return jsonify({"status": "ok"})


def _readyz() -> Response:
    """The store is open: its size and version (readiness; 503 when there is no store)."""
    handle = _handle()
    _, version = handle.snapshot()
    stats = handle.stats()
    return jsonify(
        {
            "status": "ready",
            "triples": stats.total,
            "graphs": len(stats.graphs),
            "version": version.version,
            "built_at": version.built_at,
        }
    )


def _metrics() -> Response:
    """Prometheus text: requests by route and status, latency, timeouts, truncations."""
    gauges = {}
    handle = _handle()
    try:
        _, version = handle.snapshot()
        gauges["kg_store_triples"] = ("Statements in the served store.", handle.stats().total)
        label = version.version.replace('"', "")
        gauges[f'kg_dataset_info{{version="{label}"}}'] = ("The served dataset version.", 1)
    except KGError:
        gauges["kg_store_triples"] = ("Statements in the served store.", 0)
    text = current_app.extensions["kg.metrics"].render(gauges)
    return Response(text, content_type="text/plain; version=0.0.4; charset=utf-8")


def _start() -> None:
    g.kg_started = time.perf_counter()
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if len(request.query_string) > limit:
        raise KGError(f"the request URL is longer than {limit} bytes: send a POST", 414)


def _finish(response: Response) -> Response:
    response.headers.update(CORS_HEADERS)
    response.headers.update(NOSNIFF)
    if response.status_code >= 500 and not response.direct_passthrough:
        # Every 5xx body, whichever handler wrote it (JSON or an HTML error page).
        settings = current_app.extensions["kg.endpoint"].settings
        response.set_data(public_message(response.get_data(as_text=True), settings))
    if response.mimetype in DOCUMENT_TYPES:
        response.headers.update(PAGE_HEADERS)
    if request.method == "OPTIONS":
        response.headers.update(PREFLIGHT_HEADERS)
    started = g.get("kg_started")
    if started is not None:
        route = request.url_rule.rule if request.url_rule else "unmatched"
        elapsed = time.perf_counter() - started
        current_app.extensions["kg.metrics"].observe(route, response.status_code, elapsed)
    return response


def _error_response(error: Exception) -> Response:
    """The one error handler: our errors, HTTP errors and bugs, all as the same JSON."""
    if isinstance(error, KGError):
        message, status = error.message, error.status
    elif isinstance(error, HTTPException):
        message, status = error.description, error.code or 500
    else:
        current_app.logger.exception("unexpected error on %s", request.path)
        message, status = unexpected_error(error)
    body, headers = error_parts(message, status)
    allowed = getattr(error, "valid_methods", None)
    if allowed:
        headers["Allow"] = ", ".join(allowed)
    return Response(body, status=status, content_type="application/json", headers=headers)


def store_damage(error: BaseException, where: Path | None = None) -> Unavailable | None:
    """The error to show for *error* when it is RocksDB finding a damaged file of the store
    (in the folder *where*, if known), else ``None``.

    A store can open and still hold a damaged block, found only when a query reads it:
    pyoxigraph raises ``RuntimeError("Corruption: …")`` then.

    >>> store_damage(RuntimeError("Corruption: block checksum mismatch")).status
    503
    >>> store_damage(RuntimeError("something else")) is None
    True
    """
    if isinstance(error, RuntimeError) and str(error).startswith("Corruption"):
        store = f"the store {where}" if where else "the store"
        return Unavailable(f"{store} is damaged ({error}); rebuild it with `kg build`")
    return None


def unexpected_error(error: BaseException) -> tuple[str, int]:
    """The public (message, status) of an error that is not a :class:`KGError`: 503 with
    how to rebuild for a damaged store, else 500 without details (they go to the log).

    >>> unexpected_error(ValueError("/srv/kg/src/kg/web.py line 3"))
    ('internal server error', 500)
    """
    damaged = store_damage(error)
    if damaged is not None:
        return damaged.message, damaged.status
    return "internal server error", 500


def public_message(message: str, settings: Settings) -> str:
    """*message* with the store folder's place on disk replaced by the name of its setting:
    a public server does not tell where its files are (its log does).

    >>> settings = load_settings({}, store_dir="/srv/kg/store")
    >>> public_message("no store built yet in /srv/kg/store: run `kg build`", settings)
    'no store built yet in $KG_STORE_DIR: run `kg build`'
    """
    folder = Path(settings.store_dir)
    for form in sorted({str(folder.absolute()), str(folder.resolve())}, key=len, reverse=True):
        if len(form) > 1:
            message = message.replace(form, STORE_FOLDER)
    return message


def error_parts(message: str, status: int) -> tuple[bytes, dict[str, str]]:
    """The body and headers of an error: ``{"error": message, "status": status}``.

    >>> error_parts("busy", 429)
    (b'{"error":"busy","status":429}\\n', {'Retry-After': '1'})
    """
    body = json.dumps({"error": message, "status": status}, separators=(",", ":")) + "\n"
    headers = {}
    if status in _RETRY_AFTER:
        headers["Retry-After"] = _RETRY_AFTER[status]
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="kg"'
    return body.encode("utf-8"), headers
