"""Report pages and the report API: ``/queries``, ``/queries/<name>[.json|.csv|.tsv|.ttl|.svg]``,
``/openapi.json`` and its docs page ``/openapi``.

Views are thin: they split the query string into report parameters and control parameters
(``_page``, ``_size``, ``format``), ask :class:`~kg.report_cache.ReportService` for the answer
under the SPARQL endpoint's deadline, and format it. Answers carry the report name, the dataset
version and when they were computed (JSON fields, ``KG-*`` headers), a weak ``ETag`` derived from
the dataset version and the bound values (so a ``304`` costs no query), and ``Link`` headers
between pages. CSV and TSV without paging parameters stream the whole answer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from math import ceil

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from markupsafe import Markup

from . import report_formats
from .errors import BadRequest, KGError, NotAcceptable
from .protocol import form_values
from .report_api import MAX_PAGE_SIZE, formats_of, openapi
from .report_cache import ReportService, answer_key
from .report_params import LANGUAGES, compact
from .report_views import render_view
from .reports import (
    Bindings,
    CannedQuery,
    ReportResult,
    find_query,
    load_queries,
)
from .settings import Settings, load_settings

blueprint = Blueprint("reports", __name__)
CONTROL = ("_page", "_size", "format")
LANGUAGE_NAMES = {"fr": "français", "en": "English", "ar": "العربية"}
_EXTENSIONS = ("json", "csv", "tsv", "ttl", "svg")


@blueprint.record_once
def _setup(state) -> None:
    settings = state.options.get("settings") or load_settings()
    state.app.extensions["kg.reports"] = _Reports(settings)


class _Reports:
    """The report service of one app, loaded from the report folder on first use."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._lock = threading.Lock()
        self._service: ReportService | None = None

    def service(self) -> ReportService:
        """The service; raises :class:`~kg.errors.KGError` when a report file is invalid."""
        with self._lock:
            if self._service is None:
                self._service = ReportService(load_queries(self.settings.queries_dir))
            return self._service


def _reports() -> _Reports:
    return current_app.extensions["kg.reports"]


def _snapshot():
    return current_app.extensions["kg.store"].snapshot()


def _run(call):
    """*call* under the SPARQL endpoint's deadline (503 past it), or directly without one."""
    endpoint = current_app.extensions.get("kg.endpoint")
    if endpoint is None:
        return call()
    return endpoint.deadlines.run(call, timeout=_reports().settings.query_timeout)


def _answer(query: CannedQuery, bindings: Bindings) -> tuple[ReportResult, str]:
    service = _reports().service()
    store, version = _snapshot()
    service.warm_in_background(store, version.version)
    result = _run(lambda: service.answer(store, version.version, query, bindings))
    return result, version.version


def _report_args() -> dict[str, list[str]]:
    """The report parameters of the query string (values decoded as UTF-8, never replaced).

    Raises :class:`~kg.errors.BadRequest` when the query string is not UTF-8.
    """
    values = form_values(request.query_string, "the query string")
    return {k: v for k, v in values.items() if k not in CONTROL}


@blueprint.route("/queries.json")
def index_json() -> Response:
    """Every report, its question, parameters and links, as JSON."""
    return jsonify({"reports": [_summary(q) for q in _reports().service().queries.values()]})


@blueprint.route("/queries")
def index() -> Response | str:
    """Every report: HTML for browsers, JSON for ``Accept: application/json``."""
    service = _reports().service()
    wanted = request.args.get("format") or _accepted(("text/html", "application/json"))
    if wanted in ("json", "application/json"):
        return index_json()
    _, version = _snapshot()
    return render_template(
        "report_index.html",
        queries=list(service.queries.values()),
        dataset_version=version.version,
        lang="en",
    )


def _summary(query: CannedQuery) -> dict:
    links = {"html": url_for(".report", name=query.name, _external=False)}
    links.update({f: url_for(".report_data", name=query.name, ext=f) for f in formats_of(query)})
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "kind": query.kind,
        "view": query.view,
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "multiple": p.multiple,
                "default": list(p.default),
                "accepts": p.accepts(),
                "description": p.description,
            }
            for p in query.params
        ],
        "example": query.example_args(),
        "links": links,
    }


def _accepted(offered: tuple[str, ...]) -> str:
    return request.accept_mimetypes.best_match(offered) or offered[0]


@blueprint.route("/queries/<name>")
def report(name: str) -> Response | tuple[str, int]:
    """The report page (or its data when ``format`` or ``Accept`` asks for it)."""
    wanted = request.args.get("format")
    if wanted is None:
        media = _accepted(("text/html", "application/json", "text/csv"))
        wanted = {"application/json": "json", "text/csv": "csv"}.get(media, "html")
    if wanted != "html":
        return report_data(name, wanted)
    return _page(find_query(_reports().service().queries, name))


