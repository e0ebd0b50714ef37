"""Linked data: every IRI of the dataset answers, for a person and for a machine.

``/id/<slug>`` and ``/doc/<id>`` answer ``303 See Other`` (W3C Cool URIs) to an HTML page
(``/page/<slug>``, ``/page/doc/<id>``) or an RDF document (``/data/<slug>.<ext>``,
``/data/doc/<id>.<ext>``), chosen by ``?format=``, else ``Accept`` (Turtle for ``*/*``).
The ontology answers the same way at ``/ontology`` and at its version IRI; its terms are
hash IRIs, anchors of its page. ``/.well-known/void`` (VoID) and ``/catalog`` (DCAT)
describe the dataset; ``/dumps/`` lists its releases and ``/dumps/latest/<file>``
redirects to the current one. Pages and data describe the public IRIs
(``https://w3id.org/ma-ai/…``): this server answers for them under the same paths.

Register with ``app.register_blueprint(linked.bp, settings=settings)``.
"""

from __future__ import annotations

import difflib

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
)
from pyoxigraph import RdfFormat, parse

from . import describe as core
from . import export, ontology_doc
from .dataset import CATALOG, DATASET, citation, dataset_statistics, dcat_graph, void_graph
from .errors import KGError
from .namespaces import DOC, GRAPH, ID, ONTOLOGY_IRI, is_slug, slugify
from .representation import (
    HTML,
    RDF_FORMATS,
    MissingResource,
    Resource,
    choose_format,
    data_response,
    is_document_id,
    local_path,
    page,
    reader_language,
    see_other,
    settings,
    store,
)
from .store import dataset_version
from .terms import compact, select

bp = Blueprint("linked", __name__)

ONTOLOGY = Resource(ONTOLOGY_IRI, "/ontology.html", "/ontology")
VOID = Resource(str(DATASET), "/.well-known/void.html", "/.well-known/void")
DCAT = Resource(str(CATALOG), "/catalog.html", "/catalog")
_SLUGS = 'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{}")) }}'
_FILE_TYPES = {".gz": "application/gzip", ".json": "application/json"}


@bp.record_once
def _remember_settings(state: object) -> None:
    state.app.extensions["kg.linked"] = state.options.get("settings")


@bp.app_template_global("page_href")
def page_href(iri: str) -> str | None:
    """Where a link to *iri* goes on a page: here for our IRIs, the IRI for web ones."""
    return local_path(iri) or (iri if iri.startswith(("http://", "https://")) else None)


bp.add_app_template_global(compact, "page_compact")


def entity(slug: str) -> Resource:
    """The resource ``/id/<slug>``. Raises :class:`MissingResource` when there is none."""
    # is_slug's pattern ends in "$", which also matches before a final newline.
    if not is_slug(slug) or slug.endswith("\n") or not core.exists(store(), ID[slug]):
        raise MissingResource(f"no resource is named {slug!r} in this dataset", _suggest(slug))
    return Resource(str(ID[slug]), f"/page/{slug}", f"/data/{slug}")


def document(doc_id: str) -> Resource:
    """The source document ``/doc/<id>``. Raises :class:`MissingResource` when there is none."""
    if not is_document_id(doc_id) or not core.exists(store(), DOC[doc_id]):
        raise MissingResource(f"no source document has the id {doc_id!r}")
    return Resource(str(DOC[doc_id]), f"/page/doc/{doc_id}", f"/data/doc/{doc_id}")


def _suggest(text: str) -> list[tuple[str, str]]:
    """(path, slug) of resources whose slug is close to *text*."""
    slugs = [s["s"].value[len(ID) :] for s in select(store(), _SLUGS.format(ID))]
    wanted = slugify(text) or text.lower()
    close = difflib.get_close_matches(wanted, slugs, n=5, cutoff=0.6)
    close += sorted(s for s in slugs if wanted in s and s not in close)[: 5 - len(close)]
    return [(f"/page/{slug}", slug) for slug in close]


def _split(name: str) -> tuple[str, object]:
    """(stem, format) of a data file name; without a known extension, the asked format."""
    stem, _, ext = name.rpartition(".")
    for fmt in RDF_FORMATS:
        if stem and ext == fmt.name:
            return stem, fmt
    return name, choose_format(html=False)


@bp.get("/id/<slug>")
def id_view(slug: str) -> Response:
    return see_other(entity(slug))


@bp.get("/doc/<doc_id>")
def doc_view(doc_id: str) -> Response:
    return see_other(document(doc_id))


@bp.get("/page/<slug>")
def page_view(slug: str) -> Response:
    resource, lang = entity(slug), reader_language()
    description = core.describe(store(), resource.iri, lang)
    return page("page_resource.html", resource, lang, d=description)


@bp.get("/page/doc/<doc_id>")
def page_doc_view(doc_id: str) -> Response:
    resource, lang = document(doc_id), reader_language()
    view = core.describe_document(store(), resource.iri, lang)
    return page("page_document.html", resource, lang, d=view.description, view=view)


@bp.get("/data/<name>")
def data_view(name: str) -> Response:
    slug, fmt = _split(name)
    resource = entity(slug)
    return data_response(resource, fmt, core.resource_quads(store(), resource.iri))


