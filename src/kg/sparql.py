"""Read-only SPARQL execution shared by the CLI and the web app.

:func:`run_query` checks a query (:mod:`kg.querycheck`: no updates, no ``SERVICE``), runs
it with the union of all graphs as the default graph, and returns a :class:`QueryResult`
that serialises to the formats of :mod:`kg.negotiation` or to a plain-text table.
:func:`answer` does the same for the web: the whole answer as bytes in one format, SELECT
rows capped (the cap is imposed as a ``LIMIT`` so the engine stops early, then checked on
the serialised bytes) and the cut flagged.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    serialize,
)

from .errors import BadRequest, KGError
from .namespaces import PREFIXES
from .negotiation import (
    FORMAT_NAMES,
    FORMATS,
    Format,
    find_format,
    formats_for,
    media_types,
    not_acceptable,
)
from .querycheck import READ_ONLY, SERVICE_REFUSED, QueryShape, capped_text, check_query
from .store import QueryEngine

__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "READ_ONLY",
    "SERVICE_REFUSED",
    "Answer",
    "Format",
    "QueryResult",
    "answer",
    "compact_iri",
    "find_format",
    "formats_for",
    "media_types",
    "run_query",
]

# Longest namespace first, so the most specific prefix wins.
_NAMESPACES = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda pn: -len(pn[1]))
_TURTLE_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


class QueryResult:
    """The answer to one query: its kind and its solutions, which can be read once."""

    def __init__(self, raw: object):
        self._raw = raw
        if isinstance(raw, QuerySolutions):
            self.kind = "select"
        elif isinstance(raw, QueryBoolean):
            self.kind = "ask"
        else:
            self.kind = "graph"

    def serialize(self, fmt: Format) -> bytes:
        """The whole answer in *fmt*.

        Raises :class:`~kg.errors.NotAcceptable` when *fmt* does not fit this kind of
        result and :class:`~kg.errors.KGError` (500) when the store cannot be read.
        """
        if fmt not in formats_for(self.kind):
            raise not_acceptable(self.kind, fmt.name)
        try:
            return self._raw.serialize(format=fmt.serializer)
        except OSError as error:
            raise KGError(f"the store could not be read: {error}", 500) from error

    def to_table(self) -> str:
        """A plain-text table for a terminal: IRIs shortened with the project's prefixes."""
        if self.kind == "ask":
            return "true" if bool(self._raw) else "false"
        if self.kind == "select":
            header = [v.value for v in self._raw.variables]
            rows = [[_cell(solution[name]) for name in header] for solution in self._raw]
        else:
            header = ["subject", "predicate", "object"]
            rows = [[_cell(t.subject), _cell(t.predicate), _cell(t.object)] for t in self._raw]
        return _layout(header, rows)


@dataclass(frozen=True)
class Answer:
    """A whole serialised answer: its bytes, whether rows were cut, and its kind."""

    body: bytes
    truncated: bool
    kind: str


def run_query(
    store: QueryEngine,
    text: str,
    *,
    default_graph_uris: Iterable[str] = (),
    named_graph_uris: Iterable[str] = (),
) -> QueryResult:
    """Run the read-only SPARQL query *text* on *store*.

    The default graph is the union of all graphs, unless the query has ``FROM`` clauses
    or graph IRIs are given (the SPARQL protocol's ``default-graph-uri`` and
    ``named-graph-uri``: they then define the whole dataset).

    Raises :class:`~kg.errors.BadRequest` (400) for an update, a ``SERVICE`` clause, a
    syntax error (with the parser's message) or an invalid graph IRI.
    """
    shape = check_query(text)
    options = dataset_options(shape, list(default_graph_uris), list(named_graph_uris))
    return QueryResult(_evaluate(store, text, options))


def answer(
    store: QueryEngine,
    text: str,
    shape: QueryShape,
    fmt: Format,
    *,
    max_rows: int,
    options: dict,
) -> Answer:
    """The answer to the checked query *text* (:func:`~kg.querycheck.check_query` gave
    *shape*) serialised in *fmt*, with at most *max_rows* SELECT rows or graph triples.

    *options* come from :func:`dataset_options`. Raises :class:`~kg.errors.BadRequest`
    for a syntax error and :class:`~kg.errors.KGError` (500) when the store cannot be read.
    """
    if fmt not in formats_for(shape.kind):
        raise not_acceptable(shape.kind, fmt.name)
    capped, imposed = capped_text(text, shape, max_rows)
    raw = _evaluate(store, capped, options, original=text)
    try:
        if shape.kind == "graph":
            return _graph_answer(raw, fmt, max_rows)
        body = raw.serialize(format=fmt.serializer)
    except OSError as error:
        raise KGError(f"the store could not be read: {error}", 500) from error
    if shape.kind == "ask":
        return Answer(body, False, "ask")
    truncated = False
    if imposed:
        body, truncated = _cut_rows(body, fmt, max_rows)
    if fmt.serializer == QueryResultsFormat.JSON:
        body = _flag_json(body, truncated)
    return Answer(body, truncated, "select")


