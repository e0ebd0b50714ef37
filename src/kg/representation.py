"""How a resource is answered over HTTP: formats, negotiation, 303s, links, caching.

Each resource has an HTML page and RDF documents in a fixed list of formats, Turtle first
(what ``*/*`` gets). :func:`choose_format` reads ``?format=`` and then ``Accept``;
:func:`see_other` answers a resource IRI with ``303 See Other`` to the chosen document;
:func:`data_response` and :func:`page` answer with ``Vary``, ``Link: rel="alternate"``
headers for every representation, an ``ETag`` from the dataset version and a short
shared cache lifetime.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from flask import Response, current_app, redirect, render_template, request
from pyoxigraph import NamedNode, Quad, RdfFormat, serialize

from .dataset import DATASET, LICENSE, SD, SPDX
from .errors import NotAcceptable, NotFound
from .namespaces import BASE, DOC, ID, MAI, ONTOLOGY_IRI, PREFIXES, is_slug
from .settings import Settings
from .store import StoreHandle, dataset_version
from .terms import LANGUAGES

_FOAF = "http://xmlns.com/foaf/0.1/"
PREFIX_MAP = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()} | {
    "foaf": _FOAF,
    "sd": str(SD),
    "spdx": str(SPDX),
}


@dataclass(frozen=True)
class DocFormat:
    """One representation: extension, media type, RDF serialiser (none: HTML), other names.

    ``quads`` formats keep each statement's named graph; the others hold distinct triples.
    """

    name: str
    media_type: str
    rdf: RdfFormat | None = None
    aliases: tuple[str, ...] = ()
    quads: bool = False

    @property
    def content_type(self) -> str:
        """``Content-Type`` header value (text types say they are UTF-8)."""
        text = self.media_type.startswith("text/")
        return f"{self.media_type}; charset=utf-8" if text else self.media_type

    def matches(self, wanted: str) -> bool:
        """True when *wanted* is this format's name, media type or one of its aliases."""
        wanted = wanted.split(";")[0].strip().lower()
        return wanted in (self.name, self.media_type, *self.aliases)


HTML = DocFormat("html", "text/html", None, ("application/xhtml+xml",))
RDF_FORMATS = (
    DocFormat("ttl", "text/turtle", RdfFormat.TURTLE, ("turtle", "application/x-turtle")),
    DocFormat("nt", "application/n-triples", RdfFormat.N_TRIPLES, ("ntriples", "n-triples")),
    DocFormat("jsonld", "application/ld+json", RdfFormat.JSON_LD,
              ("json-ld", "json", "application/json")),
    DocFormat("rdf", "application/rdf+xml", RdfFormat.RDF_XML,
              ("xml", "rdfxml", "owl", "application/xml")),
    DocFormat("trig", "application/trig", RdfFormat.TRIG, quads=True),
)  # fmt: skip
# Turtle first: it is what */* (curl, most RDF clients) gets.
OFFERED = (RDF_FORMATS[0], HTML, *RDF_FORMATS[1:])


@dataclass(frozen=True)
class Resource:
    """A dereferenceable resource: its public IRI, its page and the stem of its data URLs."""

    iri: str
    page: str
    data: str

    def formats(self) -> list[tuple[DocFormat, str]]:
        """Each RDF representation and its path."""
        return [(f, f"{self.data}.{f.name}") for f in RDF_FORMATS]


class MissingResource(NotFound):
    """No such resource; *suggestions* are (path, name) of resources with a close name."""

    def __init__(self, message: str, suggestions: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []


def settings() -> Settings:
    """The settings the linked-data blueprint was registered with."""
    return current_app.extensions.get("kg.linked") or Settings()


def store() -> object:
    """The current store. Raises :class:`~kg.errors.Unavailable` when none is built."""
    handle: StoreHandle = current_app.extensions["kg.store"]
    return handle.get()


def local_path(iri: str) -> str | None:
    """The path on this server that answers for the public *iri*, ``None`` if not ours.

    >>> local_path("https://w3id.org/ma-ai/id/ocp"), local_path(ONTOLOGY_IRI + "#Actor")
    ('/page/ocp', '/ontology.html#Actor')
    >>> local_path(DOC + "d1#ev-1"), local_path("http://www.wikidata.org/entity/Q1")
    ('/page/doc/d1#ev-1', None)
    """
    if iri.startswith(str(ID)) and is_slug(iri[len(ID) :]):
        return f"/page/{iri[len(ID) :]}"
    if iri.startswith(str(DOC)):
        doc_id, hash_, fragment = iri[len(DOC) :].partition("#")
        return f"/page/doc/{doc_id}{hash_}{fragment}" if is_document_id(doc_id) else None
    if iri.startswith(str(MAI)):
        return f"/ontology.html#{iri[len(MAI) :]}"
    if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "/"):
        return "/ontology.html"
    return None


