"""The SPARQL 1.1 Protocol's query operation read from raw HTTP parts, without a framework.

Both front ends of ``/sparql`` (the Flask view and the fast ASGI path of :mod:`kg.asgi`)
call :func:`read_query` with the method, the query string, the ``Content-Type`` and the
body, so they accept and refuse exactly the same requests.

>>> get = read_query("GET", "query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fx%2Fg", "", b"")
>>> get.text, get.default_graphs, get.named_graphs
('ASK {}', ('http://x/g',), ())
>>> read_query("POST", "", "application/x-www-form-urlencoded", b"query=ASK+%7B%7D").text
'ASK {}'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote_to_bytes

from .errors import BadRequest, KGError
from .querycheck import READ_ONLY

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


@dataclass(frozen=True)
class ProtocolRequest:
    """A query operation: the query (``None``: a GET without one) and its parameters."""

    text: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    timeout: str | None = None
    format: str | None = None


def read_query(
    method: str, query_string: str, content_type: str, body: bytes, update_hint: str = ""
) -> ProtocolRequest:
    """The query operation of one HTTP request (``query_string`` as sent, still encoded).

    Raises :class:`~kg.errors.BadRequest` (400) for two queries, an empty query, an update
    (*update_hint* says where updates go, if anywhere), a body or query string that is not
    UTF-8, and :class:`~kg.errors.KGError` (415) for another body type or charset, (405) for
    a method other than GET, HEAD and POST.
    """
    if method in ("GET", "HEAD"):
        return _read_get(query_string, update_hint)
    url = form_values(query_string.encode("latin-1"), "the query string")
    if method != "POST":
        raise KGError(f"method {method} is not allowed: use GET or POST", 405)
    mimetype, charset = media_type(content_type)
    if mimetype == QUERY_BODY:
        return _request(_nonempty(_utf8(body, charset)), url)
    if mimetype == FORM:
        _utf8(body, charset)  # refuses another charset, and bytes that are not UTF-8
        form = form_values(body, "the form body")
        if "update" in form:
            raise BadRequest(READ_ONLY + update_hint)
        merged = {name: url.get(name, []) + form.get(name, []) for name in {*url, *form}}
        return _request(_one(form.get("query", []), allow_none=False), merged)
    if mimetype == UPDATE_BODY:
        raise BadRequest(READ_ONLY + update_hint)
    raise KGError(
        f"unsupported request body type {mimetype or 'none'!r}: send {QUERY_BODY} "
        f"or a form ({FORM}) with a 'query' field",
        415,
    )


@lru_cache(maxsize=1024)
def _read_get(query_string: str, update_hint: str) -> ProtocolRequest:
    """A GET's query operation; cached, as clients send the same URLs again and again."""
    url = form_values(query_string.encode("latin-1"), "the query string")
    if "update" in url:
        raise BadRequest(READ_ONLY + update_hint)
    return _request(_one(url.get("query", []), allow_none=True), url)


def media_type(content_type: str) -> tuple[str, str]:
    """(media type, charset) of a ``Content-Type`` header, lower case; charset UTF-8 by default.

    >>> media_type("Application/SPARQL-Query; charset=UTF-16")
    ('application/sparql-query', 'utf-16')
    """
    mimetype, *parameters = content_type.split(";")
    charset = "utf-8"
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return mimetype.strip().lower(), charset


def _request(text: str | None, values: dict[str, list[str]]) -> ProtocolRequest:
    return ProtocolRequest(
        text=text,
        default_graphs=tuple(values.get("default-graph-uri", ())),
        named_graphs=tuple(values.get("named-graph-uri", ())),
        timeout=_first(values, "timeout"),
        format=_first(values, "format") or _first(values, "output"),
    )


def form_values(encoded: bytes, where: str) -> dict[str, list[str]]:
    """The values of an ``application/x-www-form-urlencoded`` text (or a query string), by name.

    Bytes are decoded as UTF-8 once percent-decoded, never guessed or replaced: raises
    :class:`~kg.errors.BadRequest` naming *where* when they are not UTF-8.

    >>> form_values(b"query=ASK+%7B%7D&x=%C3%A9&x", "the query string")
    {'query': ['ASK {}'], 'x': ['é', '']}
    >>> form_values(b"query=%FF", "the query string")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.BadRequest: the query string is not valid UTF-8 once percent-decoded (...)
    """
    values: dict[str, list[str]] = {}
    for part in encoded.split(b"&"):
        if part:
            name, _, value = part.partition(b"=")
            values.setdefault(_unquote(name, where), []).append(_unquote(value, where))
    return values


def _unquote(raw: bytes, where: str) -> str:
    try:
        return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as error:
        byte = error.object[error.start]
        raise BadRequest(
            f"{where} is not valid UTF-8 once percent-decoded (byte 0x{byte:02x})"
        ) from None


def _first(values: dict[str, list[str]], name: str) -> str | None:
    found = values.get(name)
    return found[0] if found else None


def _one(values: list[str], *, allow_none: bool) -> str | None:
    if len(values) > 1:
        raise BadRequest("more than one 'query' parameter: send exactly one")
    if not values and allow_none:
        return None
    return _nonempty(values[0] if values else "")


def _nonempty(text: str) -> str:
    if not text.strip():
        raise BadRequest("missing SPARQL query: pass it in the 'query' parameter")
    return text


def _utf8(body: bytes, charset: str) -> str:
    if charset not in ("utf-8", "utf8"):
        raise KGError(f"the body must be UTF-8, not {charset}", 415)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the body is not valid UTF-8") from None
