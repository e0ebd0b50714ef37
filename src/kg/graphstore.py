"""SPARQL 1.1 Graph Store HTTP Protocol, read side: ``GET``/``HEAD /store?graph=IRI|default``.

``?graph=IRI`` answers one named graph (404 when the store has no such graph);
``?default`` answers the default graph, which here, as at ``/sparql``, is the union of all
graphs. Graphs come in the graph formats of :mod:`kg.negotiation` (Turtle by default), whole
or not at all: they are serialised within the query deadline before anything is sent. The
store is read-only, so ``PUT``, ``POST`` and ``DELETE`` are refused with 405.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from pyoxigraph import NamedNode

from .endpoint import Endpoint, QueryRequest, etag, etag_matches
from .errors import BadRequest, NotFound
from .negotiation import Format, choose

_UNION = "CONSTRUCT WHERE { ?s ?p ?o }"

blueprint = Blueprint("graphstore", __name__)


@blueprint.route("/store", methods=["GET"])
def graph_view() -> Response:
    """One graph of the store, in the format asked by ``?format=`` or ``Accept``."""
    endpoint: Endpoint = current_app.extensions["kg.endpoint"]
    graph = requested_graph()
    fmt = choose("graph", wanted=request.args.get("format"), accept=request.headers.get("Accept"))
    store, version = endpoint.handle.snapshot()
    if graph is not None and not store.contains_named_graph(graph):
        raise NotFound(f"the store has no graph named <{graph.value}>")
    key = QueryRequest(text=f"GSP {graph.value if graph else 'default'}")
    tag = etag(version.sha256 or version.version, key, fmt.name, 0)
    headers = {"ETag": tag, "Cache-Control": "public, no-cache", "Vary": "Accept"}
    if etag_matches(request.headers.get("If-None-Match", ""), tag):
        return Response(status=304, headers=headers)
    timeout = endpoint.timeout_for(request.args.get("timeout"))
    body = endpoint.deadlines.run(lambda: dump(store, graph, fmt), timeout)
    return Response(body, content_type=fmt.content_type, headers=headers)


def requested_graph() -> NamedNode | None:
    """The graph named by ``?graph=IRI``, or ``None`` for ``?default``.

    Raises :class:`~kg.errors.BadRequest` unless exactly one of them is given with a valid IRI.
    """
    graphs = request.args.getlist("graph")
    if ("default" in request.args) == bool(graphs) or len(graphs) > 1:
        raise BadRequest("name one graph: ?graph=IRI, or ?default for the default graph")
    if not graphs:
        return None
    try:
        return NamedNode(graphs[0])
    except ValueError as error:
        raise BadRequest(f"invalid graph IRI: {error}") from None


def dump(store, graph: NamedNode | None, fmt: Format) -> bytes:
    """The triples of *graph* (the union of all graphs for ``None``) serialised in *fmt*."""
    if graph is None:
        return store.query(_UNION, use_default_graph_as_union=True).serialize(format=fmt.serializer)
    return store.dump(format=fmt.serializer, from_graph=graph)
