"""Partnership wording the partner rule reads besides the lexicon's markers: what was made with
someone ("une licence conçue avec Cisco") and support given to what someone launched ("lancée par
X avec le concours de Y": Y supports the launched initiative, not X), and funders and
supporters ("financée par X", "Soutenue par Y, la plateforme Z…").
"""

from __future__ import annotations

import re

from .clauses import coordinated_after, rel, subject_before
from .context import Context, Sentence
from .mentions import Ref

# "une licence conçue avec Cisco", "une application que nous avons réalisée avec la société X".
MADE_WITH = (
    *(
        f"{verb}{ending} avec"
        for verb in ("conçu", "développé", "co-développé", "réalisé", "construit")
        for ending in ("", "e", "s", "es")
    ),
    "aux côtés de",
    "aux côtés du",
    "aux côtés d'",
    # who brings their help: "s'appuie sur l'expertise de l'OCP", "avec la participation de X"
    *(
        f"{lead} {help_} {of}"
        for lead in ("avec", "s'appuie sur", "bénéficie de", "bénéficiera de")
        for help_ in ("la participation", "l'expertise", "l'accompagnement", "la contribution")
        for of in ("de", "du", "des", "d'")
    ),
)
_SUPPORT = re.compile(r"avec (?:le concours|l'appui)", re.I)


def is_support(text: str, start: int) -> bool:
    """Whether the marker at *start* gives support rather than partnership.

    >>> is_support("lancée avec le concours d'Atos", 7)
    True
    """
    return bool(_SUPPORT.match(text, start))


def created_here(ctx: Context, sentence: Sentence, actor: Ref) -> bool:
    """Whether *actor* creates something in *sentence* (a fact already read from it)."""
    return any(
        f.relation == "leads" and f.subject == actor.slug and f.evidence.start == sentence.start
        for f in ctx.facts
    )


def fronted_subject(sentence: Sentence, start: int, end: int) -> Ref | None:
    """ "Soutenue par l'OCP, la plateforme X compte…": a participle phrase that opens the
    sentence describes the name right after its comma.

    >>> from kg.extract.context import Sentence
    >>> text = "Soutenue par Y, la plateforme X forme."
    >>> ref = Ref("x", "Initiative", "Platform", 30, 31)
    >>> fronted_subject(Sentence(0, 38, text, [], [ref]), 0, 13).slug
    'x'
    """
    if sentence.text[:start].strip():
        return None
    comma = sentence.text.find(",", end)
    if comma < 0:
        return None
    after = [
        r
        for r in sentence.refs_of("Actor", "Initiative")
        if 0 <= r.start - sentence.start - comma <= 30
    ]
    return after[0] if after else None


def described_before(sentence: Sentence, start: int) -> Ref | None:
    """ "La plateforme X, appuyée par Y, …": the initiative a participle after its comma
    describes."""
    before = [r for r in sentence.refs_of("Initiative") if r.end - sentence.start <= start]
    if before and re.fullmatch(
        r"\s*»?\s*,\s*", sentence.text[before[-1].end - sentence.start : start]
    ):
        return before[-1]
    return None


_FUNDED = re.compile(
    r"\b(?:(?:co)?financ|souten|appuy|subventionn|accompagn|parrain)(?:ée?s?|ue?s?)\b"
    r"[^.;,]{0,50}?\bpar\s+"
    r"|\b(?:avec|grâce à) (?:le |l')?(?:soutien|appui|financement) (?:financier )?(?:de |du |d')"
    r"|\bbénéfici\w*\s+(?:\w+\s+)?d'une?\s+(?:financement|soutien|appui|prêt|don|subvention)\s+"
    r"(?:\w+\s+)?(?:de |du |d')",
    re.I,
)


def funding_rule(ctx: Context, sentence: Sentence, anchor: Ref | None) -> None:
    """ "financée par la Banque mondiale", "avec le soutien de l'OCP": the
    funder partners what it funds — the actor an apposition describes ("X, une jeune entreprise
    soutenue par Y"), else the anchor."""
    for match in _FUNDED.finditer(sentence.text):
        owner = (
            apposition_head(sentence, match.start())
            or fronted_subject(sentence, match.start(), match.end())
            or described_before(sentence, match.start())
            or anchor
        )
        if owner is None or owner.top not in ("Actor", "Initiative"):
            continue
        for ref in coordinated_after(sentence, match.end())[:3]:
            ctx.emit(owner.slug, "partnerOf", ref.slug, sentence, "funded-by", 0.7)


