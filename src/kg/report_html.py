"""The static report site: every report, its chart and its data, readable offline.

``kg report --all --out DIR`` writes ``index.html`` (the four overview charts: initiatives per
sector, the calendar of dates and target deadlines, the network of actors and initiatives, the
coverage of the 12 regions; then the list of reports), one ``<name>.html`` page per report with
its chart and table, and its whole answer as ``<name>.csv`` and ``<name>.json``. Pages are
self-contained: styles are inlined, charts are inline SVG, nothing is fetched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .errors import KGError
from .report_formats import answer_document, csv_chunks
from .report_params import compact
from .report_views import render_view
from .reports import CannedQuery, ReportResult, check_classes, run_report
from .store import QueryEngine

FIGURES = ("initiatives-by-sector", "calendar", "network", "regions")
MAX_HTML_ROWS = 1000


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("kg", "templates"), autoescape=select_autoescape(["html"])
    )


def _styles() -> Markup:
    static = files("kg") / "static"
    css = "\n".join(
        (static / name).read_text(encoding="utf-8") for name in ("kg.css", "report_style.css")
    )
    return Markup(css.replace("</", "<\\/"))


def site_values(query: CannedQuery) -> dict[str, list[str]]:
    """The values a report is shown with: its defaults, or its example when it needs values.

    >>> site_values(CannedQuery("n", "t", "d", "SELECT * WHERE {}", "select",
    ...                         example={"text": ("maroc",)}))
    {}
    """
    return query.example_args() if query.missing({}) else {}


def answer_all(
    engine: QueryEngine, queries: Mapping[str, CannedQuery]
) -> dict[str, tuple[dict[str, list[str]], ReportResult]]:
    """Every report answered with :func:`site_values`, by name.

    Raises :class:`~kg.errors.KGError` naming the report that could not be answered.
    """
    answers = {}
    for name, query in queries.items():
        values = site_values(query)
        try:
            bindings = query.bind(values)
            check_classes(engine, query, bindings)
            answers[name] = (values, run_report(engine, query, bindings))
        except KGError as error:
            raise KGError(f"report {name}: {error.message}", error.status) from error
    return answers


def write_site(
    engine: QueryEngine, queries: Mapping[str, CannedQuery], out: Path, version: str
) -> list[Path]:
    """Write the static site into *out*; the files written.

    Raises :class:`~kg.errors.KGError` (500) when *out* cannot be written, and the errors of
    :func:`answer_all`.
    """
    answers = answer_all(engine, queries)
    env = _environment()
    common = {
        "styles": _styles(),
        "dataset_version": version,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, (values, result) in answers.items():
            written += _write_report(env, out, queries[name], values, result, common)
        figures = [(queries[n], _chart(queries[n], answers[n][1])) for n in FIGURES if n in answers]
        index = env.get_template("report_static_index.html").render(
            queries=list(queries.values()), figures=figures, **common
        )
        written.append(_write(out / "index.html", index))
    except OSError as error:
        raise KGError(f"cannot write the report site in {out}: {error}", 500) from error
    return written


def _chart(query: CannedQuery, result: ReportResult) -> Markup | None:
    svg = render_view(query.view, dict(query.chart), result.columns, result.rows, query.title)
    return Markup(svg) if svg else None


def _write_report(env, out: Path, query, values, result: ReportResult, common) -> list[Path]:
    cells = [[(_text(term), None) for term in row] for row in result.rows[:MAX_HTML_ROWS]]
    page = env.get_template("report_static.html").render(
        query=query,
        values=values,
        result=result,
        cells=cells,
        chart=_chart(query, result),
        cut=len(result.rows) > MAX_HTML_ROWS,
        **common,
    )
    data = answer_document(result, query.title, values, common["dataset_version"])
    return [
        _write(out / f"{query.name}.html", page),
        _write(out / f"{query.name}.csv", "".join(csv_chunks(result.columns, result.rows))),
        _write(out / f"{query.name}.json", json.dumps(data, ensure_ascii=False, indent=1)),
    ]


def _text(term: object) -> str:
    if term is None:
        return ""
    return compact(term.value) if type(term).__name__ == "NamedNode" else term.value


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
