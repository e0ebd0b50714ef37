"""A remote SPARQL 1.1 server as the store: SPARQL Protocol to read, Graph Store Protocol to
load a build, one SPARQL update to switch it in.

:class:`RemoteStore` answers ``query(text, **options)`` with pyoxigraph's own result objects,
parsed from the server's SPARQL JSON or XML results (SELECT, ASK) or N-Triples (CONSTRUCT,
DESCRIBE), so SPARQL execution, reports and linked-data pages run
on it unchanged; ``contains_named_graph``, ``dump`` and ``len`` are queries too.

The server must make its SPARQL default graph the union of all graphs (``oxigraph serve
--union-default-graph``, Fuseki's ``tdb2:unionDefaultGraph``, Virtuoso by default). What kg
keeps there, every graph under ``https://w3id.org/ma-ai/graph/``:

- each named graph of the build under its own IRI, and the build's default-graph triples in
  ``graph/default`` (a union-default server cannot show its own default graph apart);
- ``graph/build``: the dataset version (``dcterms:hasVersion``, ``dcterms:created``, and
  ``dcterms:identifier``, the SHA-256 of the N-Quads loaded);
- ``graph/staging/<build>/<n>`` while a build loads; the switch renames them.

A query with ``use_default_graph_as_union`` (or its own ``FROM``) runs on the server's union.
A query without, as the embedded store answers it from its own default graph (dumps, counts),
runs on an explicit dataset: ``graph/default`` as default graph, the data graphs as named
graphs, so ``graph/build`` and staging graphs stay out of it.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from urllib.parse import urlencode

from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    parse_query_results,
)

from .errors import BadRequest, KGError, Unavailable
from .namespaces import DCTERMS, GRAPH
from .querycheck import check_query
from .remote_http import Http, endpoint_urls, public_url
from .settings import Settings
from .store import DatasetVersion

BUILD_GRAPH = str(GRAPH["build"])
DEFAULT_GRAPH = str(GRAPH["default"])
STAGING = str(GRAPH["staging/"])
# Virtuoso names blank nodes "nodeID://b1" in its results, which RDF terms do not allow.
_VIRTUOSO_BLANK = re.compile(rb'(?<=["\x3e])nodeID://')
_FORM = "application/x-www-form-urlencoded"
_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_GRAPHS = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
_OPTIONS = {"use_default_graph_as_union", "default_graph", "named_graphs", "substitutions"}
_VERSION = (
    f"SELECT ?v ?t ?h WHERE {{ GRAPH <{BUILD_GRAPH}> {{ <{BUILD_GRAPH}> "
    f"<{DCTERMS.hasVersion}> ?v ; <{DCTERMS.created}> ?t ; <{DCTERMS.identifier}> ?h }} }}"
)
_GRAPHS_LISTED = "SELECT ?g WHERE { GRAPH ?g { } }"
_GRAPHS_USED = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"


class _Cache:
    """Values kept for a few seconds, shared by the handles of one process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._items: dict[tuple, tuple[float, object]] = {}

    def get(self, key: tuple, ttl: float, compute: Callable[[], object]) -> object:
        """The value under *key* if read less than *ttl* seconds ago, else ``compute()``."""
        now = time.monotonic()
        with self._lock:
            held = self._items.get(key)
        if held is not None and now - held[0] < ttl:
            return held[1]
        value = compute()
        with self._lock:
            self._items[key] = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_CACHE = _Cache()