def dataset_options(shape: QueryShape, default: list[str], named: list[str]) -> dict:
    """``Store.query`` options for the protocol's graph IRIs (union default graph otherwise).

    Raises :class:`~kg.errors.BadRequest` (400) for a graph IRI that is not an IRI.
    """
    if default or named:
        return {"default_graph": _iris(default), "named_graphs": _iris(named)}
    if shape.has_from():
        return {}
    return {"use_default_graph_as_union": True}


def _evaluate(store: QueryEngine, text: str, options: dict, original: str | None = None):
    try:
        return store.query(text, **options)
    except SyntaxError as error:
        if original is not None and original != text:
            # The cap made the text invalid (an unusual query shape): run it as it was sent.
            return _evaluate(store, original, options)
        raise BadRequest(f"SPARQL syntax error: {error}") from None
    except OSError as error:
        raise KGError(f"the store could not be read: {error}", 500) from error


def _iris(uris: list[str]) -> list[NamedNode]:
    try:
        return [NamedNode(uri) for uri in uris]
    except ValueError as error:
        raise BadRequest(f"invalid graph IRI: {error}") from None


def _graph_answer(triples, fmt: Format, max_rows: int) -> Answer:
    """Graph answers are cut by triple count (the template may make many per solution)."""
    kept = list(islice(triples, max_rows + 1)) if max_rows > 0 else list(triples)
    truncated = max_rows > 0 and len(kept) > max_rows
    if truncated:
        kept = kept[:max_rows]
    prefixes = _TURTLE_PREFIXES if fmt.name in ("ttl", "trig") else None
    return Answer(serialize(kept, format=fmt.serializer, prefixes=prefixes), truncated, "graph")


def _cut_rows(body: bytes, fmt: Format, max_rows: int) -> tuple[bytes, bool]:
    """*body* with at most *max_rows* rows, and whether a row was dropped.

    The serialised answer holds at most ``max_rows + 1`` rows (the imposed ``LIMIT``);
    cheap byte counts rule the cut out first, exact parsing settles the rest.

    >>> fmt = find_format("select", "tsv")
    >>> _cut_rows(b"?x\\n1\\n2\\n3\\n", fmt, 2)
    (b'?x\\n1\\n2\\n', True)
    """
    name = fmt.name
    if name == "tsv":  # a TSV row is one line: newlines inside literals are escaped
        lines = body.split(b"\n")
        if len(lines) - 2 <= max_rows:
            return body, False
        return b"\n".join(lines[: max_rows + 1]) + b"\n", True
    if name == "xml":  # "<" inside values is escaped, so "<result>" only opens a row
        if body.count(b"<result>") <= max_rows:
            return body, False
        cut = _nth(body, b"<result>", max_rows)
        return body[:cut] + b"</results></sparql>", True
    if name == "csv":
        if body.count(b"\n") - 1 <= max_rows:
            return body, False
        return _cut_csv(body, max_rows)
    if body.count(b"{") - 3 <= max_rows:  # JSON: each binding has at least one "{"
        return body, False
    document = json.loads(body)
    bindings = document["results"]["bindings"]
    if len(bindings) <= max_rows:
        return body, False
    del bindings[max_rows:]
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(), True


def _nth(body: bytes, needle: bytes, n: int) -> int:
    position = -1
    for _ in range(n + 1):
        position = body.index(needle, position + 1)
    return position


def _cut_csv(body: bytes, max_rows: int) -> tuple[bytes, bool]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    if len(rows) - 1 <= max_rows:
        return body, False
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows[: max_rows + 1])
    return out.getvalue().encode("utf-8"), True


def _flag_json(body: bytes, truncated: bool) -> bytes:
    """SPARQL JSON results with a top-level ``truncated`` member (clients ignore it)."""
    flag = b',"truncated":true}' if truncated else b',"truncated":false}'
    return body.rstrip()[:-1] + flag


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return compact_iri(term.value)
    if isinstance(term, Literal):
        text = term.value.replace("\r", " ").replace("\n", " ")
        return f"{text}@{term.language}" if term.language else text
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


def compact_iri(iri: str) -> str:
    """*iri* as a prefixed name when a project prefix fits, else ``<iri>``.

    >>> compact_iri("https://w3id.org/ma-ai/ontology#Company"), compact_iri("http://x/y")
    ('mai:Company', '<http://x/y>')
    """
    for prefix, namespace in _NAMESPACES:
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and re.fullmatch(r"[\w-]*", local):
            return f"{prefix}:{local}"
    return f"<{iri}>"


def _layout(header: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    count = f"({len(rows)} row{'' if len(rows) == 1 else 's'})"
    return "\n".join([line(header), rule, *(line(r) for r in rows), count])
