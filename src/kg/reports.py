"""Canned report queries: one ``queries/<name>.rq`` file per report, loaded, bound and run.

A report file is plain SPARQL (SELECT or CONSTRUCT) whose leading ``#+`` comment lines hold
YAML front-matter, so the file stays valid SPARQL (the format of ``queries/README.md``)::

    #+ title: Initiatives of an actor
    #+ description: Which initiatives does a given actor lead or join?
    #+ params:
    #+   actor: {type: iri, class: mai:Actor, default: id:ocp, choices: class}
    #+ view: table
    SELECT ?initiative WHERE { ?actor mai:leads ?initiative }

Values are checked by :mod:`kg.report_params` and bound as RDF terms in a ``VALUES`` block.
Queries run on the union of all graphs. :class:`~kg.report_cache.ReportService` adds the cache.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import yaml
from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, QueryTriples, Store

from .errors import BadRequest, InputFileError, KGError, NotFound
from .querycheck import check_query
from .report_params import Parameter, as_strings, bind_text, compact, read_parameter
from .store import QueryEngine

VIEWS = ("table", "bar", "timeline", "graph", "map")
CHART_ROLES = {
    "table": set(),
    "bar": {"label", "value", "link"},
    "timeline": {"date", "label", "group", "link"},
    "graph": {"source", "target", "source_label", "target_label", "edge"},
    "map": {"region", "value", "label"},
}
TRIPLE_COLUMNS = ("subject", "predicate", "object")
DEFAULT_PAGE_SIZE = 50
_KEYS = {"title", "description", "params", "view", "chart", "pagination", "example"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")

Term = NamedNode | Literal | BlankNode
Bindings = dict[str, tuple[Term, ...]]


@dataclass(frozen=True)
class CannedQuery:
    """One report: its front-matter and its SPARQL text (``kind`` is select or construct)."""

    name: str
    title: str
    description: str
    text: str
    kind: str
    params: tuple[Parameter, ...] = ()
    view: str = "table"
    chart: Mapping[str, str] = field(default_factory=dict)
    page_size: int = DEFAULT_PAGE_SIZE
    example: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def bind(self, raw: Mapping[str, Sequence[str]]) -> Bindings:
        """Typed terms of the *raw* text values, defaults filled in.

        Raises :class:`~kg.errors.BadRequest` for an unknown parameter name or a value that
        its parameter does not accept (the message names the parameter and what it accepts).
        """
        names = {param.name for param in self.params}
        unknown = sorted(set(raw) - names)
        if unknown:
            takes = ", ".join(sorted(names)) or "no parameters"
            raise BadRequest(f"unknown parameter '{unknown[0]}': report {self.name} takes {takes}")
        return {param.name: param.parse(raw.get(param.name, ())) for param in self.params}

    def missing(self, raw: Mapping[str, Sequence[str]]) -> list[Parameter]:
        """Required parameters *raw* gives no value for (a form shows them instead of running)."""
        return [
            p for p in self.params if p.required and not any(v.strip() for v in raw.get(p.name, ()))
        ]

    def example_args(self) -> dict[str, list[str]]:
        """The example's values, as a request would give them."""
        return {name: list(values) for name, values in self.example.items()}


@dataclass(frozen=True)
class ReportResult:
    """A report's answer: columns and rows of RDF terms (``None`` for unbound), when computed."""

    name: str
    kind: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    generated_at: str
    seconds: float


