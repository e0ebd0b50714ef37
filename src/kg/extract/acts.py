"""Initiatives named by the act that brings them about ("l'ouverture d'un centre du groupe
X", "le déploiement d'une offre de …"), by whose they are ("X, l'incubateur de l'Université
Y") or by whom they come from ("à l'initiative de X"), and the phrase helpers the creation rules
share.
"""

from __future__ import annotations

import re

from .clauses import coordinated_after, refs_after, rel, subject_before
from .context import Context, Sentence
from .lexicon import INITIATIVE_HEADS
from .mentions import Ref, agreement_slug, head_at

# "à l'initiative de X", "X est une initiative de Y", "né d'une initiative de Y"
_INSTIGATED = re.compile(
    r"\b(?:à|sur) l'(?:initiative|impulsion) (?:du|de la|de l'|des|de|d')\s*|"
    r"\bsous l'impulsion (?:du|de la|de l'|des|de|d')\s*|"
    r"\b(?:est|sont|était|reste|demeure|(?:est )?née?s?\s+d')\s*(?:une|l')\s*initiative\s+"
    r"(?:conjointe\s+)?(?:du|de la|de l'|des|de|d')\s*|"
    # "fruit d'un partenariat entre X et Y", "issue d'une collaboration entre X et Y"
    r"\b(?:fruit|née?|issue?)\s+d'une?\s+(?:partenariat|collaboration|alliance|coopération)\s+"
    r"entre\s+",
    re.I,
)


def instigator_rule(ctx: Context, sentence: Sentence, focus: Ref | None) -> list[Ref]:
    """ "À l'initiative de la fondation X, le programme Y…", "Y, lancé à l'initiative de X":
    the actors the initiative comes from lead it."""
    created: list[Ref] = []
    for match in _INSTIGATED.finditer(sentence.text):
        actors = coordinated_after(sentence, match.end() - 1, ("Actor",))
        actors = [a for a in actors if rel(sentence, a)[0] - match.end() < 30]
        target = (
            initiative_before(sentence, match.start())
            or subject_after_opening(sentence, match.start(), match.end())
            or focus
        )
        if not actors or target is None or target.top != "Initiative":
            continue
        for actor in actors:
            ctx.emit(actor.slug, "leads", target.slug, sentence, "initiative-of", 0.8)
        created.append(target)
    return created


_ACTION_NOUN = re.compile(
    r"\b(?:l'|la |le )(?:inauguration|ouverture|création|lancement|construction|implantation|"
    r"installation|mise en place|mise en service)\b[^.;:]{0,50}?\b(?:d'un|d'une|de la|du|de l')\s*",
    re.I,
)
_OWNER = re.compile(
    r"^[^.;:()]{0,45}?\b(?:du|de la|de l'|de|d'|par)\s+(?:(?:le |la |l')?(?:groupe|société|"
    r"startup|start-up|entreprise|opérateur|firme)\s+)?(?:[a-zà-ÿ-]+\s+){0,2}$",
    re.I,
)


def action_noun_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """ "l'inauguration à Tétouan, le 12 mai, d'un centre de services du groupe X": an
    initiative named by the act that creates it, and the actor whose it is."""
    created = []
    for match in _ACTION_NOUN.finditer(sentence.text):
        head = head_at(sentence.text, match.end(), INITIATIVE_HEADS)
        named = [r for r in sentence.refs_of("Initiative") if rel(sentence, r)[0] == match.end()]
        if head is None and not named:
            continue
        phrase_end = rel(sentence, named[0])[1] if named else match.end() + len(head[0])
        owner = next(
            (
                a
                for a in refs_after(sentence, phrase_end, ("Actor",), limit=80)
                if _OWNER.match(sentence.text[phrase_end : rel(sentence, a)[0]])
            ),
            None,
        )
        if owner is None or (head is not None and head[1] == "Agreement"):
            continue
        target = named[0] if named else _minted(ctx, sentence, match.end(), head[0], owner)
        ctx.emit(owner.slug, "leads", target.slug, sentence, "act-of-creation", 0.75)
        created.append(target)
    return created


