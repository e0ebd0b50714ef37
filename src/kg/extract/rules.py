"""Relation rules: each reads one sentence about a focus entity and emits facts.

Every rule is named (the name is recorded in the evidence) and has a confidence. Rules read the
normalised sentence text, the mentions found in it, and spaCy lemmas for verbs.
"""

from __future__ import annotations

import re

from .clauses import (
    coordinated_after,
    is_locative,
    markers,
    preceding_word,
    refs_after,
    rel,
    subject_before,
)
from .context import Context, Sentence
from .lexicon import (
    HEAD_MARKERS,
    HEAD_ROLES,
    INITIATIVE_HEADS,
    LOCATIVE_PREPOSITIONS,
    MEMBERSHIP_MARKERS,
    OVERSIGHT_MARKERS,
    PARTNER_MARKERS,
    SEAT_PARTICIPLES,
)
from .mentions import Ref, content_words, head_at
from .values import find_amounts, find_dates, find_quantities

EVENT_OF_VERB = {
    "signer": "signature",
    "conclure": "signature",
    "parapher": "signature",
    "lancer": "launch",
    "annoncer": "launch",
    "dévoiler": "launch",
    "inaugurer": "opening",
    "ouvrir": "opening",
    "organiser": "event",
    "tenir": "event",
    "accueillir": "event",
    "publier": "launch",
}


def sector_rule(ctx: Context, sentence: Sentence, focus: Ref) -> None:
    """Sectors and technology areas named about the focus: "axé sur le cloud, l'IA…".

    A sector inside the focus's own name counts only for an opportunity, and only when it is the
    name's head or its complement ("agriculture de précision", "adaptation des modèles de
    langage"), not when it qualifies it ("hub pour l'IA", "applications IA").
    """
    if focus.top not in ("Initiative", "Actor", "Opportunity"):
        return
    for ref in sentence.refs_of("Sector", nested=True):
        word = preceding_word(sentence, ref)
        if focus.start <= ref.start and ref.end <= focus.end and focus.end > focus.start:
            own = focus.top == "Opportunity" or focus.new  # a descriptive name, not a brand
            complement = ("de", "des", "du", "d'", "en", "à", "au", "aux")
            if own and (word in complement or (word == "" and focus.top == "Opportunity")):
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
        if ref.nested or (word in ("un", "une") and not apposition):
            continue  # "construire une infrastructure" builds one; "X, un assistant vocal" is one
        if _specialist_of(sentence, ref) is not None:
            continue  # the sector of the actor just before (specialist_rule), not the focus
        ctx.emit(focus.slug, "targetsSector", ref.slug, sentence, "sector-in-focus", 0.8)


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


_FROM_PLACE = re.compile(
    r"\b(?:une?|la|le)\s+(?:start-?up|société|entreprise|jeune pousse|pme)\s+(?:\w+\s+)?"
    r"(?:de|d')\s*$",
    re.I,
)


def seat_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """ "Basée à Agadir, la startup X" / "X, installée à Rabat": where an actor is.

    Returns the places read this way, so that they are not taken for the focus's location.
    """
    seats = []
    for _, end in markers(sentence.text, SEAT_PARTICIPLES):
        places = refs_after(sentence, end, ("Place",), limit=25)[:1]
        if not places:
            continue
        participle = end - len(sentence.text[:end].split()[-1])
        after = [r for r in refs_after(sentence, rel(sentence, places[0])[1], ("Actor",), 60)]
        before = [
            r for r in sentence.refs_of("Actor") if 0 <= participle - rel(sentence, r)[1] <= 60
        ]
        opens = not sentence.text[:participle].strip(" ,")  # "Basée à Agadir, la startup X"
        actor = (after[:1] if opens else before[-1:] or after[:1]) or [None]
        actor = actor[0]
        if actor is not None and actor.top == "Actor":
            ctx.emit(actor.slug, "locatedIn", places[0].slug, sentence, "seat-of-actor", 0.75)
            seats.append(places[0])
    for place in sentence.refs_of("Place"):  # "PayKech, une startup de Marrakech"
        before = sentence.text[: rel(sentence, place)[0]]
        if _FROM_PLACE.search(before):
            owner = [
                a for a in sentence.refs_of("Actor") if 0 <= len(before) - rel(sentence, a)[1] <= 40
            ]
            if owner:
                ctx.emit(owner[-1].slug, "locatedIn", place.slug, sentence, "company-from", 0.7)
                seats.append(place)
    return seats