def read_front_matter(text: str) -> dict:
    """The YAML of the leading ``#+`` lines of *text*.

    Raises :class:`ValueError` when the YAML is not a mapping or does not parse.

    >>> read_front_matter("#+ title: Risks\\n#+ view: table\\nSELECT * WHERE {}")
    {'title': 'Risks', 'view': 'table'}
    """
    lines = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        lines.append(line[3:] if line.startswith("#+ ") else line[2:])
    try:
        data = yaml.safe_load("\n".join(lines)) if lines else {}
    except yaml.YAMLError as error:
        raise ValueError(f"front-matter is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ValueError("front-matter must be '#+ key: value' lines")
    return data


def read_query(path: Path) -> CannedQuery:
    """The report of the ``.rq`` file *path*, checked: front-matter, parameters, SPARQL.

    Raises :class:`~kg.errors.InputFileError` naming the file.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputFileError(path, None, f"cannot read the report: {error}") from None
    try:
        return _build(path.stem, read_front_matter(text), text)
    except (ValueError, TypeError, AttributeError) as error:
        raise InputFileError(path, None, str(error)) from None
    except KGError as error:
        raise InputFileError(path, None, error.message) from None


def _build(name: str, meta: dict, text: str) -> CannedQuery:
    if not _NAME.match(name):
        raise ValueError("a report's file name is lower-case letters, digits and '-', then .rq")
    unknown = set(meta) - _KEYS
    if unknown:
        raise ValueError(f"unknown front-matter keys {sorted(unknown)}; known: {sorted(_KEYS)}")
    for key in ("title", "description"):
        if not str(meta.get(key) or "").strip():
            raise ValueError(f"front-matter needs a '{key}'")
    params = tuple(read_parameter(n, s or {}) for n, s in (meta.get("params") or {}).items())
    view = meta.get("view", "table")
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}")
    chart = {str(k): str(v) for k, v in (meta.get("chart") or {}).items()}
    if set(chart) - CHART_ROLES[view]:
        raise ValueError(f"chart roles of a {view} view: {sorted(CHART_ROLES[view])}")
    example = {str(k): as_strings(v) for k, v in (meta.get("example") or {}).items()}
    query = CannedQuery(
        name=name,
        title=str(meta["title"]).strip(),
        description=" ".join(str(meta["description"]).split()),
        text=text,
        kind="select",
        params=params,
        view=view,
        chart=chart,
        page_size=int(meta.get("pagination", DEFAULT_PAGE_SIZE)),
        example=example,
    )
    query.bind(query.example_args())  # an example must be valid
    return _with_kind(query)


def _with_kind(query: CannedQuery) -> CannedQuery:
    """*query* with its kind, found by running it, every parameter bound, on an empty store.

    Raises :class:`ValueError` for a syntax error, an ASK or DESCRIBE, and
    :class:`~kg.errors.BadRequest` for an update or ``SERVICE``.
    """
    check_query(query.text)
    # An empty in-memory store: only the parser and the result's kind are wanted here.
    probe = {
        p.name: (NamedNode("urn:x:probe") if p.type == "iri" else Literal("1"),)
        for p in query.params
    }
    try:
        result = Store().query(bind_text(query.text, probe))
    except SyntaxError as error:
        raise ValueError(f"SPARQL syntax error: {error}") from None
    if isinstance(result, QuerySolutions):
        return query
    if isinstance(result, QueryTriples):
        return replace(query, kind="construct")
    raise ValueError("a report is a SELECT or a CONSTRUCT query")


def load_queries(folder: Path) -> dict[str, CannedQuery]:
    """Every ``*.rq`` report of *folder*, by name (the file name without ``.rq``), sorted.

    Raises :class:`~kg.errors.InputFileError` for the first file that is not a valid report,
    and :class:`~kg.errors.KGError` (500) when the folder does not exist.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise KGError(f"no report folder {folder}", 500)
    return {path.stem: read_query(path) for path in sorted(folder.glob("*.rq"))}


def find_query(queries: Mapping[str, CannedQuery], name: str) -> CannedQuery:
    """The report called *name*.

    Raises :class:`~kg.errors.NotFound` listing the reports there are.
    """
    try:
        return queries[name]
    except KeyError:
        raise NotFound(f"no report {name!r}; reports: {', '.join(queries)}") from None


def check_classes(engine: QueryEngine, query: CannedQuery, bindings: Bindings) -> None:
    """Check that every ``iri`` value with a class belongs to it in the graph.

    Raises :class:`~kg.errors.BadRequest` naming the parameter, the value and the class.
    """
    for param in query.params:
        values = bindings.get(param.name, ())
        if param.type != "iri" or not param.cls or not values:
            continue
        text = bind_text(
            "SELECT ?value WHERE { FILTER NOT EXISTS { ?value a ?class } }",
            {"value": values, "class": (NamedNode(param.cls),)},
        )
        for solution in _evaluate(engine, text):
            raise BadRequest(
                f"parameter '{param.name}': <{solution[0].value}> is not a "
                f"{compact(param.cls)} of the graph; give {param.accepts()}"
            )


def iter_rows(
    engine: QueryEngine, query: CannedQuery, bindings: Bindings
) -> tuple[tuple[str, ...], Iterator[tuple[Term | None, ...]]]:
    """The columns of *query* bound with *bindings*, and an iterator over its rows.

    CONSTRUCT reports give one row per triple (subject, predicate, object).
    Raises :class:`~kg.errors.KGError` (500) when the report cannot run.
    """
    result = _evaluate(engine, bind_text(query.text, bindings))
    if isinstance(result, QueryTriples):
        return TRIPLE_COLUMNS, (tuple(triple) for triple in result)
    return tuple(v.value for v in result.variables), (tuple(s) for s in result)


def run_report(engine: QueryEngine, query: CannedQuery, bindings: Bindings) -> ReportResult:
    """The whole answer of *query* with *bindings*, timed.

    Raises :class:`~kg.errors.KGError` (500) when the report cannot run.
    """
    started = time.perf_counter()
    columns, rows = iter_rows(engine, query, bindings)
    try:
        materialised = tuple(rows)
    except OSError as error:
        raise KGError(f"report {query.name}: the store could not be read: {error}", 500) from error
    return ReportResult(
        name=query.name,
        kind=query.kind,
        columns=columns,
        rows=materialised,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        seconds=time.perf_counter() - started,
    )


def choice_list(engine: QueryEngine, param: Parameter, lang: str = "fr") -> list[tuple[str, str]]:
    """(value, label) pairs a form offers for *param*: its list, or from the graph.

    Raises :class:`~kg.errors.KGError` (500) when the choices query cannot run.
    """
    if isinstance(param.choices, tuple):
        return [(value, value) for value in param.choices]
    if not param.choices:
        return []
    text = _INSTANCES if param.choices == "class" else param.choices
    bindings = {"lang": (Literal(lang),)}
    if param.choices == "class":
        bindings["class"] = (NamedNode(param.cls),)
    rows = _evaluate(engine, bind_text(text, bindings))
    return [
        (row[0].value, row[1].value if len(row) > 1 and row[1] else row[0].value) for row in rows
    ]


_INSTANCES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?value (SAMPLE(?name) AS ?label) WHERE {
  ?value a ?class .
  OPTIONAL { ?value rdfs:label ?wanted FILTER(LANGMATCHES(LANG(?wanted), ?lang)) }
  OPTIONAL { ?value rdfs:label ?french FILTER(LANGMATCHES(LANG(?french), "fr")) }
  BIND(COALESCE(?wanted, ?french, STR(?value)) AS ?name)
} GROUP BY ?value ORDER BY LCASE(STR(?label)) LIMIT 2000"""


def _evaluate(engine: QueryEngine, text: str):
    try:
        return engine.query(text, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise KGError(f"a report query does not parse: {error}", 500) from None
    except OSError as error:
        raise KGError(f"the store could not be read: {error}", 500) from error


def answer_report(
    engine: QueryEngine,
    queries: Mapping[str, CannedQuery],
    name: str,
    raw: Mapping[str, Sequence[str]],
) -> tuple[CannedQuery, Bindings, ReportResult]:
    """The report *name* answered with the *raw* text values (no cache: one-off use).

    Raises :class:`~kg.errors.NotFound` for an unknown report, :class:`~kg.errors.BadRequest`
    for a value its parameter does not accept, :class:`~kg.errors.KGError` when it cannot run.
    """
    query = find_query(queries, name)
    bindings = query.bind(raw)
    check_classes(engine, query, bindings)
    return query, bindings, run_report(engine, query, bindings)
