"""Who runs an initiative the sentence only refers back to: "C'est X qui le pilote", "X le
gère depuis 2024", "X en assure l'exploitation", "X en est l'opérateur", "Sa gestion est
confiée à X", "X en est à l'origine", "Son promoteur, X,", "Derrière ce projet, on trouve X",
"Elle est l'œuvre de X".

The initiative is the one the sentence is about (its focus), else the one the paragraph is
about: the pronoun "le" / "en" / "son" names nothing of its own. A paragraph that opens with
"Il …" or "L'ambition est de…" goes on about the initiative the previous one ended on.
"""

from __future__ import annotations

import re

from .clauses import refs_after, rel, subject_before
from .context import Context, Sentence
from .mentions import Ref

# Verbs of running an initiative, present, future or past: "le pilote", "la gérera", "l'a conçu".
_RUNS = (
    r"(?:(?:pilot|port|g[èé]r|op[èé]r|exploit|d[ée]velopp|lanc|cré|m[eè]n|anim)"
    r"(?:e|es|ent|era|eront|ait|aient|é|ée|és|ées)|conçoi(?:t|vent)|conçue?s?|concevra)"
)
# An object pronoun before the verb: "le pilote", "la gère", "l'a lancé", "les exploite".
_CLITIC = re.compile(rf"\b(?:le|la|les|l')\s*(?:(?:a|ont|avait|avaient)\s+)?{_RUNS}\b", re.I)
# "C'est la Fondation X qui…": the actor between "c'est" and "qui".
_CLEFT = re.compile(r"\bc'est\s+(?:à\s+)?[^,;.]{2,80}?\s+qui\s+$", re.I)
# What an actor takes on for the initiative: "en assure la gestion", "en est l'opérateur" (not
# "en assure le pilotage / la coordination": oversight, read by the structure rules).
_ROLES = (
    r"(?:gestion|exploitation|mise en œuvre|maîtrise d'ouvrage|portage|"
    r"porteur|porteuse|opérateur|opératrice|gestionnaire|initiateur|initiatrice|maître "
    r"d'ouvrage|conception)"
)
_EN_ROLE = re.compile(
    r"\ben\s+(?:assure|assurent|assurera|assureront|a|ont|aura|auront|est|sont|sera|seront|"
    rf"devient|deviennent|a pris|ont pris|prend|prendra)\s+(?:la|le|l'|les)\s*{_ROLES}\b",
    re.I,
)
# "Sa gestion est confiée à X", "Sa mise en œuvre revient à X", "Son exploitation sera
# assurée par X".
_ROLE_GIVEN = re.compile(
    rf"\b(?:son|sa|leur)\s+{_ROLES}\s+(?:est|sont|sera|seront|a été|ont été|revient|reviendra|"
    r"incombe|incombera)\s+(?:(?:confiée?s?|assurée?s?)\s+)?(?:à|au|aux|par)\b",
    re.I,
)


# "La fondation X en est à l'origine".
_ORIGIN = re.compile(r"\ben\s+(?:est|sont|était|étaient|fut)\s+à\s+l'origine\b", re.I)
# "Derrière ce projet, on trouve le groupe X", "Son promoteur, la société X, prévoit…".
_NAMED_AFTER = re.compile(
    r"^\W*derrière\s+(?:ce|cette|cet|le|la|l')\s*[\w' -]{2,40}?,\s*(?:on trouve|il y a|se "
    r"trouvent?|figurent?)\s+|\b(?:son|sa|leur)\s+(?:promoteur|porteur|porteuse|opérateur|"
    r"initiateur|initiatrice|concepteur|conceptrice|maître d'ouvrage)\s*[,:]\s*"
    # "Elle est l'œuvre de la startup X", "Le service est une création de la société X"
    r"|\b(?:est|sont|était|étaient)\s+(?:l'œuvre|une création|une réalisation)\s+(?:de|d')\s*",
    re.I,
)


def steward_rule(ctx: Context, sentence: Sentence, focus: Ref | None) -> list[Ref]:
    """Actors that run the initiative *focus* (else the paragraph's) refers back to; returns
    that initiative when one was found, for the sentence to be about it.

    Raises nothing; a sentence with no such construction gives no fact.
    """
    initiative = focus if focus is not None and focus.top == "Initiative" else None
    initiative = initiative or ctx.paragraph_focus
    if initiative is None or initiative.top != "Initiative":
        return []
    actors = _actors(sentence)
    for actor in actors:
        ctx.emit(actor.slug, "leads", initiative.slug, sentence, "steward-of-referent", 0.7)
    return [initiative] if actors else []


def _actors(sentence: Sentence) -> list[Ref]:
    """The organisations the sentence says run what it refers back to."""
    found: list[Ref | None] = []
    for match in _CLITIC.finditer(sentence.text):
        cleft = _CLEFT.search(sentence.text[: match.start()])
        if cleft:
            inside = refs_after(sentence, cleft.start() + 6, ("Actor",), limit=80)
            found += [r for r in inside if rel(sentence, r)[1] <= cleft.end()][:1]
        else:
            found.append(subject_before(sentence, match.start()))
    for match in _EN_ROLE.finditer(sentence.text):
        found.append(subject_before(sentence, match.start()))
    for match in _ORIGIN.finditer(sentence.text):
        found.append(subject_before(sentence, match.start()))
    for match in [*_ROLE_GIVEN.finditer(sentence.text), *_NAMED_AFTER.finditer(sentence.text)]:
        found += refs_after(sentence, match.end(), ("Actor",), limit=25)[:1]
    return [r for r in found if r is not None and r.top == "Actor" and r.cls != "Person"]


# A paragraph that goes on about the initiative the last one ended on: "Il permettra de former…",
# "L'ambition est de certifier…", "Son coût est estimé à…".
_GOES_ON = re.compile(
    r"^\W*(?:(?:il|elle)\s+(?!y\b|faut\b|s'agit\b)|(?:l'|son |sa )(?:ambition|objectif|"
    r"coût|budget|enveloppe|ouverture|lancement|mise en service)\b)",
    re.I,
)


def carried_over(ctx: Context, sentence: Sentence, focus: Ref | None) -> list[Ref]:
    """The initiative a paragraph opening with "Il …" or "L'ambition est de…" goes on about:
    the focus the previous paragraph ended on, when nothing was named since and the sentence
    names no initiative or organisation of its own."""
    if focus is not None or ctx.paragraph_focus is not None or ctx.last_focus is None:
        return []
    if not _GOES_ON.match(sentence.text) or sentence.refs_of("Initiative", "Actor"):
        return []
    last = ctx.last_focus
    named = [
        m
        for m in ctx.mentions
        if m.end <= sentence.start and ctx.tops.get(m.slug) in ("Initiative", "Actor")
    ]
    if not named or max(named, key=lambda m: m.end).slug != last.slug or last.top != "Initiative":
        return []  # "Il" may be the person or company named last
    return [Ref(last.slug, "Initiative", last.cls, sentence.start, sentence.start)]
