"""Sectors and technology areas: the fields an initiative, an organisation or an opportunity
works in ("axé sur le cloud, l'IA…", "spécialisée dans la logistique"), and the sector words
that name no field (a material, an agent, an act done to an initiative).
"""

from __future__ import annotations

import re

from .clauses import preceding_word, rel
from .context import Context, Sentence
from .lexicon import INITIATIVE_HEADS
from .mentions import Ref, head_at


def sector_rule(ctx: Context, sentence: Sentence, focus: Ref) -> None:
    """Sectors and technology areas named about the focus: "axé sur le cloud, l'IA…".

    A sector inside the focus's own name counts only for an opportunity, and only when it is the
    name's head or its complement ("agriculture de précision", "adaptation des modèles de
    langage"), not when it qualifies it ("hub pour l'IA", "applications IA").
    """
    if focus.top not in ("Initiative", "Actor", "Opportunity"):
        return
    if ctx.classes.get(focus.slug) == "Person":
        return  # a person speaks of a field; organisations and initiatives work in one
    for ref in sentence.refs_of("Sector", nested=True):
        word = preceding_word(sentence, ref)
        if focus.start <= ref.start and ref.end <= focus.end and focus.end > focus.start:
            own = focus.top == "Opportunity" or focus.new  # a descriptive name, not a brand
            # An event's name says what it is about, not a field it works in; a sector that
            # opens a concept's name is what the concept is ("L'agriculture de précision").
            own = own and ctx.classes.get(focus.slug) != "Event"
            own = (
                own
                and sentence.text[rel(sentence, ref)[0] : rel(sentence, ref)[1]].lower()
                not in _MATERIALS
            )
            complement = ("de", "des", "du", "d'", "en", "à", "au", "aux")
            if own and word in complement:
                ctx.emit(focus.slug, "targetsSector", ref.slug, sentence, "sector-in-name", 0.7)
            continue
        apposition = (
            re.fullmatch(
                r",\s*(?:un|une)\s*",
                sentence.text[focus.end - sentence.start : ref.start - sentence.start],
            )
            if focus.end > focus.start
            else None
        )
        if ref.nested or (word in ("un", "une", "d'un", "d'une") and not apposition):
            continue  # "construire une infrastructure" builds one; "X, un assistant vocal" is one
        if _not_a_field(sentence, ref):
            continue
        if _specialist_of(sentence, ref) is not None:
            continue  # the sector of the actor just before (specialist_rule), not the focus
        ctx.emit(focus.slug, "targetsSector", ref.slug, sentence, "sector-in-focus", 0.8)


_DEFINITE = re.compile(r"(?:\b(?:le|la|les|ce|cette|cet|ces)\s+|\bl')$", re.I)
_ACTION_ON = re.compile(r"\s*(?:de la |de l'|du |des |d'un |d'une |de |d')")


# Words that name a material more often than a field, unless a sentence devotes something to it.
_MATERIALS = frozenset({"données", "data"})
_DEVOTED = re.compile(
    r"\b(?:consacrée?s?|dédiée?s?|spécialisée?s?|axée?s?|centrée?s?)\s+(?:à|aux|au|sur|dans|en)"
    r"\s+(?:la |le |les |l')?$",
    re.I,
)


def _not_a_field(sentence: Sentence, ref: Ref) -> bool:
    """A sector word that is no field of the focus: a material ("ses données de production"),
    the agent of a passive ("utilisés par
    l'administration"), a kind of initiative taken up by an article ("L'infrastructure
    hébergera…": the focus again), or an act done to an initiative ("la construction d'un
    campus")."""
    start, end = rel(sentence, ref)
    before = sentence.text[:start]
    if re.search(r"\w(?:ée?s?|ie?s?|ue?s?|ite?s?)\s+par\s+(?:le |la |les |l')$", before, re.I):
        return True  # "utilisés par l'administration", not "assisté par IA"
    text = sentence.text[start:end].lower()
    if text in _MATERIALS and not _DEVOTED.search(before):
        return True  # "le traitement des données": what is worked on, not a field
    head = head_at(text, 0, INITIATIVE_HEADS)
    if _DEFINITE.search(before) and head is not None and head[0] == text:
        return True
    action = _ACTION_ON.match(sentence.text, end) if _DEFINITE.search(before) else None
    return bool(action) and head_at(sentence.text, action.end(), INITIATIVE_HEADS) is not None


_SPECIALISED = re.compile(r"\bspécialisée?s?\s+(?:dans|en)\s+(?:le |la |les |l')?$", re.I)


def specialist_rule(ctx: Context, sentence: Sentence) -> None:
    """ "la jeune pousse Bahr Analytics, spécialisée dans la logistique": that actor's sector."""
    for ref in sentence.refs_of("Sector"):
        specialist = _specialist_of(sentence, ref)
        if specialist is not None:
            ctx.emit(specialist.slug, "targetsSector", ref.slug, sentence, "specialised-in", 0.75)


def _specialist_of(sentence: Sentence, ref: Ref) -> Ref | None:
    """ "la jeune pousse Bahr Analytics, spécialisée dans la logistique": that actor's sector."""
    before = sentence.text[: rel(sentence, ref)[0]]
    if not _SPECIALISED.search(before):
        return None
    actors = [a for a in sentence.refs_of("Actor") if 0 <= len(before) - rel(sentence, a)[1] <= 45]
    return actors[-1] if actors else None