# "X a confié à Y le développement de « Z »": whoever entrusts and whoever is entrusted lead Z.
_ENTRUSTED = re.compile(r"\bconfi(?:é|ée|és|ées|e|ent|era|eront)\s+(?:à|au|aux)\s+", re.I)
# "Les Archives nous ont confié la transcription de…": the speaker is entrusted.
_ENTRUSTED_US = re.compile(r"\bnous\s+(?:a|ont|avait|avaient)\s+confié\s+", re.I)
_ENTRUSTED_ACT = re.compile(
    r"\b(?:le|la|l')\s*(?:développement|réalisation|conception|déploiement|gestion|exploitation|"
    r"pilotage|mise en œuvre|mise en oeuvre|construction|transcription|numérisation|"
    r"maintenance)\s+(?:de la |de l'|du |des |de |d'|leurs? |ses |sa |son )\s*",
    re.I,
)


def entrusted_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """ "Tamwilcom a confié à Sahm Score, une startup de Rabat, le développement de « X »":
    the actor who entrusts and the one entrusted lead X."""
    created = []
    found = [
        (m, refs_after(sentence, m.end(), ("Actor",), limit=40)[:1])
        for m in _ENTRUSTED.finditer(sentence.text)
    ]
    found += [
        (m, [r for r in sentence.refs_of("Actor") if rel(sentence, r)[0] == m.start()])
        for m in _ENTRUSTED_US.finditer(sentence.text)
    ]
    for match, entrusted in found:
        act = _ENTRUSTED_ACT.search(sentence.text, match.end(), match.end() + 160)
        if not entrusted or act is None:
            continue
        # "le développement d'une plateforme de prévision de la congestion, « Mawj »"
        targets = refs_after(sentence, act.end(), ("Initiative",), limit=120)[:1]
        leaders = [subject_before(sentence, match.start()), entrusted[0]]
        if leaders[0] is not None and leaders[0].slug == entrusted[0].slug:
            leaders[0] = None  # "nous" is the one entrusted, not the one who entrusts
        for target in targets:
            for actor in leaders:
                if actor is not None and actor.top == "Actor":
                    ctx.emit(actor.slug, "leads", target.slug, sentence, "entrusted", 0.75)
            created.append(target)
    return created


def _minted(ctx: Context, sentence: Sentence, pos: int, head: str, owner: Ref) -> Ref:
    phrase = head_phrase(sentence.text, pos, head)
    phrase = re.split(r"\s+(?:du|de la|de l'|de|d')\s*(?:groupe|société|startup|firme)\b", phrase)[
        0
    ]
    label = f"{phrase[0].upper()}{phrase[1:]} ({ctx.labels.get(owner.slug, owner.slug)})"
    start = sentence.offset(pos)
    return ctx.mint(
        label, dict(INITIATIVE_HEADS)[head], "Initiative", start, start + len(phrase), 0.6
    )


# "le déploiement d'une offre de …", "l'extension de son site de …": an act whose object is
# the initiative, whatever its noun.
_ACT = re.compile(
    r"(?:l'|la |le )(?:déploiement|ouverture|création|lancement|construction|"
    r"installation|mise en place|mise en service|mise en œuvre|réalisation|aménagement|"
    r"développement|implantation) (?:d'|de |du )(?:un |une |son |sa |ses |leur |"
    r"leurs |nouveaux |nouvelles )?$",
    re.I,
)
# Nouns an act may take that name no initiative: amounts, organisations, abstractions.
_NOT_INITIATIVE = (
    "partie|ensemble|série|nombre|dizaine|centaine|filiale|société|entreprise|startup|bureau|"
    "agence|succursale|expertise|gouvernance|culture|politique|démarche|approche|cadre|"
    "compétences?|coopération|relations?|écosystème|marché|capacités?|activité|équipe"
)
_NOUN = re.compile(rf"(?!(?:{_NOT_INITIATIVE})\b)[a-zà-ÿ]{{4,}}\b")


