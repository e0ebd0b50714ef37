"""Checks on SPARQL text before it runs: what is refused, and the shape of what is allowed.

:func:`check_query` refuses updates, ``SERVICE`` and oversized queries, and returns a
:class:`QueryShape`: the query form and where its outermost ``LIMIT`` is, so the row cap can be
imposed by the query engine itself (:func:`capped_text`).

``SERVICE`` is refused because pyoxigraph fetches any URL a query names there (server-side
request forgery). pyoxigraph 0.5 exposes no query parser to Python, so the check is a
tokenizer that skips strings, IRIs and comments, written to err on the side of refusing:
pyoxigraph's parser accepts keywords glued to the next token (``SERVICEex:e {``,
``1SERVICE <…>``), and a ``<`` right after a term may start an IRI or be the less-than
operator, so both readings are checked when they lex differently.

Queries nested deeper than :data:`MAX_DEPTH` or longer than :data:`MAX_TERMS` terms (the
values of ``VALUES`` blocks aside) are refused too: pyoxigraph's parser and evaluator recurse
once per level of nesting and per link of a chain (``UNION``, ``&&``, ``+``…), and a stack
overflow there ends the whole server process, not just the query.

>>> check_query('SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }').tokens[-2]
('string', '"SERVICE <http://x/> {}"', 47)
>>> check_query("SELECT * WHERE { optional { service <http://x/> {} } }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.errors.BadRequest: SERVICE is not allowed: the server would fetch the URL it names (...)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .errors import BadRequest

READ_ONLY = (
    "SPARQL Update is not accepted: this endpoint is read-only "
    "(send SELECT, ASK, CONSTRUCT or DESCRIBE)"
)
LOAD_REFUSED = (
    "LOAD is not allowed: the server would fetch the URL it names (server-side request forgery)"
)
SERVICE_REFUSED = (
    "SERVICE is not allowed: the server would fetch the URL it names (server-side request forgery)"
)
MAX_DEPTH = 128
MAX_TERMS = 10_000
TOO_DEEP = (
    f"the query nests groups, brackets or parentheses more than {MAX_DEPTH} levels deep; "
    "the server refuses deeper queries (they would exhaust its stack)"
)
TOO_LONG = (
    f"the query has more than {MAX_TERMS} terms outside VALUES blocks; the server refuses longer "
    "queries (they would exhaust its stack): put long lists of values in a VALUES block"
)
_FORMS = frozenset({"select", "construct", "describe", "ask"})
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


@dataclass(frozen=True)
class QueryShape:
    """What a checked query is: its form, tokens (kind, text, end) and outermost ``LIMIT``.

    ``limit`` is (start, end, value) of the outer ``LIMIT`` number, ``None`` when there is
    none; ``insert_at`` is where a ``LIMIT`` clause may go (before a trailing ``VALUES``).
    """

    form: str
    tokens: list[tuple[str, str, int]]
    limit: tuple[int, int, int] | None
    insert_at: int

    @property
    def kind(self) -> str:
        """``select``, ``ask`` or ``graph`` (CONSTRUCT and DESCRIBE)."""
        return self.form if self.form in ("select", "ask") else "graph"

    def has_from(self) -> bool:
        """True when the query names its own dataset (``FROM`` / ``FROM NAMED``)."""
        return self._from

    @cached_property
    def _from(self) -> bool:
        # Asked on every request of a query whose shape is cached: read the tokens once.
        return any(kind == "word" and token.lower() == "from" for kind, token, _ in self.tokens)


@lru_cache(maxsize=2048)
def check_query(text: str) -> QueryShape:
    """Refuse updates and ``SERVICE``; return the query's :class:`QueryShape`.

    Raises :class:`~kg.errors.BadRequest` saying why the query is refused (an update,
    ``SERVICE``, nesting deeper than :data:`MAX_DEPTH`, more than :data:`MAX_TERMS` terms).
    Answers are cached by text: clients and report pages send the same queries again and again.

    >>> check_query("PREFIX : <x:> SELECT * { ?s ?p ?o } LIMIT 5").limit
    (42, 43, 5)
    >>> check_query("ASK {}").kind
    'ask'
    >>> check_query("ASK " + "{" * 500 + "}" * 500)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.BadRequest: the query nests groups, brackets or parentheses more than 128 levels ...
    """
    tokens = list(_Lexer(text).tokens(0))
    body = _skip_prologue(tokens)
    words = [token.lower() for kind, token, _ in body if kind == "word"]
    if words and words[0] in _UPDATE_KEYWORDS:
        raise BadRequest(READ_ONLY)
    if _mentions_service(text):
        raise BadRequest(SERVICE_REFUSED)
    _check_size(text)
    form = words[0] if words and words[0] in _FORMS else "select"
    limit, insert_at = _outer_limit(body, len(text))
    return QueryShape(form, tokens, limit, insert_at)


def check_update(text: str) -> None:
    """Refuse the parts of a SPARQL update that reach the network: ``LOAD`` and ``SERVICE``.

    Raises :class:`~kg.errors.BadRequest` saying why.

    >>> check_update("INSERT DATA { <x:a> <x:b> 'load' }")
    >>> check_update("LOAD <http://127.0.0.1:9/x.ttl>")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.BadRequest: LOAD is not allowed: the server would fetch the URL it names (...)
    """
    for kind, token, _ in _Lexer(text).tokens(0):
        if kind == "word" and ":" not in token and "load" in token.casefold():
            raise BadRequest(LOAD_REFUSED)
    if _mentions_service(text):
        raise BadRequest(SERVICE_REFUSED)


def capped_text(text: str, shape: QueryShape, cap: int) -> tuple[str, bool]:
    r"""*text* with its outermost ``LIMIT`` at most ``cap + 1``, and whether it was imposed.

    Only SELECT queries are capped this way; a query whose own ``LIMIT`` is within the cap
    is left alone (its answer cannot be cut).

    >>> capped_text("SELECT * {} LIMIT 50", check_query("SELECT * {} LIMIT 50"), 10)
    ('SELECT * {} LIMIT 11', True)
    >>> capped_text("SELECT * {} # c", check_query("SELECT * {} # c"), 10)
    ('SELECT * {} # c\nLIMIT 11\n', True)
    >>> capped_text("SELECT * {} VALUES ?x {1}", check_query("SELECT * {} VALUES ?x {1}"), 10)[0]
    'SELECT * {} \nLIMIT 11\nVALUES ?x {1}'
    """
    if shape.form != "select" or cap <= 0:
        return text, False
    if shape.limit is not None:
        start, end, value = shape.limit
        if value <= cap:
            return text, False
        return f"{text[:start]}{cap + 1}{text[end:]}", True
    at = shape.insert_at
    return f"{text[:at]}\nLIMIT {cap + 1}\n{text[at:]}", True


def _outer_limit(
    body: list[tuple[str, str, int]], length: int
) -> tuple[tuple[int, int, int] | None, int]:
    """The outer ``LIMIT`` number (start, end, value) and where a ``LIMIT`` may be inserted."""
    braces = parens = 0
    group_closed = False
    limit, insert_at = None, length
    for index, (kind, token, end) in enumerate(body):
        if kind == "punct":
            braces += {"{": 1, "}": -1}.get(token, 0)
            parens += {"(": 1, ")": -1}.get(token, 0)
            group_closed = group_closed or (token == "}" and braces == 0 and parens == 0)
        elif kind == "word" and braces == 0 and parens == 0 and group_closed:
            word = token.lower()
            following = body[index + 1] if index + 1 < len(body) else None
            if word == "limit" and following and following[1].isdigit():
                number_end = following[2]
                limit = (number_end - len(following[1]), number_end, int(following[1]))
            elif word == "values" and insert_at == length:
                insert_at = end - len(token)
    return limit, insert_at


def _skip_prologue(tokens: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
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


def _check_size(text: str) -> None:
    """Refuse *text* when some reading of it nests deeper than :data:`MAX_DEPTH` brackets
    (``{``, ``(``, ``[``) or has more than :data:`MAX_TERMS` terms outside ``VALUES`` data.

    Inside parentheses, an IRI-looking ``<…>`` after a term may be the less-than operator
    followed by code (``FILTER(?x<((((1>0)``), so both readings are measured there; outside
    them it can only be an IRI. Readings are followed with their own brackets and ``VALUES``
    state, and one stops where another has already been in the same state. Raises
    :class:`~kg.errors.BadRequest` saying what is too large.

    >>> _check_size("SELECT * WHERE { VALUES ?x { " + "1 " * 20_000 + "} }")
    >>> _check_size("ASK { FILTER(?x<" + "(" * 200 + "1>0) }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.BadRequest: the query nests groups, brackets or parentheses more than 128 ...
    """
    lexer, brackets = _Lexer(text), _Brackets()
    pending: list[tuple[int, bool, int, int]] = [(0, False, 0, _CODE)]
    seen: set[tuple[int, bool, int, int]] = set()
    terms = 0
    while pending:
        position, after_term, stack, values = pending.pop()
        while position < len(text):
            if seen:  # states matter only once there is another reading
                if (position, after_term, stack, values) in seen:
                    break
                seen.add((position, after_term, stack, values))
            kind, token, end = lexer.read(position)
            if kind == "iri" and after_term and brackets.top[stack] == "(":
                pending.append((position + 1, False, stack, values))
                seen.add((position, after_term, stack, values))
            position = end
            if kind == "space":
                continue
            after_term = _ends_term(kind, token)
            terms += values <= _CODE
            if terms > MAX_TERMS:
                raise BadRequest(TOO_LONG)
            stack, values = brackets.step(stack, token, values, kind)


# The VALUES state of a reading: in code, after the keyword VALUES, or (a positive number) in
# its data block, opened at that depth.
_CODE, _VALUES_HEAD = 0, -1


class _Brackets:
    """Stacks of open brackets, each an integer (0: none open), with their depth and top."""

    def __init__(self) -> None:
        self.parent, self.top, self.depth = [0], [""], [0]
        self._ids: dict[tuple[int, str], int] = {}

    def step(self, stack: int, token: str, values: int, kind: str) -> tuple[int, int]:
        """The stack and ``VALUES`` state after *token*.

        Raises :class:`~kg.errors.BadRequest` past :data:`MAX_DEPTH`.
        """
        if kind == "word" and token.lower() == "values" and values == _CODE:
            return stack, _VALUES_HEAD
        if kind != "punct" or token not in "{([)]}":
            return stack, values
        if token in ")]}":
            # The empty stack stays empty: an unmatched closer is a syntax error, which ends
            # the parse before anything after it is read.
            stack = self.parent[stack]
            return stack, _CODE if values > self.depth[stack] else values
        stack = self._push(stack, token)
        return stack, self.depth[stack] if values == _VALUES_HEAD and token == "{" else values

    def _push(self, stack: int, token: str) -> int:
        found = self._ids.get((stack, token))
        if found is None:
            if self.depth[stack] >= MAX_DEPTH:
                raise BadRequest(TOO_DEEP)
            found = self._ids[(stack, token)] = len(self.parent)
            self.parent.append(stack)
            self.top.append(token)
            self.depth.append(self.depth[stack] + 1)
        return found


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
            kind, token, end = self.read(position)
            if kind == "iri" and after_term and _DIVERGENT.search(token):
                self.readings.append(position + 1)
            position = end
            if kind != "space":
                after_term = _ends_term(kind, token)
                yield kind, token, position

    def read(self, position: int) -> tuple[str, str, int]:
        """The token at *position* as (kind, text, end); blanks and comments are ``space``.

        A ``<`` is read as the start of an IRI whenever one follows (see :class:`_Lexer`).
        Raises :class:`~kg.errors.BadRequest` when the work budget is spent.
        """
        text = self.text
        if text[position] == "#":
            return "space", "", self._line_end(position)
        match = (_IRI.match(text, position) if text[position] == "<" else None) or _TOKEN.match(
            text, position
        )
        self._spend(match.end() - position)
        return ("iri" if match.re is _IRI else match.lastgroup), match.group(), match.end()

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