@bp.get("/data/doc/<name>")
def data_doc_view(name: str) -> Response:
    doc_id, fmt = _split(name)
    resource = document(doc_id)
    return data_response(resource, fmt, core.document_quads(store(), resource.iri))


@bp.get("/ontology")
def ontology_view() -> Response:
    return see_other(ONTOLOGY)


@bp.get("/ontology/<version>")
def ontology_version_view(version: str) -> Response:
    held = ontology_doc.document_ontology(store(), reader_language()).version_iri
    if held != f"{ONTOLOGY_IRI}/{version}":
        raise MissingResource(f"this server holds the ontology version {held or 'none'} only")
    return see_other(ONTOLOGY)


@bp.get("/ontology.<ext>")
def ontology_document_view(ext: str) -> Response:
    if ext == HTML.name:
        lang = reader_language()
        doc = ontology_doc.document_ontology(store(), lang)
        return page("page_ontology.html", ONTOLOGY, lang, o=doc)
    fmt = _named_format(ext)
    return data_response(ONTOLOGY, fmt, core.graph_quads(store(), str(GRAPH.ontology)))


def _named_format(ext: str) -> object:
    for fmt in RDF_FORMATS:
        if fmt.name == ext:
            return fmt
    raise MissingResource(
        f"no document ends in .{ext}; available: html, ttl, nt, jsonld, rdf, trig"
    )


# The dataset: VoID, DCAT, releases


@bp.get("/.well-known/void", defaults={"ext": None})
@bp.get("/.well-known/void.<ext>")
def void_view(ext: str | None) -> Response:
    return _description(VOID, ext)


@bp.get("/catalog", defaults={"ext": None})
@bp.get("/catalog.<ext>")
def catalog_view(ext: str | None) -> Response:
    return _description(DCAT, ext)


def _description(resource: Resource, ext: str | None) -> Response:
    """The VoID or DCAT document, from the store's counts and the current release."""
    fmt = choose_format() if ext is None else HTML if ext == HTML.name else _named_format(ext)
    version = dataset_version(settings())
    stats = _statistics(version)
    releases = export.list_releases(settings().dumps_dir)
    release = next((r for r in releases if r.version == version.version), None)
    if fmt is HTML:
        return page(
            "page_dataset.html", resource, reader_language(), stats=stats, release=release,
            releases=releases, citation=citation(version.version),
        )  # fmt: skip
    if resource is VOID:
        graph = void_graph(stats, version, release)
    else:
        first = releases[-1].built_at if releases else ""
        graph = dcat_graph(stats, version, release, issued=first)
    quads = list(parse(graph.serialize(format="nt", encoding="utf-8"), RdfFormat.N_TRIPLES))
    return data_response(resource, fmt, quads)


def _statistics(version: object) -> object:
    """The store's counts, computed once per dataset version in each process."""
    key = (version.version, version.sha256)
    cached = current_app.extensions.get("kg.linked.stats")
    if cached is None or cached[0] != key:
        cached = (key, dataset_statistics(store()))
        current_app.extensions["kg.linked.stats"] = cached
    return cached[1]


@bp.get("/dumps/")
@bp.get("/dumps/<version>/")
def dumps_view(version: str | None = None) -> Response:
    releases = export.list_releases(settings().dumps_dir)
    if version is not None:
        releases = [r for r in releases if r.version == version]
        if not releases:
            raise MissingResource(f"no release {version!r}; see /dumps/")
    if request.accept_mimetypes.best_match([HTML.media_type, "application/json"]) == (
        "application/json"
    ):
        return jsonify([r.metadata for r in releases])
    current = _current_version()
    body = render_template(
        "page_dumps.html",
        releases=releases,
        current=current,
        lang=reader_language(),
        dataset_version=current,
        citation=citation(current or ""),
    )
    return Response(body, content_type=HTML.content_type)


@bp.get("/dumps/latest/", defaults={"name": ""})
@bp.get("/dumps/latest/<name>")
def latest_view(name: str) -> Response:
    release = export.latest_release(settings().dumps_dir, _current_version())
    if release is None:
        raise MissingResource("no release has been exported yet: run `kg export`")
    if name:
        export.release_file(settings().dumps_dir, release.version, name)
    return redirect(f"/dumps/{release.version}/{name}", 302)


@bp.get("/dumps/<version>/<name>")
def dump_file_view(version: str, name: str) -> Response:
    path = export.release_file(settings().dumps_dir, version, name)
    mimetype = _FILE_TYPES.get(path.suffix, "text/plain; charset=utf-8")
    return send_file(path.resolve(), mimetype=mimetype, conditional=True, max_age=3600)


def _current_version() -> str | None:
    try:
        return dataset_version(settings()).version
    except KGError:
        return None


@bp.errorhandler(KGError)
def _error_page(error: KGError) -> tuple[Response, int]:
    """Errors of these pages: a helpful HTML page for browsers, the JSON shape otherwise."""
    best = request.accept_mimetypes.best_match([HTML.media_type, "application/json"])
    if request.accept_mimetypes and best != HTML.media_type:
        return jsonify(error.to_json()), error.status
    body = render_template(
        "page_error.html",
        error=error,
        suggestions=getattr(error, "suggestions", []),
        lang=reader_language(),
        dataset_version=None,
    )
    return Response(body, content_type=HTML.content_type), error.status