class RemoteStore:
    """The remote store named by *settings*: queries, counts and dumps over HTTP."""

    def __init__(self, settings: Settings):
        self.query_url, self.update_url, self.graph_store_url = endpoint_urls(settings)
        self.url = public_url(self.query_url)
        self.ttl = settings.store_version_ttl
        self._http = Http(settings.store_timeout, settings.store_token)
        # A load or a switch copies every statement of a build: minutes on a large one.
        self._writes = Http(settings.store_write_timeout, settings.store_token)

    def query(self, query: str, **options: object) -> QuerySolutions | QueryBoolean | QueryTriples:
        """Evaluate one query, with the options of :meth:`pyoxigraph.Store.query` that
        :mod:`kg` uses (and ``base_iri``).

        Raises :class:`SyntaxError` with the server's message when it refuses the query
        (400), as pyoxigraph does, and :class:`~kg.errors.KGError` when the server fails.
        """
        base = options.pop("base_iri", None)
        unknown = set(options) - _OPTIONS
        if unknown:
            raise TypeError(f"unsupported query options: {sorted(unknown)}")
        shape = check_query(query)
        text = _substituted(query, shape.tokens, options.get("substitutions") or {})
        if base and any(kind == "iri" and ":" not in iri for kind, iri, _ in shape.tokens):
            text = f"BASE <{base}>\n{text}"  # only when needed: it shifts error positions
        return self._run(text, shape.kind, self._dataset(shape, options))

    def contains_named_graph(self, graph: NamedNode) -> bool:
        """True when the server has a named graph *graph*."""
        return bool(self._run(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}", "ask", []))

    def dump(self, output=None, format: RdfFormat | None = None, *, from_graph=None):
        """The triples of the named graph *from_graph* in *format*, as Store.dump does."""
        if not isinstance(from_graph, NamedNode):
            raise ValueError("a remote store dumps one named graph: give from_graph")
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {from_graph} {{ ?s ?p ?o }} }}"
        return self._run(text, "graph", []).serialize(output, format)

    def __len__(self) -> int:
        return int(next(iter(self.query(_COUNT)))["n"].value)

    def graphs(self) -> list[str]:
        """Every named graph on the server, read now."""
        graphs = [row["g"] for row in self._run(_GRAPHS_LISTED, "select", [])]
        if None in graphs:  # Virtuoso 7 answers the empty pattern with one unbound row
            graphs = [row["g"] for row in self._run(_GRAPHS_USED, "select", [])]
        return sorted(graph.value for graph in graphs if graph is not None)

    def data_graphs(self) -> list[str]:
        """The named graphs of the dataset (kg's own graphs left out), kept a few seconds."""
        own = (BUILD_GRAPH, DEFAULT_GRAPH)
        return _CACHE.get(
            ("graphs", self.query_url),
            self.ttl,
            lambda: [g for g in self.graphs() if g not in own and not g.startswith(STAGING)],
        )

    def version(self) -> DatasetVersion:
        """The dataset version recorded by the last build, read now.

        A server loaded by other tools is versioned by its list of graphs. Raises
        :class:`~kg.errors.Unavailable` when the server holds no data at all.
        """
        rows = list(self._run(_VERSION, "select", []))
        if rows:
            return DatasetVersion(*(rows[0][name].value for name in ("v", "t", "h")))
        if not self._run("ASK { ?s ?p ?o }", "ask", []):
            raise Unavailable(f"no store built yet at {self.url}: run `kg build`")
        digest = hashlib.sha256("\n".join(self.graphs()).encode()).hexdigest()
        return DatasetVersion(f"remote-{digest[:8]}", "", "")

    def load(self, chunks: Iterable[bytes]) -> None:
        """Add the N-Quads *chunks* to the server's dataset (Graph Store Protocol, one POST).

        Raises :class:`~kg.errors.KGError` (502) when the server refuses them.
        """
        url, headers = self.graph_store_url, {"Content-Type": "application/n-quads"}
        status, _, data = self._writes.call(url, iter(chunks), headers, retry=False)
        if status >= 300:
            raise self._refused(self.graph_store_url, status, data, "the build")

    def update(self, text: str) -> None:
        """Run one SPARQL update. Raises :class:`~kg.errors.BadRequest` when the server finds
        it invalid (400), :class:`~kg.errors.KGError` (502) for its other refusals."""
        body = urlencode([("update", text)]).encode()
        headers = {"Content-Type": _FORM}
        status, _, data = self._writes.call(self.update_url, body, headers, retry=False)
        if status == 400:
            raise BadRequest(f"SPARQL syntax error: {_message(data)}")
        if status >= 300:
            raise self._refused(self.update_url, status, data, "the update")

    def _dataset(self, shape, options: dict) -> list[tuple[str, str]]:
        default, named = options.get("default_graph"), options.get("named_graphs")
        if default is None and named is None:
            if options.get("use_default_graph_as_union") or shape.has_from():
                return []
            default, named = [NamedNode(DEFAULT_GRAPH)], None
        if named is None:
            named = [NamedNode(g) for g in self.data_graphs()]
        if not isinstance(default, list):
            default = [] if default is None else [default]
        return [("default-graph-uri", _iri(g)) for g in default] + [
            ("named-graph-uri", _iri(g)) for g in named
        ]

    def _run(self, text: str, kind: str, dataset: list[tuple[str, str]]):
        # Form-encoded: every server reads it (Virtuoso 7.2 waits forever on a body sent as
        # application/sparql-query).
        body = urlencode([("query", text), *dataset]).encode()
        headers = {"Content-Type": _FORM, "Accept": _GRAPHS if kind == "graph" else _RESULTS}
        status, media, data = self._http.call(self.query_url, body, headers, retry=True)
        if status == 400:
            raise SyntaxError(_message(data))
        if status >= 300:
            raise self._refused(self.query_url, status, data, "the query")
        try:
            if kind == "graph":
                return _query_triples(data, RdfFormat.from_media_type(media))
            return _solutions(data, QueryResultsFormat.from_media_type(media))
        except (SyntaxError, ValueError, TypeError) as error:
            message = f"the SPARQL store at {self.url} sent an answer ({media}) kg cannot read"
            raise KGError(f"{message}: {error}", 502) from None

    @staticmethod
    def _refused(url: str, status: int, data: bytes, what: str) -> KGError:
        return KGError(
            f"the SPARQL store at {public_url(url)} refused {what} ({status}): {_message(data)}",
            502,
        )