def apposition_head(sentence: Sentence, pos: int) -> Ref | None:
    """The actor an apposition ending at *pos* describes: "X, une jeune entreprise"."""
    actors = [r for r in sentence.refs_of("Actor") if rel(sentence, r)[1] <= pos]
    if not actors:
        return None
    gap = sentence.text[rel(sentence, actors[-1])[1] : pos]
    return actors[-1] if re.fullmatch(r",\s*(?:une?|la|le|l')\s*[^,;.]{0,40}", gap) else None


# "Parmi ses partenaires figurent X et Y", "Ses partenaires sont X et Y", "les partenaires du
# projet : X, Y": the actors listed are the partners of what the sentence is about.
_LISTED = re.compile(
    r"\b(?:parmi\s+)?(?:ses|leurs|les|nos)\s+(?:principaux\s+|autres\s+|nouveaux\s+)?"
    r"partenaires(?:\s+(?:du|de la|de l'|de ce|de cette|d')\s*[\w-]+)?\s*"
    r"(?:figurent|figureront|figuraient|on trouve|on retrouve|on compte|sont|seront|:)\s+"
    r"(?:aussi\s+|également\s+|notamment\s+)?",
    re.I,
)
# "Le projet compte l'OCP et Inwi parmi ses partenaires": the actors before the phrase.
_AMONG = re.compile(r"\bparmi\s+(?:ses|leurs|les)\s+partenaires\b", re.I)
_COUNTS = re.compile(r"\bcompte(?:nt|ra|ront)?\s+", re.I)
# "Il associe l'ANRT", "mené conjointement avec X": a verb or adverb of joint work before the
# actors it names; only articles may lie between.
_JOINT = re.compile(
    r"\b(?:associe|associera|associent|associeront|fédère|fédérera)\s+"
    r"(?:également\s+|aussi\s+|notamment\s+)?"
    r"|\b(?:conjointement|de concert|main dans la main|en tandem)\s+avec\s+",
    re.I,
)
_ARTICLES = re.compile(r"\s*(?:le |la |les |l'|du |des |de la |de l')?\s*")


def listed_partners_rule(ctx: Context, sentence: Sentence, anchor: Ref | None) -> None:
    """ "Parmi ses partenaires figurent X et Y", "compte X parmi ses partenaires", "Il associe
    X", "mené conjointement avec X": the actors named partner the anchor (the subject of the
    verb of joint work when one is named)."""
    if anchor is not None and anchor.top == "Actor" and created_here(ctx, sentence, anchor):
        return  # read once, for what the sentence is about, not again for its creator
    found: list[tuple[Ref | None, list[Ref]]] = []
    for match in _LISTED.finditer(sentence.text):
        found.append((anchor, _right_after(sentence, match.end())))
    for match in _AMONG.finditer(sentence.text):
        counts = list(_COUNTS.finditer(sentence.text, max(0, match.start() - 100), match.start()))
        before = [
            r
            for r in sentence.refs_of("Actor")
            if counts and counts[-1].end() <= rel(sentence, r)[0] < match.start()
        ]
        found.append((anchor, before))
    for match in _JOINT.finditer(sentence.text):
        owner = subject_before(sentence, match.start()) or anchor
        found.append((owner, _right_after(sentence, match.end())))
    for owner, partners in found:
        if owner is None or owner.top not in ("Actor", "Initiative"):
            continue
        for ref in partners:
            if ref.slug != owner.slug:
                ctx.emit(owner.slug, "partnerOf", ref.slug, sentence, "partners-listed", 0.7)


def _right_after(sentence: Sentence, pos: int) -> list[Ref]:
    """The actors listed from *pos*, when the first follows with only an article between."""
    listed = coordinated_after(sentence, pos)
    if not listed or not _ARTICLES.fullmatch(sentence.text[pos : rel(sentence, listed[0])[0]]):
        return []
    return listed
