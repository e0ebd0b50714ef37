"""Extraction: facts, with their evidence, from French documents.

``Extractor(catalogue).extract(read_document(path))`` returns an :class:`Extraction`: the facts
(each with the document, span, quote, rule and confidence of its evidence), the entities the
document names that the catalogue does not know, and every mention.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..documents import Document, Paragraph, paragraphs
from ..errors import InputFileError
from ..facts import Fact, Mention, NewEntity
from .context import Context
from .factsheet import field_of
from .headings import heading_name, headline_place
from .interview import find_speaker, settle_speaker
from .mentions import Ref, catalogue_refs, content_words, named_again, nested_refs
from .names import find_names, mint_names, ner_names
from .nlp import install_ruler, load_model, nested_matcher, nested_names, normalise
from .paragraph import read_paragraph
from .structure import section_kind

__all__ = ["Extraction", "Extractor"]


@dataclass
class Extraction:
    """What one document yields: facts with evidence, new entities, mentions, warnings."""

    document: Document
    facts: list[Fact] = field(default_factory=list)
    new_entities: dict[str, NewEntity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Extractor:
    """Reads documents against one entity catalogue; the spaCy model is shared per process."""

    def __init__(self, catalogue):
        self.catalogue = catalogue
        self.nlp = load_model()
        self.classes = {e.slug: e.cls for e in catalogue.values()}
        self.tops = {e.slug: e.top for e in catalogue.values()}
        self.labels = {e.slug: e.labels["fr"] for e in catalogue.values()}
        forms = [(text, slug, self.tops[slug]) for text, slug in catalogue.surface_forms()]
        self._forms = forms
        nestable = [(t, s) for t, s, top in forms if top in ("Place", "Sector")]
        self.nested = nested_matcher(self.nlp, nestable)
        self.words = {}
        for text, slug, _ in forms:
            self.words.setdefault(slug, []).append(content_words(text))
        self._installed = False

    def _install(self) -> None:
        if getattr(self.nlp, "_kg_ruler_owner", None) is not self:
            install_ruler(self.nlp, self._forms)
            self.nlp._kg_ruler_owner = self

    def extract(self, document: Document) -> Extraction:
        """Facts, new entities and mentions of *document* (odd text gives fewer facts).

        Raises :class:`InputFileError` naming the file and the line of the paragraph on which
        a rule failed.
        """
        self._install()
        ctx = Context(
            document,
            dict(self.classes),
            dict(self.tops),
            dict(self.labels),
            catalogue_words=self.words,
        )
        paras = paragraphs(document)
        texts = [normalise(document.text[p.start : p.end]) for p in paras]
        docs = list(self.nlp.pipe(texts))
        all_refs = []
        for para, doc in zip(paras, docs, strict=True):
            with _reading(document, para):
                all_refs.append(self._refs(ctx, para, doc))
        for para, doc, refs in zip(paras, docs, all_refs, strict=True):
            if para.kind != "header":
                refs.extend(named_again(ctx, doc.text, para.start, refs))
                refs.sort(key=lambda r: (r.start, -r.end))
        find_speaker(ctx, paras, all_refs)
        section = None
        for para, doc, refs in zip(paras, docs, all_refs, strict=True):
            if para.kind == "header":
                section, ctx.field = section_kind(doc.text), field_of(doc.text)
                ctx.fields += ctx.field is not None and ctx.field[0] != "project"
                ctx.list_focus = ctx.list_section = None
                ctx.heading = next((r for r in refs if r.top == "Initiative"), None)
                ctx.headline = headline_place(doc.text, refs, para.start)
                continue
            with _reading(document, para):
                read_paragraph(ctx, para, doc, refs, section)
        settle_speaker(ctx)
        result = Extraction(document, ctx.facts, ctx.new_entities, ctx.mentions)
        if not ctx.mentions:
            result.warnings.append(f"{document.path}: names nothing the catalogue knows")
        return result

    def _refs(self, ctx: Context, para, doc) -> list[Ref]:
        refs = catalogue_refs(doc, para.start, self.classes)
        # "Fiche programme : X", "2.1 CHU Y : « X »": a heading that presents an initiative
        candidates = heading_name(doc.text, para.start)
        if para.kind != "header":  # any other header names a section, not an entity
            candidates += find_names(doc.text, para.start) + ner_names(doc, para.start)
        refs += mint_names(ctx, candidates, refs)
        refs += nested_refs(doc, para.start, nested_names(doc, self.nested), refs, self.tops)
        refs.sort(key=lambda r: (r.start, -r.end))
        for ref in refs:
            ctx.note_mention(ref)
        return refs


@contextmanager
def _reading(document: Document, para: Paragraph) -> Iterator[None]:
    """Turn an error of the rules on *para* into an :class:`InputFileError` naming its line."""
    try:
        yield
    except Exception as error:
        # A defect of the rules, shown by this text: among many documents, say which and where.
        line = document.text.count("\n", 0, para.start) + 1
        message = f"the extraction failed on this paragraph ({type(error).__name__}: {error})"
        raise InputFileError(document.path, line, message) from error