def acted_on(sentence: Sentence, pos: int) -> tuple[str, str] | None:
    """(noun, "Project") when the phrase at *pos* is the object of an act that brings an
    initiative about ("le déploiement d'une offre") and no name is there already."""
    if not _ACT.search(sentence.text[max(0, pos - 40) : pos]):
        return None
    noun = _NOUN.match(sentence.text, pos)
    if noun is None or any(
        r.overlaps(sentence.offset(pos), sentence.offset(noun.end())) for r in sentence.refs
    ):
        return None
    return noun.group(0), "Project"


def head_phrase(text: str, pos: int, head: str) -> str:
    """An unnamed initiative's head noun with its complement: "master en intelligence
    artificielle", "centre d'innovation".

    >>> head_phrase("un master en intelligence artificielle appliquée à l'État", 3, "master")
    'master en intelligence artificielle'
    >>> head_phrase("un centre de 5 MW", 3, "centre")
    'centre'
    """
    rest = text[pos + len(head) :]
    match = re.match(
        r"(?:\s+(?:en|de|d'|du|des)\s*[^\W\d][\w'-]*(?:\s+(?!appliqu|dédi|consacr)[a-zà-ÿ-]+)?)?",
        rest,
    )
    complement = re.sub(r"\s+\w+(?:é|ée|és|ées)$", "", match.group(0) if match else "")
    complement = re.sub(r"\s+(?:au|aux|à|de|du|des|en|pour|par|sur|dans)$", "", complement)
    return (head + complement).strip()


def subject_after_opening(sentence: Sentence, start: int, end: int) -> Ref | None:
    """ "Développé par X en partenariat avec Y, le système analyse…": a participle that opens
    the sentence says how its subject, after the comma, came to be."""
    if sentence.text[:start].strip(' «"“'):
        return None
    comma = sentence.text.find(",", end)
    named = [r for r in sentence.refs_of("Initiative") if rel(sentence, r)[0] > comma >= 0]
    if not named:
        return None
    gap = sentence.text[comma : rel(sentence, named[0])[0]]
    if len(gap) <= 20 or _KIND_BEFORE_NAME.fullmatch(gap):
        return named[0]
    return None


# ", l'assistant vocal « " before a name: its kind, then the quoted name.
_KIND_BEFORE_NAME = re.compile(r",\s*(?:l'|le |la |les |ce |cette |cet )[a-zà-ÿ' -]{0,30}[«\"“]\s*")


def initiative_before(sentence: Sentence, pos: int) -> Ref | None:
    before = [r for r in sentence.refs_of("Initiative") if rel(sentence, r)[1] <= pos]
    if before and pos - rel(sentence, before[-1])[1] < 60:
        return before[-1]
    return None


# "X, l'incubateur de l'Université Y", "la plateforme « X » de l'ADD": whose the initiative is.
_OF_OWNER = re.compile(
    r"\s*[»\"”]?(?:,\s*(?:le|la|l')\s*(?P<head>[a-zà-ÿ' -]{3,40}?))?\s+"
    r"(?:du|de la|de l'|de|d')\s*(?:(?:groupe|société|startup|start-up)\s+)?$",
    re.I,
)


def owner_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """ "Argana Lab, l'incubateur de l'Université Y": Y leads the initiative named before
    the apposition (or right before "de"). Returns the initiatives so owned."""
    owned = []
    for ref in sentence.refs_of("Initiative"):
        end = rel(sentence, ref)[1]
        owner = next(iter(refs_after(sentence, end, ("Actor",), limit=60)), None)
        if owner is None:
            continue
        gap = _OF_OWNER.fullmatch(sentence.text[end : rel(sentence, owner)[0]])
        if gap is None or ctx.classes.get(owner.slug) == "Person":
            continue
        if gap.group("head") and not head_at(gap.group("head"), 0, INITIATIVE_HEADS):
            continue
        ctx.emit(owner.slug, "leads", ref.slug, sentence, "owner-of-initiative", 0.7)
        owned.append(ref)
    return owned


# "dans le cadre d'une convention signée avec Y", "un partenariat noué avec Y": an agreement
# told from one party's side; the other party is the sentence's subject.
_WITH = re.compile(
    r"\b(?:une?|la|le|l'|sa|son|leur)\s*(?:convention|accord|partenariat|protocole|mémorandum|"
    r"contrat)(?:\s+(?!avec\b)[\w'-]+){0,3}?\s+(?:signée?|conclue?|nouée?|paraphée?|passée?)\s+"
    r"(?:\w+\s+){0,4}?avec\s+",
    re.I,
)


