"""Agreements: who signed, what they set out to build.

Three shapes of French sentence are read:

- "un accord entre X et Y (pour développer Z)";
- "X et Y ont signé une convention";
- "X a signé (avec Y) un mémorandum (avec Y)".

An agreement named only by its parties gets the slug ``accord-<party slugs, sorted>``, so the
same agreement told by two documents, or curated in the catalogue, is one entity.
"""

from __future__ import annotations

import re

from .clauses import (
    coordinated_after,
    coordinated_before,
    markers,
    preceding_word,
    refs_after,
    subject_before,
    unique,
)
from .context import Context, Sentence
from .creation import initiative_after
from .lexicon import (
    AGREEMENT_NOUNS,
    LOCATIVE_PREPOSITIONS,
    OVERSIGHT_VERBS,
    PURPOSE_VERBS,
    RECIPROCAL_VERBS,
    SIGNING_VERBS,
)
from .mentions import Ref, agreement_slug

_BETWEEN = re.compile(r"[\w-]*(?:\s+[\w'-]+){0,6}?\s+entre\s+")
# "un accord de coopération liant X à Y": the first party, then the second after "à".
_LINKING = re.compile(r"[\w-]*(?:\s+[\w'-]+){0,4}?\s+(?:liant|unissant)\s+")
# "un mémorandum signé le même jour par X et Y" / "Signée le 14 mai par X et Y, cette convention".
_SIGNED_BY = re.compile(
    r"\b(?:sign|paraph|concl|scell)(?:ée?s?|ue?s?)\b(?:\s+[^\s,.;]+){0,6}?\s+par\s+", re.I
)
_SIGNED_AFTER = re.compile(r"[^,.;]{0,30}?" + _SIGNED_BY.pattern, re.I)
# "les deux institutions": the two actors the document has just named together.
_THE_TWO = re.compile(
    r"(?:les|ces) deux (?:partenaires|parties|groupes|signataires|entreprises|institutions|"
    r"organismes|établissements|acteurs)\b",
    re.I,
)
_ARTICLE = re.compile(r"\s+(?:un|une|le|la|l'|les|des|ce|cette|ces)\s*$", re.I)


def agreement_rule(ctx: Context, sentence: Sentence, focus: Ref | None) -> Ref | None:
    """Find an agreement in *sentence*, emit its facts, and return it (or None)."""
    for start, end in markers(sentence.text, AGREEMENT_NOUNS):
        if (
            not _ARTICLE.search(" " + sentence.text[:start])
            and start > 0
            and not _signed_of(sentence, start, end)
        ):
            continue
        parties, after = _parties(ctx, sentence, start, end)
        if len(parties) < 2:
            continue
        agreement = _agreement(ctx, [p.slug for p in parties], focus, sentence, (start, end))
        _emit(ctx, sentence, agreement.slug, parties, start)
        _purpose(ctx, sentence, agreement, parties, after, focus)
        return agreement
    return None


def _parties(ctx, sentence: Sentence, start: int, end: int) -> tuple[list[Ref], int]:
    """The parties of the agreement noun at ``[start, end)`` and where its clause goes on."""
    between = _BETWEEN.match(sentence.text, end)
    if between:
        return coordinated_after(sentence, between.end(), ("Actor", "Place")), end
    linking = _LINKING.match(sentence.text, end)
    if linking:
        return _linked(sentence, linking.end()), end
    agents = _signed_by(ctx, sentence, start, end)
    if agents:
        return agents, end
    verb = _signing_verb_before(sentence, start)
    if verb is None:
        return [], end
    before = coordinated_before(sentence, verb)
    with_ = re.search(r"\bavec\s+", sentence.text[verb:])
    after_with = []
    if with_ and verb + with_.start() < end + 60:
        after_with = [
            r  # "avec l'Université de Leyde, aux Pays-Bas": where it is, no party
            for r in refs_after(sentence, verb + with_.end(), ("Actor", "Place"), limit=120)
            if r.top == "Actor" or preceding_word(sentence, r) not in LOCATIVE_PREPOSITIONS
        ]
    return unique(before + after_with), end