@blueprint.route("/queries/<name>.<ext>")
def report_data(name: str, ext: str) -> Response:
    """The report's answer as JSON, CSV, TSV, Turtle (CONSTRUCT reports) or its SVG chart.

    Raises :class:`~kg.errors.NotAcceptable` (406) for another format.
    """
    query, bindings = _reports().service().prepare(name, _report_args())
    if ext not in _EXTENSIONS or (ext == "ttl" and query.kind != "construct"):
        raise NotAcceptable(f"report {name} is served as: {', '.join(formats_of(query))}, svg")
    paged = ext == "json" or "_page" in request.args or "_size" in request.args
    page, size = _paging(query) if paged else (1, 0)
    _, version = _snapshot()
    value = f"{answer_key(query.name, bindings)}-{version.sha256[:16] or version.version}"
    tag = f'W/"{value}-{ext}-{page}-{size}"'
    if request.if_none_match.contains_weak(f"{value}-{ext}-{page}-{size}"):
        return Response(status=304, headers={"ETag": tag})
    if ext in ("csv", "tsv") and not paged:
        return _stream(query, bindings, ext, tag)
    result, version_name = _answer(query, bindings)
    response = _format(query, bindings, result, version_name, ext, (page, size))
    response.headers.update(_meta_headers(query, version_name, result.generated_at, tag))
    if paged:
        response.headers["Link"] = _links(query, page, size, len(result.rows), ext)
    return response


def _paging(query: CannedQuery) -> tuple[int, int]:
    """(page, size) from ``_page`` and ``_size``; raises :class:`BadRequest` when invalid."""
    try:
        page = int(request.args.get("_page", 1))
        size = int(request.args.get("_size", query.page_size))
    except ValueError:
        raise BadRequest("_page and _size are whole numbers") from None
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise BadRequest(f"_page starts at 1 and _size is from 1 to {MAX_PAGE_SIZE}")
    return page, size


def _format(query, bindings, result: ReportResult, version: str, ext: str, paging) -> Response:
    page, size = paging
    rows = result.rows[(page - 1) * size : page * size] if size else result.rows
    if ext == "json":
        return jsonify(_json_page(query, bindings, result, version, rows, paging))
    if ext == "svg":
        svg = _chart(query, bindings, result, version)
        if svg is None:
            raise NotAcceptable(f"report {query.name} has no chart (its view is a table)")
        return Response(svg, content_type="image/svg+xml; charset=utf-8")
    if ext == "ttl":
        return Response(report_formats.turtle(rows), content_type=report_formats.MEDIA_TYPES[ext])
    chunks = (report_formats.csv_chunks if ext == "csv" else report_formats.tsv_chunks)(
        result.columns, rows
    )
    return Response("".join(chunks), content_type=report_formats.MEDIA_TYPES[ext])


def _json_page(query, bindings, result: ReportResult, version: str, rows, paging) -> dict:
    page, size = paging
    values = {name: [term.value for term in terms] for name, terms in bindings.items()}
    document = report_formats.answer_document(result, query.title, values, version, rows)
    document.update(
        page=page,
        per_page=size,
        total=len(result.rows),
        links=_page_links(query, page, size, len(result.rows), ext="json"),
    )
    return document


def _stream(query: CannedQuery, bindings: Bindings, ext: str, tag: str) -> Response:
    """The whole answer, written out row by row.

    The answer is computed (or found kept) under the deadline first: pyoxigraph's results can
    only be read in the thread that started the query, and a 200 must not begin before the
    answer is known to be whole.
    """
    result, version = _answer(query, bindings)
    writer = report_formats.csv_chunks if ext == "csv" else report_formats.tsv_chunks
    response = Response(
        _encoded(writer(result.columns, result.rows)),
        content_type=report_formats.MEDIA_TYPES[ext],
    )
    response.headers.update(_meta_headers(query, version, result.generated_at, tag))
    filename = f"{query.name}-{version}.{ext}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _encoded(chunks: Iterator[str]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.encode("utf-8")


def _meta_headers(query: CannedQuery, version: str, generated: str, tag: str) -> dict:
    headers = {
        "ETag": tag,
        "Cache-Control": "public, no-cache",
        "KG-Report": query.name,
        "KG-Dataset-Version": version,
    }
    if generated:
        headers["KG-Generated-At"] = generated
    return headers


