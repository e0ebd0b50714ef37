"""The web app: a landing page and the SPARQL 1.1 protocol endpoint.

Views are thin: they read the request, call :func:`kg.sparql.run_query`, and pick a
format from ``?format=`` or ``Accept`` (a fixed list with an explicit default). Every
error, ours or Flask's, is answered as ``{"error": message, "status": code}``.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template_string, request
from werkzeug.exceptions import HTTPException

from . import __version__, sparql
from .errors import BadRequest, KGError, NotAcceptable
from .settings import Settings, load_settings
from .store import StoreHandle

_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"

_LANDING = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Morocco AI knowledge graph</title></head>
<body>
<h1>Morocco AI knowledge graph</h1>
<p>Who the actors of Morocco's artificial intelligence ecosystem are, which initiatives they
run, in which sectors and places, toward which targets, facing which risks and
opportunities, extracted from French source documents. Every extracted fact is traced to
the sentence it was read in.</p>
<p>The dataset holds <strong>{{ stats.total }}</strong> statements in
{{ stats.graphs | length }} named graphs. Query it at the
<a href="{{ url_for('sparql_endpoint') }}">SPARQL endpoint</a> (SPARQL 1.1 protocol;
the default graph is the union of all graphs).</p>
<form action="{{ url_for('sparql_endpoint') }}" method="get">
<textarea name="query" rows="6" cols="80">{{ example }}</textarea><br>
<button type="submit">Run query</button>
</form>
<table>
<tr><th>named graph</th><th>statements</th></tr>
{% for graph, count in stats.graphs.items() %}
<tr><td><code>{{ graph }}</code></td><td>{{ count }}</td></tr>
{% endfor %}
</table>
<p><small>kg {{ version }}</small></p>
</body>
</html>
"""

_EXAMPLE_QUERY = """SELECT ?type (COUNT(?thing) AS ?things)
WHERE { ?thing a ?type }
GROUP BY ?type
ORDER BY DESC(?things)"""


def create_app(settings: Settings | None = None) -> Flask:
    """The Flask app over the current store of *settings* (default: :func:`load_settings`).

    The store is opened once per process, through a :class:`~kg.store.StoreHandle`,
    and reopened when a new build becomes current.
    """
    settings = settings or load_settings()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.extensions["kg.store"] = StoreHandle(settings)
    app.register_error_handler(Exception, _error_response)
    app.add_url_rule("/", "landing", _landing)
    app.add_url_rule("/sparql", "sparql_endpoint", _sparql, methods=["GET", "POST"])
    return app


def _handle() -> StoreHandle:
    return current_app.extensions["kg.store"]


def _landing() -> str:
    handle = _handle()
    handle.get()
    return render_template_string(
        _LANDING, stats=handle.stats(), example=_EXAMPLE_QUERY, version=__version__
    )


def _sparql() -> Response:
    text = _query_text()
    store = _handle().get()
    result = sparql.run_query(
        store,
        text,
        default_graph_uris=request.values.getlist("default-graph-uri"),
        named_graph_uris=request.values.getlist("named-graph-uri"),
    )
    fmt = _negotiate(result.kind)
    response = Response(result.serialize(fmt), content_type=fmt.content_type)
    response.vary.add("Accept")
    return response


def _query_text() -> str:
    """The query of a GET, a form POST or a ``application/sparql-query`` POST.

    Raises :class:`~kg.errors.BadRequest` when there is none or it is an update, and
    :class:`~kg.errors.KGError` (415) for another request body type.
    """
    if request.method == "GET":
        text, update = request.args.get("query"), request.args.get("update")
    elif request.mimetype == _QUERY_BODY:
        text, update = _body_text(), None
    elif request.mimetype == _FORM:
        text, update = request.form.get("query"), request.form.get("update")
    elif request.mimetype == _UPDATE_BODY:
        raise BadRequest(sparql.READ_ONLY)
    else:
        raise KGError(
            f"unsupported request body type {request.mimetype or 'none'!r}: send "
            f"{_QUERY_BODY} or a form ({_FORM}) with a 'query' field",
            415,
        )
    if update is not None and text is None:
        raise BadRequest(sparql.READ_ONLY)
    if not text or not text.strip():
        raise BadRequest("missing SPARQL query: pass it in the 'query' parameter")
    return text


def _body_text() -> str:
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the query is not valid UTF-8") from None


def _negotiate(kind: str) -> sparql.Format:
    """The format asked by ``?format=``, else by ``Accept``, else the default of *kind*.

    Raises :class:`~kg.errors.NotAcceptable` (406) when none of them can be served.
    """
    wanted = request.values.get("format")
    if wanted:
        return sparql.find_format(kind, wanted)
    if not request.accept_mimetypes:
        return sparql.find_format(kind)
    offered = sparql.media_types(kind)
    best = request.accept_mimetypes.best_match(offered)
    if best is None:
        raise NotAcceptable(
            f"no media type in Accept can be served for {kind} results; "
            f"available: {', '.join(offered)}"
        )
    return sparql.find_format(kind, best)


def _error_response(error: Exception) -> tuple[Response, int]:
    """The one error handler: our errors, HTTP errors and bugs, all as the same JSON."""
    if isinstance(error, KGError):
        message, status = error.message, error.status
    elif isinstance(error, HTTPException):
        message, status = error.description, error.code or 500
    else:
        current_app.logger.exception("unexpected error on %s", request.path)
        message, status = "internal server error", 500
    response = jsonify({"error": message, "status": status})
    allowed = getattr(error, "valid_methods", None)
    if allowed:
        response.headers["Allow"] = ", ".join(allowed)
    return response, status