def is_document_id(text: str) -> bool:
    """True for a document id (letters, digits, ``_ . -``; no ``..``; 200 characters at most).

    >>> [is_document_id(t) for t in ("000_0f6c", "a.b", "..", "a/b", "a..b", "")]
    [True, True, False, False, False, False]
    """
    allowed = all(c.isascii() and (c.isalnum() or c in "_.-") for c in text)
    return 0 < len(text) <= 200 and text[0].isalnum() and allowed and ".." not in text


def choose_format(html: bool = True) -> DocFormat:
    """The representation asked by ``?format=``, else by ``Accept``; Turtle by default.

    Raises :class:`~kg.errors.NotAcceptable` (406) naming what is available.
    """
    choices = OFFERED if html else RDF_FORMATS
    wanted = request.args.get("format")
    if not wanted and not request.accept_mimetypes:
        return choices[0]
    if not wanted:
        offered = [m for f in choices for m in (f.media_type, *f.aliases) if "/" in m]
        wanted = request.accept_mimetypes.best_match(offered)
    for fmt in choices:
        if wanted and fmt.matches(wanted):
            return fmt
    available = ", ".join(f"{f.name} ({f.media_type})" for f in choices)
    raise NotAcceptable(f"no representation fits the request; available: {available}")


def reader_language() -> str:
    """``?lang=`` when it is fr, en or ar, else the best of ``Accept-Language``, else fr."""
    wanted = request.args.get("lang", "").strip().lower()
    if wanted in LANGUAGES:
        return wanted
    return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


def see_other(resource: Resource) -> Response:
    """303 to the page or the data document the request asks for.

    Raises :class:`~kg.errors.NotAcceptable` (406) when no representation fits.
    """
    fmt = choose_format()
    if fmt is HTML:
        lang = request.args.get("lang")
        target = resource.page + (f"?lang={lang}" if lang in LANGUAGES else "")
    else:
        target = f"{resource.data}.{fmt.name}"
    return annotate(redirect(target, 303), resource)


def annotate(response: Response, resource: Resource) -> Response:
    """``Vary: Accept`` and a ``Link: rel="alternate"`` for each representation."""
    response.vary.add("Accept")
    links = [f'<{resource.page}>; rel="alternate"; type="text/html"']
    links += [f'<{path}>; rel="alternate"; type="{f.media_type}"' for f, path in resource.formats()]
    response.headers["Link"] = ", ".join(links)
    return response


def rdf_body(fmt: DocFormat, quads: Iterable[Quad]) -> bytes:
    """*quads* in *fmt*: as quads for dataset formats, else as sorted distinct triples."""
    if fmt.quads:
        return serialize(sorted(set(quads), key=str), format=fmt.rdf, prefixes=PREFIX_MAP)
    triples = sorted({q.triple for q in quads}, key=str)
    return serialize(triples, format=fmt.rdf, prefixes=PREFIX_MAP)


def data_response(resource: Resource, fmt: DocFormat, quads: list[Quad]) -> Response:
    """The RDF document of *resource* in *fmt*, saying what it is about and its licence."""
    doc = NamedNode(f"{BASE}{resource.data.lstrip('/')}.{fmt.name}")
    about = [
        Quad(doc, NamedNode(_FOAF + "primaryTopic"), NamedNode(resource.iri)),
        Quad(doc, NamedNode(PREFIX_MAP["dcterms"] + "license"), NamedNode(LICENSE)),
        Quad(doc, NamedNode(PREFIX_MAP["void"] + "inDataset"), NamedNode(str(DATASET))),
    ]
    response = Response(rdf_body(fmt, quads + about), content_type=fmt.content_type)
    response.headers["Content-Location"] = f"{resource.data}.{fmt.name}"
    return cached(annotate(response, resource))


def cached(response: Response) -> Response:
    """``ETag`` from the dataset version and the request; shared caches keep it 5 minutes."""
    version = dataset_version(settings())
    key = "|".join(
        [version.version, version.sha256, request.full_path]
        + [request.headers.get(name, "") for name in ("Accept", "Accept-Language")]
    )
    response.set_etag(hashlib.sha256(key.encode()).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response.make_conditional(request)


def page(template: str, resource: Resource, lang: str, **context: object) -> Response:
    """The HTML page of *resource*, with links to its other representations."""
    body = render_template(
        template,
        resource=resource,
        formats=resource.formats(),
        lang=lang,
        dataset_version=dataset_version(settings()).version,
        **context,
    )
    response = Response(body, content_type=HTML.content_type)
    response.vary.add("Accept-Language")
    return cached(annotate(response, resource))