def _page_links(query: CannedQuery, page: int, size: int, total: int, ext: str = "") -> dict:
    """URLs of the first, previous, next and last pages (those that exist and are not *page*)
    of the data in *ext*, or of the HTML page."""
    last = max(1, ceil(total / size))
    wanted = {"first": 1, "prev": page - 1, "next": page + 1, "last": last}
    args = {k: request.args.getlist(k) for k in request.args if k not in ("_page", "_size")}
    target = {"endpoint": ".report_data", "ext": ext} if ext else {"endpoint": ".report"}
    return {
        rel: url_for(**target, name=query.name, _page=number, _size=size, **args)
        for rel, number in wanted.items()
        if 1 <= number <= last and number != page
    }


def _links(query: CannedQuery, page: int, size: int, total: int, ext: str) -> str:
    urls = _page_links(query, page, size, total, ext)
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in urls.items())


def _chart(
    query: CannedQuery, bindings: Bindings, result: ReportResult, version: str
) -> str | None:
    """The SVG of the answer's view (``None`` for a table), drawn once and kept beside it."""
    if query.view == "table":
        return None
    cache, key = _reports().service().cache, "svg\x1d" + answer_key(query.name, bindings)
    svg = cache.get(version, key)
    if svg is None:
        svg = render_view(
            query.view, dict(query.chart), result.columns, result.rows, query.title, _entity_link
        )
        cache.put(version, key, svg)
    return svg


def _entity_link(iri: str) -> str | None:
    """The page listing every fact about *iri*, when the graph's own reports can show it."""
    queries = _reports().service().queries
    if iri.startswith("https://w3id.org/ma-ai/doc/") and "document-facts" in queries:
        return url_for(".report", name="document-facts", document=iri)
    if iri.startswith("https://w3id.org/ma-ai/id/") and "entity-facts" in queries:
        return url_for(".report", name="entity-facts", entity=iri)
    return None


def _page(query: CannedQuery) -> tuple[str, int]:
    """The HTML page: the form, then (when every required value is given) view and table."""
    service = _reports().service()
    raw = _report_args()
    store, version = _snapshot()
    lang = (raw.get("lang") or [LANGUAGES[0]])[0]
    lang = lang if lang in LANGUAGES else LANGUAGES[0]
    choices = _run(lambda: service.choices(store, version.version, query, lang))
    context = {
        "query": query,
        "raw": raw,
        "choices": choices,
        "selected": _selected(query, raw),
        "dataset_version": version.version,
        "lang": "en",
        "language_names": LANGUAGE_NAMES,
        "missing": query.missing(raw),
        "error": None,
        "result": None,
    }
    status = 200
    if not context["missing"]:
        try:
            bindings = query.bind(raw)
            result, version_name = _answer(query, bindings)
            context.update(_results(query, bindings, result, version_name))
        except BadRequest as error:
            context["error"], status = error.message, 400
    return render_template("report_page.html", **context), status


def _selected(query: CannedQuery, raw: dict[str, list[str]]) -> dict[str, set[str]]:
    """The values each drop-down shows as chosen: given ones as the form lists them."""
    selected = {}
    for param in query.params:
        try:
            selected[param.name] = {term.value for term in param.parse(raw.get(param.name, []))}
        except BadRequest:
            selected[param.name] = set(raw.get(param.name, []))
    return selected


def _results(query: CannedQuery, bindings: Bindings, result: ReportResult, version: str) -> dict:
    page, size = _paging(query)
    rows = result.rows[(page - 1) * size : page * size]
    svg = _chart(query, bindings, result, version)
    return {
        "result": result,
        "chart": Markup(svg) if svg else None,
        "cells": [[_cell(term) for term in row] for row in rows],
        "page": page,
        "pages": _page_links(query, page, size, len(result.rows)),
        "downloads": {
            f: url_for(".report_data", name=query.name, ext=f, **_report_args())
            for f in (*formats_of(query), *(("svg",) if svg else ()))
        },
        "first_row": (page - 1) * size + 1,
    }


def _cell(term) -> tuple[str, str | None]:
    if term is None:
        return "", None
    if type(term).__name__ == "NamedNode":
        return compact(term.value), _entity_link(term.value)
    return term.value, None


@blueprint.route("/openapi.json")
def openapi_json() -> Response:
    """The OpenAPI 3 document of every report."""
    return jsonify(openapi(_reports().service().queries, _version_or_none()))


@blueprint.route("/openapi")
def openapi_page() -> str:
    """Human-readable documentation of the report API, from the OpenAPI document."""
    version = _version_or_none()
    document = openapi(_reports().service().queries, version)
    return render_template("report_docs.html", api=document, dataset_version=version, lang="en")


def _version_or_none() -> str:
    """The served dataset version, or "" when no store is built yet (the API still exists)."""
    try:
        return _snapshot()[1].version
    except KGError:
        return ""