def headed_by_rule(ctx: Context, sentence: Sentence) -> None:
    """ "Le directeur général de l'ADD, Karim Idrissi" / "Nadia Tazi, présidente de X"."""
    people = [r for r in sentence.refs_of("Actor") if ctx.classes.get(r.slug) == "Person"]
    if not people:
        return
    for start, end in markers(sentence.text, HEAD_ROLES):
        orgs = refs_after(sentence, end, ("Actor",), limit=12)
        orgs = [o for o in orgs if ctx.classes.get(o.slug) != "Person"][:1]
        if not orgs:
            continue
        org_end = rel(sentence, orgs[0])[1]
        after = [p for p in people if 0 <= rel(sentence, p)[0] - org_end <= 6]
        before = [p for p in people if 0 <= start - rel(sentence, p)[1] <= 8]
        for person in (after or before)[:1]:
            ctx.emit(orgs[0].slug, "headedBy", person.slug, sentence, "role-of-person", 0.8)
    for start, end in markers(sentence.text, HEAD_MARKERS):
        person = [p for p in people if 0 <= rel(sentence, p)[0] - end <= 25]
        orgs = [
            r
            for r in sentence.refs_of("Actor")
            if ctx.classes.get(r.slug) != "Person" and 0 <= start - rel(sentence, r)[1] <= 80
        ]
        if person and orgs:
            ctx.emit(orgs[-1].slug, "headedBy", person[0].slug, sentence, "headed-by", 0.8)


def location_rule(
    ctx: Context, sentence: Sentence, focus: Ref, seats: list[Ref] | None = None
) -> None:
    """Places after à / en / au / dans, about the focus, and places nested in a name."""
    if focus.top in ("Initiative", "Opportunity"):
        for ref in sentence.refs_of("Place"):
            if seats and ref in seats:
                continue
            if is_locative(sentence, ref):
                # "à Tanger, Agadir et Oujda": the places listed after the first one too.
                listed = coordinated_after(sentence, rel(sentence, ref)[0], ("Place",))
                for place in listed or [ref]:
                    if not (seats and place in seats):
                        ctx.emit(
                            focus.slug,
                            "locatedIn",
                            place.slug,
                            sentence,
                            "place-after-locative",
                            0.8,
                        )
    for ref in sentence.refs_of("Place", nested=True):
        if not ref.nested or preceding_word(sentence, ref) not in LOCATIVE_PREPOSITIONS:
            continue
        for outer in sentence.refs_of("Initiative", "Opportunity"):
            if outer.start <= ref.start and ref.end <= outer.end:
                ctx.emit(outer.slug, "locatedIn", ref.slug, sentence, "place-in-name", 0.85)


def value_rules(
    ctx: Context, sentence: Sentence, focus: Ref | None, dated: Ref | None = None
) -> None:
    """Targets, budgets and dates of the focus initiative (or of the initiative a relative
    clause hangs on: "…, qui vise 500 mégawatts")."""
    if focus is not None and focus.top != "Initiative":
        focus = None
    amounts = find_amounts(sentence.text)
    dates = find_dates(sentence.text)
    names = [rel(sentence, r) for r in sentence.refs]
    taken = names + [(s, e) for s, e, _ in amounts] + [(s, e) for s, e, _ in dates]
    for start, _, amount in amounts:
        owner = _relative_owner(sentence, start) or focus
        if owner is not None:
            ctx.emit(owner.slug, "hasBudget", amount, sentence, "amount", 0.8)
    for start, _, quantity in find_quantities(sentence.text, taken):
        owner = _relative_owner(sentence, start) or focus
        if owner is not None:
            ctx.emit(owner.slug, "hasTarget", quantity, sentence, "quantity-target", 0.75)
    event = _event(sentence)
    when = dated or focus
    if event and when is not None:
        for _, _, date in dates:
            value = type(date)(date.value, event)
            ctx.emit(when.slug, "date", value, sentence, "dated-event", 0.75)


