"""Headings that present an initiative: "Fiche programme : X", "2.1 CHU Y : « X »". The
initiative is what the paragraph under the heading is about; the actor before its name leads it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..documents import Paragraph
from .clauses import rel
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
    sentence = make_sentence(ctx, doc, para.start, para.start, para.end, refs, None)
    for owner in sentence.refs_of("Actor"):
        if owner.end <= named[0].start:
            ctx.emit(owner.slug, "leads", named[0].slug, sentence, "heading-owner", 0.7)
    return named[0]


def names_initiative(body: list[Sentence]) -> bool:
    """Whether a sentence of *body* names an initiative of its own."""
    return any(s.refs_of("Initiative") for s in body)


_HEADLINE = re.compile(r"^\W*([^:\n]{2,40}?)\s*:\s+\S")


def headline_place_rule(ctx: Context, title: Sentence, body: list[Sentence]) -> None:
    """ "Taza : le triage des urgences assisté par l'IA": the place a brief's headline opens
    with is where the initiatives its body introduces are."""
    match = _HEADLINE.match(title.text)
    places = [r for r in title.refs_of("Place") if match and r.end - title.start <= match.end(1)]
    if not places or rel(title, places[0])[0] != match.start(1):
        return
    seen = {m.slug for m in ctx.mentions if m.start < title.start}
    for sentence in body:
        for ref in sentence.refs_of("Initiative"):
            if ref.slug not in seen and ref.cls != "Agreement":
                ctx.emit(ref.slug, "locatedIn", places[0].slug, sentence, "headline-place", 0.65)
                seen.add(ref.slug)