def _solutions(data: bytes, fmt: QueryResultsFormat | None) -> QuerySolutions | QueryBoolean:
    """SPARQL results *data* read by pyoxigraph, checked whole first: its parser reads rows
    lazily, and a bad row must fail here (as a 502), not in the middle of a page or a dump.

    >>> body = b'{"head":{"vars":["b"]},"results":{"bindings":[{"b":{"type":"bnode",'
    >>> body += b'"value":"nodeID://b1"}}]}}'
    >>> [row["b"] for row in _solutions(body, QueryResultsFormat.JSON)]
    [<BlankNode value=nodeIDb1>]
    """
    data = _VIRTUOSO_BLANK.sub(b"nodeID", data)
    results = parse_query_results(data, fmt)
    if isinstance(results, QueryBoolean):
        return results
    for _ in results:
        pass
    return parse_query_results(data, fmt)


def _query_triples(data: bytes, fmt: RdfFormat | None) -> QueryTriples:
    """The graph *data* as pyoxigraph's own QueryTriples, read back from an in-memory store:
    nothing else makes one, and code downstream checks for that type."""
    memory = Store()
    memory.load(input=data, format=fmt)
    return memory.query("CONSTRUCT WHERE { ?s ?p ?o }")


def _message(data: bytes) -> str:
    return data[:500].decode("utf-8", "replace").strip() or "no message"


def _iri(graph: object) -> str:
    if not isinstance(graph, NamedNode):
        raise ValueError(f"a remote store names its graphs by IRI, not {graph!r}")
    return graph.value


def _substituted(text: str, tokens: list, substitutions: dict) -> str:
    """*text* with *substitutions* bound by a ``VALUES`` block opening its outermost group,
    which is how SEP-0007 (pyoxigraph's ``substitutions``) binds them.

    >>> from kg.querycheck import check_query
    >>> query = "SELECT ?p WHERE { ?r ?p ?o }"
    >>> _substituted(query, check_query(query).tokens, {"r": NamedNode("http://x/y")})
    'SELECT ?p WHERE { VALUES (?r) { (<http://x/y>) } ?r ?p ?o }'
    """
    if not substitutions:
        return text
    end = next(end for kind, token, end in tokens if kind == "punct" and token == "{")
    names = " ".join(f"?{getattr(variable, 'value', variable)}" for variable in substitutions)
    terms = " ".join(str(term) for term in substitutions.values())
    return f"{text[:end]} VALUES ({names}) {{ ({terms}) }}{text[end:]}"


def forget_cached() -> None:
    """Forget the versions and graph lists read so far (this process changed the store)."""
    _CACHE.clear()


@lru_cache(maxsize=16)
def open_remote(settings: Settings) -> RemoteStore:
    """The remote store of *settings*, one per process (its connections are kept alive)."""
    return RemoteStore(settings)


def read_version(settings: Settings) -> DatasetVersion:
    """The remote store's version, re-read at most every ``store_version_ttl`` seconds.

    Raises :class:`~kg.errors.Unavailable` when the server holds no data or cannot be reached.
    """
    store = open_remote(settings)
    return _CACHE.get(("version", store.query_url), store.ttl, store.version)