def objective_rule(ctx: Context, sentence: Sentence) -> None:
    """ "Dans le cadre de Maroc Digital 2030, l'objectif de 3 000 startups d'ici 2030": the
    objective belongs to the framing initiative when the sentence has no focus of its own."""
    frames = [
        r
        for _, end in markers(sentence.text, MEMBERSHIP_MARKERS)
        for r in refs_after(sentence, end, ("Initiative",), limit=40)[:1]
    ]
    objective = re.search(r"\bobjectifs?\b[^.;]{0,20}?\bde\s+", sentence.text)
    if not frames or not objective:
        return
    taken = [rel(sentence, r) for r in sentence.refs]
    for start, _, quantity in find_quantities(sentence.text, taken):
        if objective.end() <= start <= objective.end() + 25:
            ctx.emit(frames[0].slug, "hasTarget", quantity, sentence, "framed-objective", 0.7)


def _relative_owner(sentence: Sentence, pos: int) -> Ref | None:
    """ "… la stratégie Maroc Digital 2030, qui vise … 500 mégawatts": the figure belongs to the
    initiative the relative clause hangs on, not to the sentence's focus."""
    before = [r for r in sentence.refs_of("Initiative") if rel(sentence, r)[1] <= pos]
    if not before:
        return None
    gap = sentence.text[rel(sentence, before[-1])[1] : pos]
    return before[-1] if re.match(r"\s*,?\s*qui\b", gap) and not re.search(r"[;.]", gap) else None


def _event(sentence: Sentence) -> str | None:
    for token in sentence.tokens:
        if token.pos_ not in ("VERB", "AUX", "ADJ", "NOUN", "PROPN"):
            continue
        # The model leaves some capitalised participles unlemmatised ("Lancé").
        guess = re.sub(r"(?:é|ée|és|ées)$", "er", token.lower_)
        for lemma in (token.lemma_.lower(), guess):
            if lemma in EVENT_OF_VERB and (token.pos_ in ("VERB", "AUX", "ADJ") or lemma == guess):
                return EVENT_OF_VERB[lemma]
    return None


def partner_rule(ctx: Context, sentence: Sentence, anchor: Ref | None, skip: list[str]) -> None:
    """ "signé avec le groupe Onepoint", "en partenariat avec X": the anchor partners X."""
    if anchor is None or anchor.top not in ("Actor", "Initiative", "Place"):
        return
    for start, end in markers(sentence.text, PARTNER_MARKERS):
        # "X s'est associé à Y": X is the partner, whatever the sentence is about.
        subject = (
            subject_before(sentence, start) if sentence.text[start:].startswith("s'") else None
        )
        for ref in coordinated_after(sentence, end):
            if ref.slug not in skip:
                owner = subject or anchor
                ctx.emit(owner.slug, "partnerOf", ref.slug, sentence, "partner-marker", 0.75)


def structure_rules(ctx: Context, sentence: Sentence, focus: Ref | None) -> None:
    """Membership ("dans le cadre de la stratégie X et du plan Y") and oversight ("placé sous la
    tutelle du MESRSI"); without a focus, the actor the sentence is about is the subject."""
    for start, end in markers(sentence.text, MEMBERSHIP_MARKERS):
        member = focus or subject_before(sentence, start)
        if member is None or member.top not in ("Initiative", "Actor"):
            continue
        for ref in refs_after(sentence, end, ("Initiative",), limit=70):
            ctx.emit(member.slug, "partOf", ref.slug, sentence, "member-of", 0.75)
    for match in _STEERS.finditer(sentence.text):  # "L'ADD en assurera le pilotage"
        actor = subject_before(sentence, match.start())
        target = focus or ctx.paragraph_focus
        if actor is not None and actor.top == "Actor" and target is not None:
            ctx.emit(actor.slug, "oversees", target.slug, sentence, "steers", 0.7)
    for start, end in markers(sentence.text, OVERSIGHT_MARKERS):
        supervised = focus or _first_actor(sentence, start)
        for ref in refs_after(sentence, end, ("Actor",), limit=60)[:1]:
            if supervised is not None:
                ctx.emit(ref.slug, "oversees", supervised.slug, sentence, "under-supervision", 0.75)


