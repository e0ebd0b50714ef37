"""Read-only SPARQL execution shared by the CLI and the web app.

:func:`run_query` checks a query (no updates, no ``SERVICE``), runs it with the union of
all graphs as the default graph, and returns a :class:`QueryResult` that serialises to
the formats of :data:`FORMATS` or to a plain-text table.

``SERVICE`` is refused because pyoxigraph fetches any URL a query names there (server-side
request forgery). pyoxigraph 0.5 exposes no query parser to Python, so the check is a
tokenizer that skips strings, IRIs and comments, written to err on the side of refusing:
pyoxigraph's parser accepts keywords glued to the next token (``SERVICEex:e {``,
``1SERVICE <…>``), and a ``<`` right after a term may start an IRI or be the less-than
operator, so both readings are checked when they lex differently.

>>> check_query('SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }')[-2]
('string', '"SERVICE <http://x/> {}"')
>>> check_query("SELECT * WHERE { optional { service <http://x/> {} } }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.errors.BadRequest: SERVICE is not allowed: the server would fetch the URL it names (...)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
)

from .errors import BadRequest, KGError, NotAcceptable
from .namespaces import PREFIXES
from .store import QueryEngine

READ_ONLY = (
    "SPARQL Update is not accepted: this endpoint is read-only "
    "(send SELECT, ASK, CONSTRUCT or DESCRIBE)"
)
SERVICE_REFUSED = (
    "SERVICE is not allowed: the server would fetch the URL it names (server-side request forgery)"
)
_UPDATE_KEYWORDS = frozenset(
    {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}
)
# Keywords that never end an operand: a "<" after them starts an IRI (COUNT(DISTINCT <x>)).
_NOT_OPERANDS = frozenset(
    {"a", "as", "ask", "base", "by", "construct", "describe", "distinct", "exists", "filter"}
    | {"from", "graph", "group", "having", "in", "minus", "named", "not", "optional", "order"}
    | {"prefix", "reduced", "select", "separator", "silent", "union", "values", "where"}
)

_IRI = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>')
# Characters that make an IRI-looking span lex differently when read as code.
_DIVERGENT = re.compile(r"[#']")
_NEXT_IS_BRACE = re.compile(r"(?:[ \t\r\n]+|#[^\r\n]*)*\{")
_TOKEN = re.compile(
    r"""(?P<space>[ \t\r\n]+)
    |(?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''
        |\"\"\"(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*\"\"\"
        |'(?:[^'\\\r\n]|\\[\s\S])*'
        |"(?:[^"\\\r\n]|\\[\s\S])*")
    |(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]*)
    |(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    |(?P<word>(?:[\w:]|\\[\s\S])(?:[\w\-.:%\u00B7]|\\[\s\S])*)
    |(?P<punct>[\s\S])""",
    re.VERBOSE,
)

RESULTS, GRAPH = "results", "graph"

# Longest namespace first, so the most specific prefix wins.
_NAMESPACES = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda pn: -len(pn[1]))


@dataclass(frozen=True)
class Format:
    """One serialisation: short name, media type, which results it fits, other names."""

    name: str
    media_type: str
    family: str
    serializer: QueryResultsFormat | RdfFormat
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """``Content-Type`` header value (text types say they are UTF-8)."""
        text = self.media_type.startswith("text/")
        return f"{self.media_type}; charset=utf-8" if text else self.media_type

    def matches(self, wanted: str) -> bool:
        """True when *wanted* is this format's name, media type or one of its aliases."""
        wanted = wanted.split(";")[0].strip().lower()
        return wanted in (self.name, self.media_type, *self.aliases)


# The first format of each family is its default.
FORMATS = (
    Format("json", "application/sparql-results+json", RESULTS, QueryResultsFormat.JSON,
           ("application/json",)),
    Format("xml", "application/sparql-results+xml", RESULTS, QueryResultsFormat.XML,
           ("application/xml", "text/xml")),
    Format("csv", "text/csv", RESULTS, QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", RESULTS, QueryResultsFormat.TSV),
    Format("ttl", "text/turtle", GRAPH, RdfFormat.TURTLE,
           ("turtle", "application/turtle", "application/x-turtle")),
    Format("nt", "application/n-triples", GRAPH, RdfFormat.N_TRIPLES, ("ntriples", "n-triples")),
    Format("rdf", "application/rdf+xml", GRAPH, RdfFormat.RDF_XML,
           ("xml", "rdf+xml", "rdfxml", "application/xml", "text/xml")),
    Format("jsonld", "application/ld+json", GRAPH, RdfFormat.JSON_LD,
           ("json-ld", "json", "application/json")),
)  # fmt: skip
FORMAT_NAMES = tuple(f.name for f in FORMATS)


def formats_for(kind: str) -> list[Format]:
    """Formats of a result *kind* (``select``, ``ask`` or ``graph``), default first.

    >>> [f.name for f in formats_for("ask")]
    ['json', 'xml', 'csv', 'tsv']
    """
    family = GRAPH if kind == "graph" else RESULTS
    return [f for f in FORMATS if f.family == family]


def find_format(kind: str, wanted: str | None = None) -> Format:
    """The format of *kind* results named *wanted* (name, alias or media type).

    ``None`` gives the default. ``xml`` means SPARQL XML results for SELECT and ASK and
    RDF/XML for graphs. Raises :class:`~kg.errors.NotAcceptable` (406) otherwise.

    >>> find_format("graph", "xml").name, find_format("select", "text/csv").name
    ('rdf', 'csv')
    >>> find_format("graph", "csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.NotAcceptable: format 'csv' is not available for graph results; choose one of: ...
    """
    candidates = formats_for(kind)
    if wanted is None:
        return candidates[0]
    for candidate in candidates:
        if candidate.matches(wanted):
            return candidate
    raise _not_acceptable(kind, wanted)


def _not_acceptable(kind: str, wanted: str) -> NotAcceptable:
    names = ", ".join(c.name for c in formats_for(kind))
    return NotAcceptable(
        f"format {wanted!r} is not available for {kind} results; choose one of: {names}"
    )


def media_types(kind: str) -> list[str]:
    """Media types offered for *kind* results, default first (for ``Accept`` negotiation)."""
    return [
        media for f in formats_for(kind) for media in (f.media_type, *f.aliases) if "/" in media
    ]


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
            raise _not_acceptable(self.kind, fmt.name)
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
    tokens = check_query(text)
    options = _dataset_options(tokens, list(default_graph_uris), list(named_graph_uris))
    try:
        raw = store.query(text, **options)
    except SyntaxError as error:
        raise BadRequest(f"SPARQL syntax error: {error}") from None
    except OSError as error:
        raise KGError(f"the store could not be read: {error}", 500) from error
    return QueryResult(raw)


def check_query(text: str) -> list[tuple[str, str]]:
    """Refuse updates and ``SERVICE``; return the query's tokens (kind, text).

    Raises :class:`~kg.errors.BadRequest` saying why the query is refused.
    """
    tokens = [(kind, token) for kind, token, _ in _Lexer(text).tokens(0)]
    words = [token.lower() for kind, token in _skip_prologue(tokens) if kind == "word"]
    if words and words[0] in _UPDATE_KEYWORDS:
        raise BadRequest(READ_ONLY)
    if _mentions_service(text):
        raise BadRequest(SERVICE_REFUSED)
    return tokens


def _dataset_options(tokens: list, default: list[str], named: list[str]) -> dict:
    if default or named:
        return {"default_graph": _iris(default), "named_graphs": _iris(named)}
    if any(kind == "word" and token.lower() == "from" for kind, token in tokens):
        return {}
    return {"use_default_graph_as_union": True}


def _iris(uris: list[str]) -> list[NamedNode]:
    try:
        return [NamedNode(uri) for uri in uris]
    except ValueError as error:
        raise BadRequest(f"invalid graph IRI: {error}") from None


def _skip_prologue(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Tokens after the ``BASE`` and ``PREFIX`` declarations."""
    index = 0
    while index < len(tokens) and tokens[index][1].lower() in ("base", "prefix"):
        index += 2 if tokens[index][1].lower() == "base" else 3
    return tokens[index:]


def _mentions_service(text: str) -> bool:
    """True when some reading of *text* has the ``SERVICE`` keyword.

    Raises :class:`~kg.errors.BadRequest` when the readings cost too much to check.
    """
    lexer = _Lexer(text)
    lexer.readings.append(0)
    while lexer.readings:
        for kind, token, end in lexer.tokens(lexer.readings.pop()):
            if kind == "word" and _is_service(token, text, end):
                return True
    return False


def _is_service(word: str, text: str, end: int) -> bool:
    """True when *word* may be read as the keyword ``SERVICE``, alone or glued to more.

    >>> [_is_service(w, "x {", 1) for w in ("SERVICE", "1service", "ex:service", "service:")]
    [True, True, False, True]
    >>> _is_service("services:x", "services:x ?p ?o", 10)
    False
    """
    head, colon, _ = word.partition(":")
    if "service" not in head.casefold():
        return False
    # "services:x {" parses as SERVICE s:x { … }; "services:x ?p ?o" is a triple.
    return not colon or bool(_NEXT_IS_BRACE.match(text, end))


class _Lexer:
    """Tokens of one query text, over every reading of its ambiguous ``<``.

    An IRI-looking ``<…>`` right after a term is read as an IRI; when reading its ``<`` as
    less-than would lex the rest differently (a ``#`` or ``'`` inside), the position of
    that other reading is added to :attr:`readings`. The tokens that follow depend only on
    the position and on whether a term came just before, so a reading stops at a state
    already seen: all readings together visit each state once.
    """

    def __init__(self, text: str):
        self.text = text
        self.readings: list[int] = []
        self._breaks = [match.start() for match in re.finditer(r"[\r\n]", text)]
        self._seen: set[tuple[int, bool]] = set()
        # Readings may re-scan a long string from many starts; bound the total work.
        self._budget = 10 * len(text) + 100_000

    def tokens(self, position: int) -> Iterator[tuple[str, str, int]]:
        """Significant tokens from *position*, as (kind, text, end).

        Raises :class:`~kg.errors.BadRequest` when the work budget is spent.
        """
        text, after_term = self.text, False
        while position < len(text):
            if (position, after_term) in self._seen:
                return
            self._seen.add((position, after_term))
            if text[position] == "#":
                position = self._line_end(position)
                continue
            match = _IRI.match(text, position) if text[position] == "<" else None
            if match and after_term and _DIVERGENT.search(match.group()):
                self.readings.append(position + 1)
            match = match or _TOKEN.match(text, position)
            self._spend(match.end() - position)
            kind = "iri" if match.re is _IRI else match.lastgroup
            token, position = match.group(), match.end()
            if kind != "space":
                after_term = _ends_term(kind, token)
                yield kind, token, position

    def _line_end(self, position: int) -> int:
        index = bisect.bisect_left(self._breaks, position)
        return self._breaks[index] if index < len(self._breaks) else len(self.text)

    def _spend(self, cost: int) -> None:
        self._budget -= cost
        if self._budget < 0:
            raise BadRequest(
                "the query cannot be checked for SERVICE: too many '<' read as IRIs; "
                "put spaces around the '<' comparisons"
            )


def _ends_term(kind: str, token: str) -> bool:
    if kind == "word":
        return token.lower() not in _NOT_OPERANDS
    return kind in ("iri", "string", "var", "langtag") or token in (")", "]")


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return _compact(term.value)
    if isinstance(term, Literal):
        text = term.value.replace("\r", " ").replace("\n", " ")
        return f"{text}@{term.language}" if term.language else text
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


def _compact(iri: str) -> str:
    """*iri* as a prefixed name when a project prefix fits, else ``<iri>``.

    >>> _compact("https://w3id.org/ma-ai/ontology#Company"), _compact("http://x/y")
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
