"""Relation rules: each reads one sentence about a focus entity and emits facts.

Every rule is named (the name is recorded in the evidence) and has a confidence. Rules read the
normalised sentence text, the mentions found in it, and spaCy lemmas for verbs.
"""

from __future__ import annotations

import re

from .context import Context, Sentence
from .lexicon import (
    CREATION_PARTICIPLES,
    CREATION_VERBS,
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
_CLAUSE_END = re.compile(r"[;.!?]| pour | afin | qui | dont ")


def markers(text: str, phrases) -> list[tuple[int, int]]:
    """Spans of *phrases* in *text* on word boundaries (case-insensitive)."""
    lower = text.lower()
    found = []
    for phrase in phrases:
        for m in re.finditer(rf"(?<![\w']){re.escape(phrase)}(?!\w)", lower):
            found.append((m.start(), m.end()))
    return sorted(found)


def _rel(sentence: Sentence, ref: Ref) -> tuple[int, int]:
    return ref.start - sentence.start, ref.end - sentence.start


def refs_after(sentence: Sentence, pos: int, tops, limit: int = 120) -> list[Ref]:
    """Mentions of *tops* starting after *pos* (relative), up to the clause end or *limit*."""
    stop = _CLAUSE_END.search(sentence.text, pos)
    end = min(stop.start() if stop else len(sentence.text), pos + limit)
    return [r for r in sentence.refs_of(*tops) if pos <= _rel(sentence, r)[0] < end]


def preceding_word(sentence: Sentence, ref: Ref) -> str:
    """The word before a mention, past a definite article, lower-case ("à", "en", "une"…)."""
    before = sentence.text[: _rel(sentence, ref)[0]].lower()
    before = re.sub(r"(?:\b(?:le|la|les)\s+|\bl')$", "", before.rstrip() + " ").rstrip()
    before = re.sub(r"\bl'$", "", before).rstrip()
    match = re.search(r"([\w']+)$", before)
    return match.group(1) if match else ""


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
        ctx.emit(focus.slug, "targetsSector", ref.slug, sentence, "sector-in-focus", 0.8)


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
        after = [r for r in refs_after(sentence, _rel(sentence, places[0])[1], ("Actor",), 60)]
        before = [
            r for r in sentence.refs_of("Actor") if 0 <= participle - _rel(sentence, r)[1] <= 60
        ]
        opens = not sentence.text[:participle].strip(" ,")  # "Basée à Agadir, la startup X"
        actor = (after[:1] if opens else before[-1:] or after[:1]) or [None]
        actor = actor[0]
        if actor is not None and actor.top == "Actor":
            ctx.emit(actor.slug, "locatedIn", places[0].slug, sentence, "seat-of-actor", 0.75)
            seats.append(places[0])
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
        org_end = _rel(sentence, orgs[0])[1]
        after = [p for p in people if 0 <= _rel(sentence, p)[0] - org_end <= 6]
        before = [p for p in people if 0 <= start - _rel(sentence, p)[1] <= 8]
        for person in (after or before)[:1]:
            ctx.emit(orgs[0].slug, "headedBy", person.slug, sentence, "role-of-person", 0.8)
    for start, end in markers(sentence.text, HEAD_MARKERS):
        person = [p for p in people if 0 <= _rel(sentence, p)[0] - end <= 25]
        orgs = [
            r
            for r in sentence.refs_of("Actor")
            if ctx.classes.get(r.slug) != "Person" and 0 <= start - _rel(sentence, r)[1] <= 12
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
            if _is_locative(sentence, ref):
                # "à Tanger, Agadir et Oujda": the places listed after the first one too.
                listed = coordinated_after(sentence, _rel(sentence, ref)[0], ("Place",))
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


_NEAR = re.compile(
    r"(?:près|non loin|aux portes|au sein|aux environs|au cœur)\s+(?:de|du|d')\s*(?:la |l')?$"
)


def _is_locative(sentence: Sentence, ref: Ref) -> bool:
    """ "à Tanger", "en Afrique", "dans le Souss", "près de Dakhla", "au sein du parc X"."""
    if preceding_word(sentence, ref) in LOCATIVE_PREPOSITIONS:
        return True
    return bool(
        _NEAR.search(sentence.text[: _rel(sentence, ref)[0]].lower().rstrip() + " ")
    ) or bool(_NEAR.search(sentence.text[: _rel(sentence, ref)[0]].lower().rstrip()))


def value_rules(ctx: Context, sentence: Sentence, focus: Ref | None) -> None:
    """Targets, budgets and dates of the focus initiative (or of the initiative a relative
    clause hangs on: "…, qui vise 500 mégawatts")."""
    if focus is not None and focus.top != "Initiative":
        focus = None
    amounts = find_amounts(sentence.text)
    dates = find_dates(sentence.text)
    names = [_rel(sentence, r) for r in sentence.refs]
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
    if event and focus is not None:
        for _, _, date in dates:
            value = type(date)(date.value, event)
            ctx.emit(focus.slug, "date", value, sentence, "dated-event", 0.75)


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
    taken = [_rel(sentence, r) for r in sentence.refs]
    for start, _, quantity in find_quantities(sentence.text, taken):
        if objective.end() <= start <= objective.end() + 25:
            ctx.emit(frames[0].slug, "hasTarget", quantity, sentence, "framed-objective", 0.7)


def _relative_owner(sentence: Sentence, pos: int) -> Ref | None:
    """ "… la stratégie Maroc Digital 2030, qui vise … 500 mégawatts": the figure belongs to the
    initiative the relative clause hangs on, not to the sentence's focus."""
    before = [r for r in sentence.refs_of("Initiative") if _rel(sentence, r)[1] <= pos]
    if not before:
        return None
    gap = sentence.text[_rel(sentence, before[-1])[1] : pos]
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


def creation_rule(ctx: Context, sentence: Sentence, focus: Ref | None) -> list[Ref]:
    """ "Oracle a ouvert un centre…" (active) and "mis en place par l'OCP" (passive).

    Returns the initiatives created, in the order of the text.
    """
    created: list[Ref] = []
    for token in sentence.tokens:
        lemma = token.lemma_.lower()
        if lemma not in CREATION_VERBS or token.pos_ not in ("VERB", "AUX"):
            continue
        pos = token.idx - sentence.tokens[0].idx
        if lemma == "mettre" and "en place" not in sentence.text[pos : pos + 20].lower():
            continue
        if sentence.text[max(0, pos - 4) : pos].lower().strip() == "par":
            continue
        subject = subject_before(sentence, pos)
        if "Inf" in token.morph.get("VerbForm") and re.search(
            r"\b(?:pour|afin de|afin d')\s*$", sentence.text[:pos]
        ):
            subject = _main_subject(sentence) or subject  # "X s'est associé à Y pour construire"
        target = _object_before_que(ctx, sentence, subject) or initiative_after(
            ctx, sentence, pos + len(token.text), focus, subject
        )
        if subject and target:
            chain = coordinated_before(sentence, pos)
            in_chain = subject.slug in {r.slug for r in chain}
            for actor in chain if in_chain else [subject]:
                ctx.emit(actor.slug, "leads", target.slug, sentence, "actor-creates", 0.85)
            created.append(target)
    for start, end in markers(sentence.text, CREATION_PARTICIPLES):
        agent = re.match(r"(?:\s+[^\s,.;]+){0,4}?\s+par\s+", sentence.text[end:])
        if not agent:
            continue
        actors = coordinated_after(sentence, end + agent.end(), ("Actor", "Place"))
        actors = [a for a in actors if _rel(sentence, a)[0] - (end + agent.end()) < 60]
        target = (
            _initiative_before(sentence, start)
            or _unnamed_before(ctx, sentence, start, actors)
            or focus
        )
        if actors and target and target.top == "Initiative":
            for actor in actors:
                ctx.emit(actor.slug, "leads", target.slug, sentence, "created-by-agent", 0.85)
            created.append(target)
    return created


def subject_before(sentence: Sentence, pos: int) -> Ref | None:
    """The actor (or country) named just before a verb, in the same clause."""
    candidates = [r for r in sentence.refs_of("Actor", "Place") if _rel(sentence, r)[1] <= pos]
    if not candidates:
        return None
    ref = candidates[-1]
    between = sentence.text[_rel(sentence, ref)[1] : pos]
    if len(between) > 45 or re.search(r"[;:.,]", between):
        return None
    if preceding_word(sentence, ref) in ("avec", "par", "de", "du", "des", "d'", "entre"):
        return None
    start = sentence.start + _rel(sentence, ref)[1]
    if any(
        t.pos_ == "VERB"
        and start <= sentence.start + t.idx - sentence.tokens[0].idx < sentence.start + pos
        for t in sentence.tokens
    ):
        return None  # another verb in between: the actor is not this verb's subject
    if ref.top == "Place" and preceding_word(sentence, ref) in LOCATIVE_PREPOSITIONS:
        return None
    return ref


def initiative_after(
    ctx: Context,
    sentence: Sentence,
    pos: int,
    focus: Ref | None,
    subject: Ref | None,
    parties: list[Ref] | None = None,
) -> Ref | None:
    """The initiative a verb creates: a named one, a new named one, or the focus by its noun."""
    named = refs_after(sentence, pos, ("Initiative",), limit=70)
    if named:
        return named[0]
    window = sentence.text[pos : pos + 90]
    for m in re.finditer(r"\b(?:un|une|le|la|les|l'|des|son|sa|ses|leur|ce|cette)\s+", window):
        head = head_at(sentence.text, pos + m.end(), INITIATIVE_HEADS)
        if not head:
            continue
        if focus is not None and compatible(ctx.classes.get(focus.slug), head[1]):
            return focus
        linked = ctx.link_by_words(sentence.text, "Initiative", head[1])
        if linked is not None:
            start = sentence.offset(pos + m.end())
            ref = Ref(linked, "Initiative", head[1], start, start + len(head[0]))
            ctx.note_mention(ref)
            return ref
        creators = [subject] if subject is not None else parties or []
        if creators and head[1] != "Agreement":  # agreements: see agreement_rule
            phrase = head_phrase(sentence.text, pos + m.end(), head[0])
            names = ", ".join(ctx.labels.get(c.slug, c.slug) for c in creators)
            label = f"{phrase[0].upper()}{phrase[1:]} ({names})"
            start = sentence.offset(pos + m.end())
            return ctx.mint(label, head[1], "Initiative", start, start + len(phrase), 0.6)
    return None


def head_phrase(text: str, pos: int, head: str) -> str:
    """An unnamed initiative's head noun with its complement: "master en intelligence
    artificielle", "centre d'innovation".

    >>> head_phrase("un master en intelligence artificielle appliquée à l'État", 3, "master")
    'master en intelligence artificielle'
    """
    rest = text[pos + len(head) :]
    match = re.match(
        r"(?:\s+(?:en|de|d'|du|des)\s*[\w'-]+(?:\s+(?!appliqu|dédi|consacr)[a-zà-ÿ-]+)?)?", rest
    )
    complement = re.sub(r"\s+\w+(?:é|ée|és|ées)$", "", match.group(0) if match else "")
    return (head + complement).strip()


def coordinated_before(sentence: Sentence, verb: int) -> list[Ref]:
    """ "X et Y ont signé", "le ministère (MESRSI) et le CNRST ont lancé": the actors joined by
    "et" / "," just before the verb (an acronym in brackets is the same actor again)."""
    refs = [r for r in sentence.refs_of("Actor", "Place") if r.end - sentence.start <= verb]
    chain: list[Ref] = []
    limit = verb
    for ref in reversed(refs):
        if preceding_word(sentence, ref) in LOCATIVE_PREPOSITIONS | {"de", "par", "avec", "pour"}:
            break
        gap = sentence.text[ref.end - sentence.start : limit]
        bare = gap.replace("(", " ").replace(")", " ")
        joined = re.match(r"\s*(?:,|et\b|ainsi que\b)", bare) and len(gap) < 40
        same = not bare.strip()
        if (
            chain
            and not same
            and not (joined and re.fullmatch(r"[\s,]*(?:et|ainsi que)?[\s\w'-]*", bare))
        ):
            break
        if not chain and len(gap) > 30:
            break
        chain.insert(0, ref)
        limit = ref.start - sentence.start
    return unique(chain)


def _main_subject(sentence: Sentence) -> Ref | None:
    """The actor a sentence opens with, when it is the subject of the first verb."""
    verb = next((t for t in sentence.tokens if "Fin" in t.morph.get("VerbForm")), None)
    if verb is None:
        return None
    first = [
        r
        for r in sentence.refs_of("Actor")
        if r.end - sentence.start <= verb.idx - sentence.tokens[0].idx
    ]
    if not first or _rel(sentence, first[0])[0] > 40:
        return None
    return subject_before(sentence, verb.idx - sentence.tokens[0].idx) and first[0]


def _object_before_que(ctx: Context, sentence: Sentence, subject: Ref | None) -> Ref | None:
    """ "un nouveau centre de données que Maroc Telecom construit": the object before "que"."""
    if subject is None:
        return None
    before = sentence.text[: _rel(sentence, subject)[0]]
    que = re.search(r"\bqu(?:e\s+|')(?:le |la |l')?$", before)
    if not que:
        return None
    for m in re.finditer(
        r"\b(?:un|une|le|la|l'|ce|cette)\s+(?:(?:nouvel|nouveau|nouvelle)\s+)?",
        before[max(0, que.start() - 60) : que.start()],
    ):
        pos = max(0, que.start() - 60) + m.end()
        head = head_at(sentence.text, pos, INITIATIVE_HEADS)
        if head and head[1] != "Agreement":
            phrase = head_phrase(sentence.text, pos, head[0])
            label = (
                f"{phrase[0].upper()}{phrase[1:]} ({ctx.labels.get(subject.slug, subject.slug)})"
            )
            start = sentence.offset(pos)
            return ctx.mint(label, head[1], "Initiative", start, start + len(phrase), 0.6)
    return None


def compatible(focus_cls: str | None, head_cls: str) -> bool:
    """Whether a noun of class *head_cls* can refer back to an initiative of *focus_cls*."""
    return focus_cls == head_cls or "Project" in (head_cls, focus_cls)


def _unnamed_before(ctx: Context, sentence: Sentence, pos: int, actors: list[Ref]) -> Ref | None:
    """ "les lignes directrices sur l'IA publiées … par la CNDP": an unnamed initiative."""
    window = max(0, pos - 70)
    found = None
    for m in re.finditer(r"\b(?:les|le|la|l'|un|une|des|ses|son|sa)\s*", sentence.text[window:pos]):
        head = head_at(sentence.text, window + m.end(), INITIATIVE_HEADS)
        if head and head[1] != "Agreement":
            found = (window + m.end(), head)
    if found is None or not actors:
        return None
    at, head = found
    phrase = head_phrase(sentence.text, at, head[0])
    label = f"{phrase[0].upper()}{phrase[1:]} ({ctx.labels.get(actors[0].slug, actors[0].slug)})"
    return ctx.mint(
        label, head[1], "Initiative", sentence.offset(at), sentence.offset(at + len(phrase)), 0.6
    )


def _initiative_before(sentence: Sentence, pos: int) -> Ref | None:
    before = [r for r in sentence.refs_of("Initiative") if _rel(sentence, r)[1] <= pos]
    if before and pos - _rel(sentence, before[-1])[1] < 60:
        return before[-1]
    return None


def unique(refs: list[Ref]) -> list[Ref]:
    seen, result = set(), []
    for ref in refs:
        if ref.slug not in seen:
            seen.add(ref.slug)
            result.append(ref)
    return result


def partner_rule(ctx: Context, sentence: Sentence, anchor: Ref | None, skip: list[str]) -> None:
    """ "signé avec le groupe Onepoint", "en partenariat avec X": the anchor partners X."""
    if anchor is None or anchor.top not in ("Actor", "Initiative", "Place"):
        return
    for _, end in markers(sentence.text, PARTNER_MARKERS):
        for ref in coordinated_after(sentence, end):
            if ref.slug not in skip:
                ctx.emit(anchor.slug, "partnerOf", ref.slug, sentence, "partner-marker", 0.75)


_CLAUSE_BREAK = re.compile(r"\b(?:tandis|alors|mais|qui|que|qu'|dont|afin|pour)\b|[;.:]")


def coordinated_after(sentence: Sentence, pos: int, tops=("Actor",)) -> list[Ref]:
    """The actors listed right after *pos*: "avec l'UM6P, Inwi et le groupe OCP"."""
    chain: list[Ref] = []
    cursor = pos
    for ref in sentence.refs_of(*tops):
        start, end = _rel(sentence, ref)
        if start < cursor:
            continue
        gap = sentence.text[cursor:start]
        if chain:
            listed = re.fullmatch(
                r"[\s,]*(?:et|ainsi que|ou|comme|avec)?\s*(?:des |de |du |le |la |les |l')?\s*"
                r"(?:[\w'-]+\s+){0,3}",
                gap,
            ) and re.search(r",|\bet\b|ainsi que|\bou\b|\bavec\b", gap)
        else:  # the first one may come after a list of kinds: "des universités, …, comme l'"
            listed = len(gap) <= 80 and not _CLAUSE_BREAK.search(gap)
        if not listed:
            break
        chain.append(ref)
        cursor = end
    return unique(chain)


def structure_rules(ctx: Context, sentence: Sentence, focus: Ref | None) -> None:
    """Membership ("dans le cadre de la stratégie X et du plan Y") and oversight ("placé sous la
    tutelle du MESRSI"); without a focus, the actor the sentence is about is the subject."""
    for start, end in markers(sentence.text, MEMBERSHIP_MARKERS):
        member = focus or subject_before(sentence, start)
        if member is None or member.top not in ("Initiative", "Actor"):
            continue
        for ref in refs_after(sentence, end, ("Initiative",), limit=70):
            ctx.emit(member.slug, "partOf", ref.slug, sentence, "member-of", 0.75)
    for start, end in markers(sentence.text, OVERSIGHT_MARKERS):
        supervised = focus or _first_actor(sentence, start)
        for ref in refs_after(sentence, end, ("Actor",), limit=60)[:1]:
            if supervised is not None:
                ctx.emit(ref.slug, "oversees", supervised.slug, sentence, "under-supervision", 0.75)


def _first_actor(sentence: Sentence, before: int) -> Ref | None:
    actors = [r for r in sentence.refs_of("Actor") if _rel(sentence, r)[1] <= before]
    return actors[0] if actors else None


def title_actor_rule(ctx: Context, title: Sentence, topic: Ref) -> None:
    """ "Oracle — Centre R&D…" or "AI Movement (OCP)": the actor leads the titled initiative."""
    if topic.top != "Initiative":
        return
    for ref in title.refs_of("Actor"):
        start, end = _rel(title, ref)
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
_GENERIC_HEADS = frozenset({"application", "outil", "logiciel", "formation", "plan", "vision"})


_DERIVED = re.compile(
    r"\b(?:qui en (?:découle|résulte|est issue?)|issue? de (?:cet|ce|l')\s*(?:accord|protocole|"
    r"partenariat|convention|mémorandum))",
    re.I,
)


def derived_rule(ctx: Context, sentence: Sentence, focus: Ref | None) -> None:
    """ "le programme qui en découle": the parties of the last agreement lead it."""
    if focus is None or focus.top != "Initiative" or not _DERIVED.search(sentence.text):
        return
    agreements = [f for f in ctx.facts if f.relation == "signatory"]
    if not agreements:
        return
    last = agreements[-1].subject
    for fact in agreements:
        if fact.subject == last and fact.subject != focus.slug:
            ctx.emit(fact.object, "leads", focus.slug, sentence, "derived-from-agreement", 0.7)


def reference_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """Unnamed references to earlier initiatives: "les accords pour une IA responsable"."""
    found = []
    for match in re.finditer(r"\b(?:(?:les|le|la|ces|ce|cette|cet)\s+|l')", sentence.text, re.I):
        head = head_at(sentence.text, match.end(), INITIATIVE_HEADS)
        if not head or head[0] in _GENERIC_HEADS:
            continue
        pos = match.end() + len(head[0])
        if any(_rel(sentence, r)[0] <= match.end() < _rel(sentence, r)[1] for r in sentence.refs):
            continue
        tail = re.split(r"[,;.()]", sentence.text[pos : pos + 60])[0]
        slug = ctx.resolve(head[1], content_words(tail))
        if slug:
            start = sentence.offset(match.end())
            found.append(Ref(slug, "Initiative", head[1], start, sentence.offset(pos)))
    return found