def _signed_of(sentence: Sentence, start: int, end: int) -> bool:
    """ "s'accompagne d'un mémorandum signé par…": an agreement after "d'un", when signed."""
    of = re.search(r"\bd'(?:un|une)\s*$", sentence.text[:start])
    return bool(of) and bool(_SIGNED_AFTER.match(sentence.text, end))


def _linked(sentence: Sentence, pos: int) -> list[Ref]:
    """ "liant l'Université X à l'entreprise Y": the actor after "liant", the actors after "à"."""
    first = refs_after(sentence, pos, ("Actor",), limit=60)[:1]
    if not first:
        return []
    rest = sentence.text[first[0].end - sentence.start :]
    to = re.match(r"\s*(?:à|au|aux|avec)\s+", rest)
    if not to:
        return []
    others = coordinated_after(sentence, first[0].end - sentence.start + to.end())
    return unique(first + others)


def _signed_by(ctx, sentence: Sentence, start: int, end: int) -> list[Ref]:
    """The agents of "signé … par" just after the agreement noun, or of a participial phrase
    that opens the sentence before it ("Signée … par X et Y, cette convention…")."""
    after = _SIGNED_AFTER.match(sentence.text, end)
    before = _SIGNED_BY.search(sentence.text[:start]) if not after else None
    if before is not None and sentence.text[: before.start()].strip(" ,"):
        before = None  # only an opening participle: "Signée … par X, cette convention"
    match = after or before
    if match is None:
        return []
    pos = match.end()
    pair = _THE_TWO.match(sentence.text, pos)
    agents = _pair_named_before(ctx, sentence) if pair else []
    if pair:
        pos = pair.end()
    agents += coordinated_after(sentence, pos, ("Actor",))
    if before is not None:
        agents = [a for a in agents if a.end - sentence.start <= start]
    return unique(agents)


def _pair_named_before(ctx, sentence: Sentence) -> list[Ref]:
    """The actors the document named together last: the parties of the last agreement, or the
    actors that together created one initiative ("X et Y ont annoncé la création de Z")."""
    return last_pair(ctx, sentence)[1]


def last_pair(ctx, sentence: Sentence) -> tuple[str | None, list[Ref]]:
    """The actors the document named together last (as `_pair_named_before`), with the
    initiative they created together, or None when they were named as an agreement's parties."""
    groups: dict[tuple[str, str], list[str]] = {}
    for fact in ctx.facts:
        if fact.relation in ("signatory", "leads") and fact.evidence.end <= sentence.start:
            key = (fact.relation, fact.subject if fact.relation == "signatory" else fact.object)
            group = groups.setdefault(key, [])
            actor = fact.object if fact.relation == "signatory" else fact.subject
            if actor not in group:
                group.append(actor)
            groups[key] = groups.pop(key)  # the last one named moves to the end
    pairs = [(key, g) for key, g in groups.items() if len(g) == 2]
    if not pairs:
        return None, []
    (relation, created), slugs = pairs[-1]
    return (created if relation == "leads" else None), [
        Ref(slug, "Actor", ctx.classes.get(slug, "Actor"), sentence.start, sentence.start)
        for slug in slugs
    ]


def _signing_verb_before(sentence: Sentence, pos: int) -> int | None:
    """The signing verb before the agreement noun at *pos*: near it, or further when only
    complements of time and place lie between ("ont signé le 3 avril à Meknès, en marge du
    salon, une convention")."""
    for token in reversed(sentence.tokens):
        rel = token.idx - sentence.tokens[0].idx
        if rel < pos and token.lemma_.lower() in SIGNING_VERBS:
            between = sentence.text[rel + len(token.text) : pos]
            other_verb = any(
                "Fin" in t.morph.get("VerbForm") and rel < t.idx - sentence.tokens[0].idx < pos
                for t in sentence.tokens
            )
            if pos - rel < 60 or (pos - rel < 150 and not other_verb and "." not in between):
                return rel
    return None


