"""Headings that present an initiative: "Fiche programme : X", "2.1 CHU Y : « X »". The
initiative is what the paragraph under the heading is about; the actor before its name leads it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..documents import Paragraph
from .context import Context, Sentence, make_sentence
from .initiative_names import NAME, candidate
from .lexicon import INITIATIVE_HEADS
from .mentions import Candidate, Ref, head_at

# "Fiche programme : Tabib Net", "Projet – Sahel Vision", "2.1 CHU Ibn Rochd : « Radio Net »".
_HEADING = re.compile(
    r"^\W*(?:(?:\d+\.)*\d+\.?\s+)?"
    r"(?i:(?:fiche|présentation(?:\s+d[eu])?(?:\s+la|\s+l')?)\s*)?([\w' -]{2,60}?)"
    rf"\s*[:–—]\s*([«\"“])?\s*({NAME})\s*[»\"”]?\s*$"
)


def heading_name(text: str, offset: int) -> list[Candidate]:
    """The initiative a heading presents: a kind noun, a colon or a dash, and the name; or
    whose it is, a colon, and its name in quotes.

    >>> [(c.label, c.cls) for c in heading_name("Fiche programme : Tabib Net", 0)]
    [('Tabib Net', 'Programme')]
    >>> [(c.label, c.cls) for c in heading_name("3.2 CHU Ibn Rochd : « Radio Net »", 0)]
    [('Radio Net', 'Project')]
    >>> heading_name("Objectifs : 2030", 0), heading_name("Calendrier : « Phase Un »", 0)
    ([], [])
    """
    match = _HEADING.match(text)
    if match is None:
        return []
    kind = match.group(1).strip()
    head = head_at(kind.lower(), 0, INITIATIVE_HEADS)
    if head and len(head[0]) == len(kind):
        return candidate(match.group(3), head[1], offset + match.start(3))
    if match.group(2) and kind[:1].isupper() and not _LABEL_WORD.match(kind):
        return candidate(match.group(3), "Project", offset + match.start(3))
    return []


# Labels of a fact sheet's lines, whose quoted value is no initiative of the label's.
_LABEL_WORD = re.compile(
    r"(?i:objectifs?|calendrier|étapes?|phase|budget|financement|partenaires?|porteur|pilotage|"
    r"slogan|devise|thème|titre|nom|statut)\b"
)


def lone_heading(ctx: Context, para: Paragraph, doc: Doc, refs: list[Ref]) -> Ref | None:
    """ "2.1 CHU Ibn Rochd : « Radio Net »": a line that presents an initiative, which the
    actors before its name lead; what the next paragraph is about."""
    found = heading_name(doc.text, para.start)
    named = [r for r in refs if found and r.start == found[0].start and r.top == "Initiative"]
    if not named:
        return None
    sentence = make_sentence(doc, para.start, para.start, para.end, refs, None)
    for owner in sentence.refs_of("Actor"):
        if owner.end <= named[0].start:
            ctx.emit(owner.slug, "leads", named[0].slug, sentence, "heading-owner", 0.7)
    return named[0]


def names_initiative(body: list[Sentence]) -> bool:
    """Whether a sentence of *body* names an initiative of its own."""
    return any(s.refs_of("Initiative") for s in body)


_HEADLINE = re.compile(r"^\W*(?:(?:\d+\.)*\d+\.?\s+)?([^:\n]{2,40}?)\s*:\s+\S")


def headline_place(text: str, refs: list[Ref], start: int) -> str | None:
    """The place a headline opens with ("Taza : le triage…", "2.2 Casablanca : prévoir…"), or
    ends with after "à" ("3.1 Maintenance prédictive à Fès")."""
    match = _HEADLINE.match(text)
    places = [
        r for r in refs if r.top == "Place" and start <= r.start and r.end <= start + len(text)
    ]
    for ref in places:
        if match and ref.start - start == match.start(1) and ref.end - start <= match.end(1):
            return ref.slug
        if ref.end - start == len(text.rstrip(" .")) and _AT.search(text[: ref.start - start]):
            return ref.slug
    return None


_AT = re.compile(r"\s(?:à|au|dans la région de|dans la province de)\s+$")


def headline_place_rule(ctx: Context, place: str, body: list[Sentence], since: int) -> None:
    """The place of a brief's or a section's headline is where the initiatives its body
    introduces (first named after *since*) are."""
    seen = {m.slug for m in ctx.mentions if m.start < since}
    for sentence in body:
        for ref in sentence.refs_of("Initiative"):
            named_there = ctx.labels.get(place, "").lower() in ctx.labels.get(ref.slug, "").lower()
            if ref.slug not in seen and ref.cls != "Agreement" and not named_there:
                ctx.emit(ref.slug, "locatedIn", place, sentence, "headline-place", 0.65)
                seen.add(ref.slug)
