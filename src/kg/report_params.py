"""Typed parameters of canned reports, and their binding as RDF terms.

A parameter value is read from text (a query string, a CLI option), checked against its type
and turned into a pyoxigraph term. Bound terms reach the query as a ``VALUES`` block written from
their N-Triples serialisation, placed at the start of the query's outer ``WHERE`` group: the
value never becomes query text of its own, so quotes, braces, ``#`` or ``DROP`` in it are only
characters of a literal. (pyoxigraph's ``substitutions=`` would do the same, but it only accepts
variables the query projects and one value each; a ``VALUES`` block binds any variable of the
outer group, list values included.)

>>> p = Parameter("year", "year")
>>> [str(t) for t in p.parse(["2029"])]
['"2029"^^<http://www.w3.org/2001/XMLSchema#integer>']
>>> p.parse(["20x9"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.errors.BadRequest: parameter 'year': '20x9' is not a year such as 2029 (four digits)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pyoxigraph import Literal, NamedNode

from .errors import BadRequest
from .namespaces import PREFIXES
from .querycheck import check_query

TYPES = ("iri", "string", "integer", "year", "date", "lang", "enum")
LANGUAGES = ("fr", "en", "ar")
MAX_TEXT = 200
XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")

_INTEGER = re.compile(r"^[+-]?[0-9]{1,18}$")
_YEAR = re.compile(r"^[0-9]{4}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*)?:([^/].*)?$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_LOCAL = re.compile(r"^[A-Za-z0-9][\w.-]*$")
# What folding does to text, the same on both sides: labels in the query, the search text here.
_LIGATURES = {"œ": "oe", "æ": "ae", "’": "'", "‘": "'", "ß": "ss"}


@dataclass(frozen=True)
class Parameter:
    """One typed parameter of a report.

    ``multiple`` is the largest number of values it takes (1: a single value); ``cls`` the
    class an ``iri`` value must belong to; ``choices`` the values offered in a drop-down: a list,
    ``"class"`` (the instances of ``cls``) or a SELECT query projecting ``?value`` and ``?label``.
    """

    name: str
    type: str
    description: str = ""
    cls: str | None = None
    optional: bool = False
    multiple: int = 1
    default: tuple[str, ...] = ()
    choices: tuple[str, ...] | str | None = None
    minimum: int | None = None
    maximum: int | None = None
    fold: bool = False
    namespace: str = "id"

    @property
    def required(self) -> bool:
        """True when a request must give a value (no default, not optional)."""
        return not self.optional and not self.default

    def accepts(self) -> str:
        """What a value must look like, in words, for error messages and documentation.

        >>> Parameter("actor", "iri", cls=str(PREFIXES["mai"]) + "Actor").accepts()
        'an IRI, a prefixed name (id:…) or a local name of a mai:Actor'
        """
        if self.type == "iri":
            what = f"an IRI, a prefixed name ({self.namespace}:…) or a local name"
            return f"{what} of a {compact(self.cls)}" if self.cls else what
        if self.type == "integer":
            low = "" if self.minimum is None else f" from {self.minimum}"
            high = "" if self.maximum is None else f" to {self.maximum}"
            return f"an integer{low}{high}"
        if self.type == "enum":
            return "one of: " + ", ".join(self.choices or ())
        return {
            "string": f"a text of 1 to {MAX_TEXT} characters",
            "year": "a year such as 2029 (four digits)",
            "date": "a date as YYYY-MM-DD",
            "lang": "a language tag such as fr, en or ar",
        }[self.type]

    def parse(self, raw: Sequence[str]) -> tuple[Literal | NamedNode, ...]:
        """The terms of *raw* values (empty strings ignored), or the default's when none.

        Raises :class:`~kg.errors.BadRequest` naming the parameter and what it accepts when a
        value is not of its type, when there are too many, or when a required one is missing.
        """
        values = [value.strip() for value in raw if value.strip()] or list(self.default)
        if not values and not self.optional:
            raise BadRequest(f"parameter '{self.name}' is required: give {self.accepts()}")
        terms = tuple(dict.fromkeys(self._term(value) for value in values))
        if len(terms) > self.multiple:
            raise BadRequest(
                f"parameter '{self.name}' takes at most {self.multiple} value"
                f"{'s' if self.multiple > 1 else ''}; {len(terms)} were given"
            )
        return terms

    def _term(self, value: str) -> Literal | NamedNode:
        term = _PARSERS[self.type](self, value)
        if term is None:
            shown = value if len(value) <= 80 else value[:77] + "..."
            raise BadRequest(f"parameter '{self.name}': {shown!r} is not {self.accepts()}")
        return term


def _iri(param: Parameter, value: str) -> NamedNode | None:
    value = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    if _LOCAL.match(value):
        value = str(PREFIXES[param.namespace]) + value
    else:
        match = _PREFIXED.match(value)
        if match and (match.group(1) or "") in PREFIXES:
            value = str(PREFIXES[match.group(1)]) + (match.group(2) or "")
    try:
        return NamedNode(value)
    except ValueError:
        return None


def _string(param: Parameter, value: str) -> Literal | None:
    if len(value) > MAX_TEXT:
        return None
    return Literal(fold(value) if param.fold else value)


def _integer(param: Parameter, value: str) -> Literal | None:
    if not _INTEGER.match(value):
        return None
    number = int(value)
    if param.minimum is not None and number < param.minimum:
        return None
    if param.maximum is not None and number > param.maximum:
        return None
    return Literal(number)


def _year(param: Parameter, value: str) -> Literal | None:
    return Literal(int(value)) if _YEAR.match(value) else None


def _date(param: Parameter, value: str) -> Literal | None:
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return Literal(value, datatype=XSD_DATE) if _DATE.match(value) else None


def _lang(param: Parameter, value: str) -> Literal | None:
    return Literal(value.lower()) if _LANG.match(value) else None


def _enum(param: Parameter, value: str) -> Literal | None:
    return Literal(value) if value in (param.choices or ()) else None


_PARSERS = {
    "iri": _iri,
    "string": _string,
    "integer": _integer,
    "year": _year,
    "date": _date,
    "lang": _lang,
    "enum": _enum,
}


def fold(text: str) -> str:
    """*text* in lower case without accents, as the search queries fold labels.

    >>> fold("Office Chérifien des Phosphates — Œuvre’s")
    "office cherifien des phosphates — oeuvre's"
    """
    text = "".join(_LIGATURES.get(char, char) for char in text.lower())
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not _is_accent(c)))


def _is_accent(char: str) -> bool:
    # Only the accents of Latin letters: Arabic vowel marks are part of the word.
    return unicodedata.category(char) == "Mn" and "\u0300" <= char <= "\u036f"


def compact(iri: str | None) -> str:
    """*iri* as a prefixed name when a project prefix fits.

    >>> compact("https://w3id.org/ma-ai/ontology#Actor"), compact("http://x/y")
    ('mai:Actor', 'http://x/y')
    """
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
        if iri and iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri or ""


def read_parameter(name: str, spec: Mapping) -> Parameter:
    """A :class:`Parameter` from its front-matter mapping.

    Raises :class:`ValueError` saying what is wrong with the declaration.

    >>> read_parameter("only", {"type": "enum", "values": ["all", "none"], "default": "all"})
    ... # doctest: +ELLIPSIS
    Parameter(name='only', type='enum', ..., default=('all',), choices=('all', 'none'), ...)
    """
    if not _NAME.match(name) or name == "format":
        raise ValueError(
            f"parameter name {name!r}: use lower-case letters, digits and '_' "
            "('format' and names starting with '_' are the API's own)"
        )
    unknown = set(spec) - _SPEC_KEYS
    if unknown:
        raise ValueError(f"parameter {name!r}: unknown keys {sorted(unknown)}")
    kind = spec.get("type")
    if kind not in TYPES:
        raise ValueError(f"parameter {name!r}: type must be one of {', '.join(TYPES)}")
    param = Parameter(
        name=name,
        type=kind,
        description=str(spec.get("description", _DESCRIPTIONS.get(kind, ""))).strip(),
        cls=_class_iri(name, spec.get("class")),
        optional=bool(spec.get("optional", False)),
        multiple=int(spec.get("multiple", 1)),
        default=as_strings(spec.get("default")),
        choices=_choices(kind, spec),
        minimum=spec.get("min"),
        maximum=spec.get("max"),
        fold=bool(spec.get("fold", False)),
        namespace=str(spec.get("namespace", "id")),
    )
    if param.namespace not in PREFIXES:
        raise ValueError(f"parameter {name!r}: unknown namespace prefix {param.namespace!r}")
    for value in param.default:
        try:
            param._term(value)
        except BadRequest as error:
            raise ValueError(f"default of {error.message}") from None
    return param


_DESCRIPTIONS = {"lang": "Language of the labels: fr, en or ar (French when a label is missing)."}
_SPEC_KEYS = {"type", "description", "class", "optional", "multiple", "default", "choices"} | {
    "values",
    "min",
    "max",
    "fold",
    "namespace",
}


def as_strings(value: object) -> tuple[str, ...]:
    """A front-matter value (one value, a list, or nothing) as a tuple of strings.

    >>> as_strings(None), as_strings(2029), as_strings(["a", "b"])
    ((), ('2029',), ('a', 'b'))
    """
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(str(item) for item in items)


def _class_iri(name: str, value: object) -> str | None:
    if value is None:
        return None
    term = _iri(Parameter(name, "iri"), str(value))
    if term is None:
        raise ValueError(f"parameter {name!r}: class {value!r} is not an IRI or prefixed name")
    return term.value


def _choices(kind: str, spec: Mapping) -> tuple[str, ...] | str | None:
    if kind == "enum":
        values = as_strings(spec.get("values"))
        if not values:
            raise ValueError("an enum parameter needs 'values'")
        return values
    if kind == "lang":
        return as_strings(spec.get("choices")) or LANGUAGES
    choices = spec.get("choices")
    if isinstance(choices, list):
        return as_strings(choices)
    if choices == "class" and not spec.get("class"):
        raise ValueError("choices: class needs a 'class'")
    return choices


def values_block(bindings: Mapping[str, Sequence[Literal | NamedNode]]) -> str:
    """``VALUES`` clauses for *bindings*, one per bound variable, from serialised terms.

    >>> values_block({"lang": [Literal("fr")], "actor": [NamedNode("http://x/a")]})
    'VALUES ?lang { "fr" } VALUES ?actor { <http://x/a> }'
    """
    return " ".join(
        f"VALUES ?{name} {{ {' '.join(str(term) for term in terms)} }}"
        for name, terms in bindings.items()
        if terms
    )


def where_brace(text: str) -> int:
    """Index just after the ``{`` that opens the query's outer ``WHERE`` group.

    Comments, strings and IRIs are skipped, so a ``where`` or ``{`` inside them does not count.
    Raises :class:`ValueError` when the query has no ``WHERE {``, and
    :class:`~kg.errors.BadRequest` for an update or a ``SERVICE`` clause.

    >>> q = 'PREFIX where: <http://x/#{> SELECT * # where {\\nWHERE { ?s ?p "{" }'
    >>> q[where_brace(q):]
    ' ?s ?p "{" }'
    """
    seen_where = False
    for kind, token, end in check_query(text).tokens:
        if kind == "word" and token.lower() == "where":
            seen_where = True
        elif token == "{" and seen_where:
            return end
    raise ValueError("the query has no 'WHERE {' to bind parameters in")


def bind_text(text: str, bindings: Mapping[str, Sequence[Literal | NamedNode]]) -> str:
    """*text* with the ``VALUES`` block of *bindings* at the start of its ``WHERE`` group.

    >>> bind_text("SELECT ?x WHERE { ?x ?p ?o }", {"x": [NamedNode("http://x/a")]})
    'SELECT ?x WHERE { VALUES ?x { <http://x/a> }\\n ?x ?p ?o }'
    """
    block = values_block(bindings)
    if not block:
        return text
    at = where_brace(text)
    return f"{text[:at]} {block}\n{text[at:]}"
