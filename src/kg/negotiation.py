"""Serialisations of SPARQL answers and the choice among them (``?format=`` and ``Accept``).

Each kind of answer has a fixed list of formats with an explicit default (the first):
SELECT and ASK results as SPARQL JSON, XML, CSV or TSV; graphs (CONSTRUCT, DESCRIBE, the
service description, Graph Store reads) as Turtle, N-Triples, N-Quads, TriG, JSON-LD or
RDF/XML. :func:`choose` reads ``?format=`` first (for people who only have a URL), then
``Accept`` with its q-values, and raises :class:`~kg.errors.NotAcceptable` when nothing fits.

>>> choose("graph", accept="application/n-triples;q=0.5, text/turtle").name
'ttl'
>>> choose("select", wanted="csv").content_type
'text/csv; charset=utf-8'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyoxigraph import QueryResultsFormat, RdfFormat

from .errors import NotAcceptable

RESULTS, GRAPH = "results", "graph"
HTML = "text/html"


@dataclass(frozen=True)
class Format:
    """One serialisation: short name, media type, which answers it fits, other names."""

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

    @property
    def extension(self) -> str:
        """File name extension for downloads (``ttl``, ``csv``, …)."""
        return self.name

    def matches(self, wanted: str) -> bool:
        """True when *wanted* is this format's name, media type or one of its aliases."""
        wanted = wanted.split(";")[0].strip().lower()
        return wanted in (self.name, self.media_type, *self.aliases)


# The first format of each family is its default.
FORMATS = (
    Format("json", "application/sparql-results+json", RESULTS, QueryResultsFormat.JSON,
           ("application/json", "srj")),
    Format("xml", "application/sparql-results+xml", RESULTS, QueryResultsFormat.XML,
           ("application/xml", "text/xml", "srx")),
    Format("csv", "text/csv", RESULTS, QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", RESULTS, QueryResultsFormat.TSV),
    Format("ttl", "text/turtle", GRAPH, RdfFormat.TURTLE,
           ("turtle", "application/turtle", "application/x-turtle")),
    Format("nt", "application/n-triples", GRAPH, RdfFormat.N_TRIPLES,
           ("ntriples", "n-triples", "text/plain")),
    Format("nq", "application/n-quads", GRAPH, RdfFormat.N_QUADS, ("nquads", "n-quads")),
    Format("trig", "application/trig", GRAPH, RdfFormat.TRIG, ("application/x-trig",)),
    Format("jsonld", "application/ld+json", GRAPH, RdfFormat.JSON_LD,
           ("json-ld", "json", "application/json")),
    Format("rdf", "application/rdf+xml", GRAPH, RdfFormat.RDF_XML,
           ("xml", "rdf+xml", "rdfxml", "owl", "application/xml", "text/xml")),
)  # fmt: skip
FORMAT_NAMES = tuple(f.name for f in FORMATS)


def family_of(kind: str) -> str:
    """The format family of an answer *kind* (``select``, ``ask`` or ``graph``).

    >>> family_of("ask"), family_of("graph")
    ('results', 'graph')
    """
    return GRAPH if kind == "graph" else RESULTS


@lru_cache(maxsize=8)
def formats_for(kind: str) -> tuple[Format, ...]:
    """Formats of a result *kind* (``select``, ``ask`` or ``graph``), default first.

    >>> [f.name for f in formats_for("ask")]
    ['json', 'xml', 'csv', 'tsv']
    """
    family = family_of(kind)
    return tuple(f for f in FORMATS if f.family == family)


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
    raise not_acceptable(kind, wanted)


def not_acceptable(kind: str, wanted: str) -> NotAcceptable:
    """The 406 error for a format *wanted* that *kind* answers do not come in."""
    names = ", ".join(c.name for c in formats_for(kind))
    return NotAcceptable(
        f"format {wanted!r} is not available for {kind} results; choose one of: {names}"
    )


@lru_cache(maxsize=8)
def media_types(kind: str) -> tuple[str, ...]:
    """Media types offered for *kind* results, default first (for ``Accept`` negotiation)."""
    return tuple(
        media for f in formats_for(kind) for media in (f.media_type, *f.aliases) if "/" in media
    )


def choose(
    kind: str, *, wanted: str | None = None, accept: str | None = None, html: bool = False
) -> Format | None:
    """The format for a *kind* answer: ``?format=`` *wanted*, else ``Accept``, else the default.

    With *html*, ``text/html`` is offered too (after every data format, so that ``*/*``
    still gets data): ``None`` then means "answer with the HTML page".
    Raises :class:`~kg.errors.NotAcceptable` (406) when nothing asked for can be served.

    >>> choose("select", accept="text/html,application/xhtml+xml,*/*;q=0.8", html=True)
    >>> choose("select", accept="*/*", html=True).name
    'json'
    >>> choose("ask", accept="image/png")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.NotAcceptable: no media type in Accept can be served for ask results; ...
    """
    if wanted:
        if html and wanted.lower() in ("html", HTML):
            return None
        return find_format(kind, wanted)
    if not accept or not accept.strip():
        return find_format(kind)
    offered = (*media_types(kind), HTML) if html else tuple(media_types(kind))
    best = best_match(accept, offered)
    if best is None:
        raise NotAcceptable(
            f"no media type in Accept can be served for {kind} results; "
            f"available: {', '.join(media_types(kind))}"
        )
    return None if best == HTML else find_format(kind, best)


@lru_cache(maxsize=512)
def best_match(accept: str, offered: tuple[str, ...]) -> str | None:
    """The offered media type the ``Accept`` header *accept* prefers, or ``None``.

    Highest q-value wins; among equal q-values, the most specific range, then the order of
    *accept*, then the order of *offered*. ``q=0`` excludes. Cached: clients repeat headers.

    >>> best_match("text/*;q=0.5, application/n-triples", ("text/turtle", "application/n-triples"))
    'application/n-triples'
    >>> best_match("*/*;q=0.1, text/turtle;q=0", ("text/turtle", "application/n-triples"))
    'application/n-triples'
    >>> best_match("application/json", ("text/csv",)) is None
    True
    """
    ranges = _parse_accept(accept)
    best, best_key = None, None
    for position, media in enumerate(offered):
        key = _preference(media, ranges)
        if key is None:
            continue
        key = (*key, -position)
        if best_key is None or key > best_key:
            best, best_key = media, key
    return best


def _preference(media: str, ranges: list[tuple[str, str, float, int]]) -> tuple | None:
    """(q, specificity, -order) of the most specific range matching *media*; ``None`` if q=0."""
    kind, _, sub = media.partition("/")
    match = None
    for order, (rkind, rsub, q, specificity) in enumerate(ranges):
        fits = rkind in ("*", kind) and rsub in ("*", sub)
        if fits and (match is None or specificity > match[1]):
            match = (q, specificity, -order)
    if match is None or match[0] <= 0:
        return None
    return match


def _parse_accept(accept: str) -> list[tuple[str, str, float, int]]:
    """Media ranges of an ``Accept`` header as (type, subtype, q, specificity).

    >>> _parse_accept("text/html, */*;q=0.8, bad")
    [('text', 'html', 1.0, 2), ('*', '*', 0.8, 0)]
    """
    ranges = []
    for item in accept.split(","):
        media, *parameters = (part.strip() for part in item.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        specificity = (kind != "*") + (sub != "*")
        ranges.append((kind, sub, q, specificity))
    return ranges