def one_side_agreement_rule(ctx: Context, sentence: Sentence) -> None:
    """ "Dans le cadre d'une convention signée avec l'OCP, la startup X teste…": an agreement
    between X and the OCP (unless another rule already read one in the sentence)."""
    if any(f.evidence.start == sentence.start and f.relation == "signatory" for f in ctx.facts):
        return
    match = _WITH.search(sentence.text)
    other = match and next(iter(refs_after(sentence, match.end(), ("Actor",), limit=12)), None)
    if not match or other is None or ctx.classes.get(other.slug) == "Person":
        return
    verb = next(
        (
            t.idx - sentence.tokens[0].idx
            for t in sentence.tokens
            if "Fin" in t.morph.get("VerbForm")
        ),
        None,
    )
    side = subject_before(sentence, verb) if verb is not None else None
    if side is None or side.top != "Actor":
        before = [r for r in sentence.refs_of("Actor") if rel(sentence, r)[1] <= match.start()]
        side = before[0] if before else None
    if side is None or side.slug == other.slug or ctx.classes.get(side.slug) == "Person":
        return
    parties = sorted({side.slug, other.slug})
    ref = Ref(agreement_slug(parties), "Initiative", "Agreement", *_noun_span(sentence, match))
    ctx.adopt(ref, "Accord entre " + " et ".join(ctx.labels.get(p, p) for p in parties), 0.7)
    for party in (side, other):
        ctx.emit(ref.slug, "signatory", party.slug, sentence, "agreement-one-side", 0.75)
    ctx.emit(side.slug, "partnerOf", other.slug, sentence, "agreement-one-side", 0.7)


def _noun_span(sentence: Sentence, match: re.Match) -> tuple[int, int]:
    noun = re.search(r"(?:convention|accord|partenariat|protocole|mémorandum|contrat)", match[0])
    start = match.start() + noun.start()
    return sentence.offset(start), sentence.offset(start + len(noun[0]))


_SIGNING_ACT = re.compile(
    r"\bsignature\s+(?:d'une?|de\s+la|du|de\s+l')\s*(?P<noun>convention|accord|mémorandum|protocole|"
    r"partenariat|contrat)\b(?P<rest>[^.;]{0,60}?\bentre\s+)?",
    re.I,
)


def signing_act_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """ "X et Y ont officialisé leur coopération par la signature d'une convention", "la
    signature d'un mémorandum entre X et Y": an agreement named by the act of signing it
    (unless another rule already read one in the sentence). Returns it (what the sentence is
    about: its date and place are the signature's)."""
    if any(f.evidence.start == sentence.start and f.relation == "signatory" for f in ctx.facts):
        return []
    match = _SIGNING_ACT.search(sentence.text)
    if match is None:
        return []
    if match.group("rest"):
        parties = coordinated_after(sentence, match.end(), ("Actor",))
    else:
        verb = next((t for t in sentence.tokens if "Fin" in t.morph.get("VerbForm")), None)
        limit = verb.idx - sentence.tokens[0].idx if verb is not None else 0
        parties = [r for r in coordinated_after(sentence, 0) if rel(sentence, r)[1] <= limit]
    parties = [p for p in parties if ctx.classes.get(p.slug) != "Person"]
    if len({p.slug for p in parties}) < 2:
        return []
    slugs = sorted({p.slug for p in parties})
    start = match.start("noun")
    span = (sentence.offset(start), sentence.offset(start + len(match.group("noun"))))
    ref = Ref(agreement_slug(slugs), "Initiative", "Agreement", *span)
    ctx.adopt(ref, "Accord entre " + " et ".join(ctx.labels.get(p, p) for p in slugs), 0.7)
    for party in parties:
        ctx.emit(ref.slug, "signatory", party.slug, sentence, "signing-act", 0.75)
    for i, left in enumerate(parties):
        for right in parties[i + 1 :]:
            ctx.emit(left.slug, "partnerOf", right.slug, sentence, "signing-act", 0.7)
    return [ref]