_STEERS = re.compile(
    r"\b(?:en\s+|y\s+)?(?:assure|assurera|assurent|assureront|assurer|garantira)\s+"
    r"(?:le pilotage|la supervision|le suivi|la coordination|la tutelle|la gouvernance)",
    re.I,
)


def _first_actor(sentence: Sentence, before: int) -> Ref | None:
    actors = [r for r in sentence.refs_of("Actor") if rel(sentence, r)[1] <= before]
    return actors[0] if actors else None


def title_actor_rule(ctx: Context, title: Sentence, topic: Ref) -> None:
    """ "Oracle — Centre R&D…" or "AI Movement (OCP)": the actor leads the titled initiative."""
    if topic.top != "Initiative":
        return
    for ref in title.refs_of("Actor"):
        start, end = rel(title, ref)
        dash = re.match(r"\s*[—–:-]\s", title.text[end:])
        bracket = title.text[:start].rstrip().endswith("(") and title.text[end:].startswith(")")
        if (dash and start == 0) or bracket:
            ctx.emit(ref.slug, "leads", topic.slug, title, "title-actor", 0.7)


_MEMBER = re.compile(
    r"^(?:le|la|l'|un|une)\s+(?:premi(?:er|ère)|second|seconde|\w+ième|nouvel|nouveau|nouvelle|"
    r"derni(?:er|ère))\s+",
    re.I,
)


def member_rule(ctx: Context, sentence: Sentence, topic: Ref | None) -> Ref | None:
    """ "Le troisième institut du réseau a ouvert … à Oujda": a new member of the topic network.

    Returns the member, which the rest of the paragraph is about.
    """
    match = _MEMBER.match(sentence.text)
    if topic is None or topic.top != "Initiative" or not match:
        return None
    head = head_at(sentence.text, match.end(), INITIATIVE_HEADS)
    if head is None:
        return None
    places = [
        r for r in sentence.refs_of("Place") if preceding_word(sentence, r) in LOCATIVE_PREPOSITIONS
    ]
    where = f" — {ctx.labels.get(places[0].slug, places[0].slug)}" if places else ""
    label = f"{ctx.labels.get(topic.slug, topic.slug)}{where}"
    end = match.end() + len(head[0])
    member = ctx.mint(label, head[1], "Initiative", sentence.start, sentence.offset(end), 0.6)
    ctx.emit(member.slug, "partOf", topic.slug, sentence, "member-of-network", 0.75)
    return member


# Nouns too general to refer back to one initiative ("l'application de la loi").
_GENERIC_HEADS = frozenset({"application", "outil", "logiciel", "formation", "vision"})


def reference_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """Unnamed references to earlier initiatives: "les accords pour une IA responsable"."""
    found = []
    for match in re.finditer(r"\b(?:(?:les|le|la|ces|ce|cette|cet)\s+|l')", sentence.text, re.I):
        head = head_at(sentence.text, match.end(), INITIATIVE_HEADS)
        if not head or head[0] in _GENERIC_HEADS:
            continue
        pos = match.end() + len(head[0])
        if any(rel(sentence, r)[0] <= match.end() < rel(sentence, r)[1] for r in sentence.refs):
            continue
        tail = re.split(r"[,;.()]", sentence.text[pos : pos + 60])[0]
        slug = ctx.resolve(head[1], content_words(tail))
        if slug:
            start = sentence.offset(match.end())
            found.append(Ref(slug, "Initiative", head[1], start, sentence.offset(pos)))
    return found
