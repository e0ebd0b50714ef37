"""What a sentence refers back to: "ce centre", "la plateforme", "il", "ce dernier", "le
budget", "les deux partenaires"; and the one initiative a sentence introduces after its verb.
"""

from __future__ import annotations

import re

from . import creation
from .clauses import rel
from .context import Context, Sentence
from .lexicon import INITIATIVE_HEADS
from .mentions import Ref, head_at, is_verb


def only_initiative(ctx: Context, sentence: Sentence) -> Ref | None:
    """The one initiative a sentence introduces, after its verb ("L'hôpital utilise « X », un
    outil qui…"): what the sentence is about when nothing else is."""
    named = {r.slug: r for r in sentence.refs_of("Initiative") if r.cls != "Agreement"}
    if len(named) != 1:
        return None
    ref = next(iter(named.values()))
    verb = next((t for t in sentence.tokens if is_verb(t)), None)
    if verb is None or verb.idx - sentence.tokens[0].idx > rel(sentence, ref)[0]:
        return None  # "Avec le programme « X », l'objectif est…": a frame, before the verb
    first = min((m.start for m in ctx.mentions if m.slug == ref.slug), default=ref.start)
    quoted = ctx.document.text[max(0, ref.start - 2) : ref.start].strip() in ("«", '"', "“")
    return ref if quoted and ref.slug in ctx.new_entities and first >= sentence.start else None


DEMONSTRATIVE = re.compile(
    r"\b(?:ce|cette|cet|ces)\s+(?:nouvel(?:le)?\s+|nouveau\s+)?([\w'-]+)", re.I
)
_PARTNERS = re.compile(
    r"\bles deux (?:partenaires|parties|groupes|signataires|entreprises|institutions)\b", re.I
)
_THE_PROJECT = re.compile(  # case-sensitive: a capital after the noun starts a name
    r"^\W*(?:[Ll]e|[Cc]e|[Cc]et|[Cc]ette|[Ll]')\s*(?:projet|initiative|dispositif)\b"
    r"(?!\s+[«\"A-ZÀ-Ý])"
)
# "…, la plateforme croise les images", "La plateforme sera déployée": the kind noun as the
# subject, with no name or complement after it ("la plateforme de l'ADD" is another one).
_DEFINITE = re.compile(
    r"(?:^\W*|,\s*)(?:[Ll]e|[Ll]a|[Ll]')\s*([a-zà-ÿ'-]+)(?=\s+(?![«\"“A-ZÀ-Ý]|de\b|d'|du\b|des\b)"
    r"[a-zà-ÿ])"
)
_ITS_BUDGET = re.compile(
    r"^\W*(?:[Ll]e|[Ss]on|[Ll]a|[Ss]a)\s+(?:budget|financement|coût|déploiement|lancement|"
    r"mise en (?:service|œuvre|oeuvre)|généralisation)\b(?!\s+(?:de|du|des|d')\b)"
)
LAST_NAMED = re.compile(r"^\s*(?:ce dernier|cette dernière|celui-ci|celle-ci)\b", re.I)
# "de son côté" turns to another subject: it refers back to nothing; "nous l'avons lancé"
# refers back to what the last sentence was about.
_PRONOUN = re.compile(
    r"^\s*(?:il|elle|ils|elles)\b|\b(?:son|sa|ses)\b(?! côté)|\bl'(?:a|ai|avons|avez|ont)\b", re.I
)


def refers_back(ctx: Context, sentence: Sentence) -> Ref | None:
    """What a sentence refers back to: the previous focus for "ce centre" or "les deux
    partenaires"; within a paragraph, for "il", "elle", "son", "cette …"; nothing for
    "ce dernier", the last initiative mentioned when no organisation was named after it."""
    text = sentence.text
    if LAST_NAMED.match(text):
        return _last_initiative(ctx, sentence)
    if _THE_PROJECT.match(text) and ctx.paragraph_focus is not None:
        return ctx.paragraph_focus  # "Le projet, d'un coût de…": whatever it was about
    last = ctx.last_focus
    for match in [*DEMONSTRATIVE.finditer(text), *_DEFINITE.finditer(text)]:
        head = head_at(text, match.start(1), INITIATIVE_HEADS)
        named = head and _named_after(sentence, match.start(1) + len(head[0]))
        if named:
            return named  # "ce dispositif, baptisé « Bidar »": a new one, named here
        if head and last is not None and creation.compatible(ctx.classes.get(last.slug), head[1]):
            return last
    if _ITS_BUDGET.match(text) and last is not None and last.top == "Initiative":
        return last  # "Le budget, de 9 millions d'euros, …": the budget of what was last told
    if _PARTNERS.search(text):  # the partners of the last agreement
        agreements = (s for s in reversed(ctx.recent) if ctx.classes.get(s) == "Agreement")
        agreement = next(agreements, None)
        if agreement is not None:
            return Ref(agreement, "Initiative", "Agreement", sentence.start, sentence.start)
        return ctx.last_focus
    if _PRONOUN.search(text) or DEMONSTRATIVE.search(text):
        return ctx.paragraph_focus
    return None


def _named_after(sentence: Sentence, pos: int) -> Ref | None:
    """The initiative named right after *pos*, or after a naming participle."""
    return next(
        (
            r
            for r in sentence.refs_of("Initiative")
            if r.start - sentence.start >= pos
            and _NAMING_GAP.fullmatch(sentence.text[pos : r.start - sentence.start])
        ),
        None,
    )


_NAMING_GAP = re.compile(
    r"[\s,]*(?:(?:baptisée?s?|dénommée?s?|appelée?s?|intitulée?s?)\s*)?[«\"“]?\s*"
)


def _last_initiative(ctx: Context, sentence: Sentence) -> Ref | None:
    """ "X lance le fonds Y, destiné aux PME. Ce dernier sera doté de…": Y, unless an
    organisation was named after it (then "ce dernier" is that organisation)."""
    feminine = sentence.text.lstrip().lower().startswith(("cette dernière", "celle-ci"))
    before = [
        m
        for m in ctx.mentions
        if m.end <= sentence.start
        and ctx.tops.get(m.slug) in ("Initiative", "Actor")
        and ctx.classes.get(m.slug) != "Person"
        and _feminine(ctx, m.start) in (feminine, None)  # "Ce dernier" is no "Faculté"
    ]
    if not before:
        return None
    last = max(before, key=lambda m: m.end)
    if ctx.tops.get(last.slug) != "Initiative":
        return None
    return Ref(last.slug, "Initiative", ctx.classes[last.slug], sentence.start, sentence.start)


_ARTICLE_BEFORE = re.compile(
    r"\b(le|la|un|une|ce|cet|cette|du|au)\s+(?:(?!de\b|du\b|des\b|d')[a-zà-ÿ'-]+\s+){0,2}"
    r"[«\"“]?\s*$",
    re.I,
)


def _feminine(ctx: Context, start: int) -> bool | None:
    """Whether the article before the name at *start* is feminine (None when there is none)."""
    article = _ARTICLE_BEFORE.search(ctx.document.text[max(0, start - 40) : start])
    if article is None:
        return None
    return article.group(1).lower() in ("la", "une", "cette")
