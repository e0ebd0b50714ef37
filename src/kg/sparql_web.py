"""The SPARQL 1.1 Protocol over HTTP: ``/sparql`` (query) and, when enabled, ``/update``.

Views only read the request and call :class:`kg.endpoint.Endpoint`. ``/sparql`` takes a
query by GET, by a form POST or by an ``application/sparql-query`` POST; without a query it
answers the Service Description (Turtle by default) or, for a browser, the query page
(:mod:`kg.sparql_page`). ``/update`` exists only when ``update_enabled`` is set, and then
only answers a request carrying the bearer token of ``update_token``.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from .endpoint import Endpoint, QueryRequest, Reply
from .errors import BadRequest, KGError
from .negotiation import HTML, best_match, choose, media_types
from .protocol import FORM, UPDATE_BODY, ProtocolRequest, media_type, read_query
from .querycheck import check_query, check_update
from .servicedesc import describe_service
from .sparql_page import render_page, render_results
from .store import apply_update

_DATA_TYPES = (*media_types("select"), *media_types("graph"))

blueprint = Blueprint("sparql", __name__)
# Registered only when updates are enabled: otherwise /update does not exist.
update_blueprint = Blueprint("sparql_update", __name__)


def endpoint() -> Endpoint:
    """The :class:`~kg.endpoint.Endpoint` of the running app."""
    return current_app.extensions["kg.endpoint"]


@blueprint.route("/sparql", methods=["GET", "POST"])
def query_view() -> Response:
    """Answer a SPARQL query; without one, the Service Description or the query page."""
    operation = read_operation()
    html = wants_html(operation.format, request.headers.get("Accept", ""))
    if operation.text is None:
        return render_page() if html else service_description(operation.format)
    query = query_request(operation)
    if html:
        return render_results(operation.text, query)
    shape = check_query(operation.text)
    fmt = choose(shape.kind, wanted=operation.format, accept=request.headers.get("Accept"))
    return to_response(endpoint().reply(query, shape, fmt))


def read_operation() -> ProtocolRequest:
    """The query operation of the current request (see :func:`kg.protocol.read_query`).

    Raises :class:`~kg.errors.KGError` (413) for a body larger than ``max_request_bytes``,
    saying so as the ASGI path does.
    """
    limit = endpoint().settings.max_request_bytes
    try:
        body = request.get_data()
    except RequestEntityTooLarge:
        raise KGError(f"the request body is larger than {limit} bytes", 413) from None
    return read_query(
        request.method,
        request.query_string.decode("latin-1"),
        request.headers.get("Content-Type", ""),
        body,
        update_hint(endpoint().settings.update_enabled),
    )


def query_request(operation: ProtocolRequest) -> QueryRequest:
    """The :class:`~kg.endpoint.QueryRequest` of *operation* from the current client."""
    return QueryRequest(
        text=operation.text,
        default_graphs=operation.default_graphs,
        named_graphs=operation.named_graphs,
        timeout=operation.timeout,
        client=request.remote_addr or "",
        if_none_match=request.headers.get("If-None-Match", ""),
        base_iri=request.base_url,
    )


def wants_html(wanted: str | None, accept: str) -> bool:
    """True when the answer should be the HTML page: ``format=html`` or a browser's Accept.

    >>> wants_html(None, "text/html,application/xhtml+xml,*/*;q=0.8"), wants_html(None, "*/*")
    (True, False)
    """
    if wanted:
        return wanted.lower() in ("html", HTML)
    return bool(accept) and best_match(accept, (*_DATA_TYPES, HTML)) == HTML


def update_hint(enabled: bool) -> str:
    """What the read-only refusal adds about updates."""
    return "; updates go to /update with the bearer token" if enabled else ""


def service_description(wanted: str | None) -> Response:
    """The SPARQL Service Description of this endpoint, in the graph format asked for."""
    handle = endpoint().handle
    handle.get()
    fmt = choose("graph", wanted=wanted, accept=request.headers.get("Accept"))
    update = request.url_root + "update" if endpoint().settings.update_enabled else None
    body = describe_service(
        request.base_url, handle.stats(), update_endpoint=update, format=fmt.serializer
    )
    response = Response(body, content_type=fmt.content_type)
    response.vary.add("Accept")
    return response


def to_response(reply: Reply) -> Response:
    """The Flask response of an endpoint :class:`~kg.endpoint.Reply`."""
    response = Response(reply.body, status=reply.status, content_type=reply.content_type)
    response.headers.update(reply.headers)
    return response


@update_blueprint.route("/update", methods=["POST"])
def update_view() -> Response:
    """Run a SPARQL update on a new build (only with ``update_enabled`` and the token)."""
    settings = endpoint().settings
    _authorize(settings.update_token)
    text = _update_text()
    if request.values.getlist("using-graph-uri") or request.values.getlist("using-named-graph-uri"):
        raise BadRequest("using-graph-uri and using-named-graph-uri are not supported here")
    check_update(text)
    timeout = endpoint().timeout_for(request.values.get("timeout"))
    version = endpoint().deadlines.run(lambda: apply_update(settings, text), timeout)
    return jsonify({"status": 200, "version": version.version, "built_at": version.built_at})


def _authorize(token: str) -> None:
    """Raises :class:`~kg.errors.KGError` 401 without the right bearer token (403 if none set)."""
    if not token:
        raise KGError("no update token is set (KG_UPDATE_TOKEN): every update is refused", 403)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    matches = hmac.compare_digest(given.strip().encode(), token.encode())
    if scheme.lower() != "bearer" or not matches:
        raise Unauthorized("a valid bearer token is required to update the dataset")


class Unauthorized(KGError):
    """Missing or wrong credentials (401)."""

    status = 401


def _update_text() -> str:
    if request.mimetype == UPDATE_BODY:
        return _one([_utf8_body()], "update")
    if request.mimetype == FORM:
        return _one(request.form.getlist("update"), "update")
    raise KGError(f"send the update as {UPDATE_BODY} or a form with an 'update' field", 415)


def _one(values: list[str], name: str) -> str:
    if len(values) != 1 or not values[0].strip():
        raise BadRequest(f"send exactly one non-empty '{name}' parameter")
    return values[0]


def _utf8_body() -> str:
    _, charset = media_type(request.headers.get("Content-Type", ""))
    if charset not in ("utf-8", "utf8"):
        raise KGError(f"the body must be UTF-8, not {charset}", 415)
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the body is not valid UTF-8") from None