def _agreement(ctx, parties: list[str], focus, sentence: Sentence, span) -> Ref:
    if focus is not None and ctx.classes.get(focus.slug) == "Agreement":
        return focus
    slug = agreement_slug(parties)
    ref = Ref(slug, "Initiative", "Agreement", sentence.offset(span[0]), sentence.offset(span[1]))
    names = " et ".join(ctx.labels.get(p, p) for p in sorted(set(parties)))
    ctx.adopt(ref, f"Accord entre {names}", 0.8)
    return ref


def _emit(ctx: Context, sentence: Sentence, agreement: str, parties: list[Ref], noun: int) -> None:
    for party in parties:
        ctx.emit(agreement, "signatory", party.slug, sentence, "agreement-parties", 0.9)
    for i, left in enumerate(parties):
        for right in parties[i + 1 :]:
            ctx.emit(left.slug, "partnerOf", right.slug, sentence, "agreement-parties", 0.8)
    verb = _signing_verb_before(sentence, noun)
    signer = subject_before(sentence, verb) if verb is not None else None
    slugs = {p.slug for p in parties}
    if signer and signer.slug not in slugs:
        ctx.emit(signer.slug, "leads", agreement, sentence, "signs-agreement", 0.7)


def _purpose(ctx, sentence: Sentence, agreement: Ref, parties, after: int, focus) -> None:
    """ "… pour développer une plateforme": each party leads what the agreement sets up."""
    purpose = re.search(
        r"\b(?:(?:pour|afin de|visant à)\s+(\w+)|portant sur|relatif à|relative à|concernant|"
        r"(?:qui|elle|il) (?:crée|créera|institue|met en place|lance|prévoit)|"
        r"(?:a|ont) donné naissance (?:à|au|aux)|donner?a? naissance (?:à|au|aux)|"
        r"a permis de (?:créer|lancer)|"
        r"pour (?:la|le|l')\s*(?:mise en œuvre|mise en place|création|réalisation|construction|"
        r"lancement|déploiement|développement|financement)\s+(?:de la|de l'|du|des|de|d'))",
        sentence.text[after:],
    )
    if not purpose:
        return
    if purpose.group(1) and purpose.group(1) not in ("la", "le", "les", "l"):  # "pour développer…"
        verb_pos = after + purpose.start(1)
        lemma = next(
            (
                t.lemma_.lower()
                for t in sentence.tokens
                if t.idx - sentence.tokens[0].idx == verb_pos
            ),
            "",
        )
        if lemma not in PURPOSE_VERBS:
            return
    target = initiative_after(ctx, sentence, after + purpose.end(), focus, None, parties)
    if target is not None and target.slug != agreement.slug:
        ctx.purpose = target
        for party in parties:
            ctx.emit(party.slug, "leads", target.slug, sentence, "agreement-purpose", 0.8)


def reciprocal_rule(ctx: Context, sentence: Sentence, focus: Ref | None) -> None:
    """ "X et Y s'allient": partners; "X et Y superviseront": they oversee the focus."""
    for token in sentence.tokens:
        lemma = token.lemma_.lower()
        if token.pos_ not in ("VERB", "AUX") or lemma not in RECIPROCAL_VERBS | OVERSIGHT_VERBS:
            continue
        verb = token.idx - sentence.tokens[0].idx
        actors = [r for r in coordinated_before(sentence, verb) if r.top == "Actor"]
        if lemma in RECIPROCAL_VERBS:
            for i, left in enumerate(actors):
                for right in actors[i + 1 :]:
                    ctx.emit(left.slug, "partnerOf", right.slug, sentence, "allied-subjects", 0.8)
        elif focus is not None and focus.top == "Initiative":
            for actor in actors:
                ctx.emit(actor.slug, "oversees", focus.slug, sentence, "overseeing-subject", 0.7)
