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
from .creation import compatible
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
from .oversight import oversight_rule
from .partners import (
    MADE_WITH,
    apposition_head,
    created_here,
    funding_rule,
    is_support,
    listed_partners_rule,
)
from .people import ROLES
from .places import (
    company_from_rule,
    demonym_rule,
    hosted_rule,
    hosts_rule,
    named_place_rule,
    seat_phrase_rule,
)
from .premises import premises_rule
from .venues import is_venue

# "Créée en 2022 à Nador par A et B, la société X": where it was created is where it is, but only
# when the participle opens the sentence ("un centre créé à Rabat par X" is not X's seat).
_OPENING_SEATS = ("créé", "créée", "cofondé", "cofondée")


def seat_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """ "Basée à Agadir, la startup X" / "X, installée à Rabat": where an actor is; and where a
    name, a participle or a hosting place puts an actor or an initiative (places.py).

    Returns the places read this way, so that they are not taken for the focus's location.
    """
    seats = named_place_rule(ctx, sentence) + hosted_rule(ctx, sentence)
    seats += hosts_rule(ctx, sentence) + seat_phrase_rule(ctx, sentence)
    for _, end in markers(sentence.text, SEAT_PARTICIPLES + _OPENING_SEATS):
        places = refs_after(sentence, end, ("Place",), limit=25)[:1]
        if places and places[0] in seats:
            continue  # an initiative's place ("une plateforme, installée à Oujda")
        participle = end - len(sentence.text[:end].split()[-1])
        if not places or (
            sentence.text[participle:end].lower() in _OPENING_SEATS
            and sentence.text[:participle].strip(" ,")
        ):
            continue
        tops = ("Actor", "Initiative")  # "Basé à Meknès, l'institut « X » forme…"
        after = [r for r in refs_after(sentence, rel(sentence, places[0])[1], tops, 60)]
        before = [
            r for r in sentence.refs_of("Actor") if 0 <= participle - rel(sentence, r)[1] <= 60
        ]
        opens = not sentence.text[:participle].strip(" ,")  # "Basée à Agadir, la startup X"
        # "Créée à Nador par A et B, la société X": the founders are not what is based there
        after = [r for r in after if ctx.classes.get(r.slug) != "Person"] if opens else after
        if opens and after and after[0].top == "Initiative":
            ctx.emit(after[0].slug, "locatedIn", places[0].slug, sentence, "hosted-at", 0.75)
            seats.append(places[0])
            continue
        after = [r for r in after if r.top == "Actor"]
        actor = (after[:1] if opens else before[-1:] or after[:1]) or [None]
        actor = actor[0]
        if actor is not None and actor.top == "Actor":
            ctx.emit(actor.slug, "locatedIn", places[0].slug, sentence, "seat-of-actor", 0.75)
            seats.append(places[0])
    return seats + company_from_rule(ctx, sentence) + demonym_rule(ctx, sentence)


_HEADED_CENTRES = frozenset({"RDCentre", "CentreOfExcellence"})


def headed_by_rule(ctx: Context, sentence: Sentence) -> None:
    """ "Le directeur général de l'ADD, Karim Idrissi" / "Nadia Tazi, présidente de X"."""
    people = [r for r in sentence.refs_of("Actor") if ctx.classes.get(r.slug) == "Person"]
    if not people:
        return
    for start, end in markers(sentence.text, HEAD_ROLES):
        orgs = refs_after(sentence, end, ("Actor",), limit=12)
        orgs = [o for o in orgs if ctx.classes.get(o.slug) != "Person"][:1]
        if not orgs:
            _possessive_role(ctx, sentence, start, end, people)
            continue
        org_end = rel(sentence, orgs[0])[1]
        after = [p for p in people if 0 <= rel(sentence, p)[0] - org_end <= 6]
        before = [
            p
            for p in people
            if _ROLES_BETWEEN.fullmatch(sentence.text[rel(sentence, p)[1] : start])
        ]
        for person in (after or before)[:1]:
            ctx.emit(orgs[0].slug, "headedBy", person.slug, sentence, "role-of-person", 0.8)
    for start, end in markers(sentence.text, HEAD_MARKERS):
        person = [p for p in people if 0 <= rel(sentence, p)[0] - end <= 25]
        orgs = [
            r
            for r in sentence.refs_of("Actor")
            if ctx.classes.get(r.slug) != "Person"
            and 0 <= start - rel(sentence, r)[1] <= 80
            and ":" not in sentence.text[rel(sentence, r)[1] : start]
        ]
        # "Laboratoire X : ouvert en 2025 et dirigé par Y": the centre the item is about.
        topic = ctx.topic if ctx.topic is not None and ctx.topic.cls in _HEADED_CENTRES else None
        headed = orgs[-1] if orgs else topic or _fronted_centre(ctx, sentence, start, person)
        if person and headed is not None:
            ctx.emit(headed.slug, "headedBy", person[0].slug, sentence, "headed-by", 0.8)


# "Hamid Tazi, fondateur et directeur général de X": a comma, then other roles of the person.
_ROLES_BETWEEN = re.compile(rf"\s*,?\s*(?:la |le |l')?(?:(?:{ROLES})\s*(?:,|et)\s*)*", re.I)


def _fronted_centre(ctx: Context, sentence: Sentence, start: int, person: list[Ref]) -> Ref | None:
    """ "Dirigé par Leila Amrani, le laboratoire « X »…": the centre the opening phrase
    describes, the subject after its comma."""
    if not person or sentence.text[:start].strip():
        return None  # the phrase does not open the sentence
    comma = sentence.text.find(",", rel(sentence, person[0])[1])
    after = [r for r in sentence.refs if rel(sentence, r)[0] > comma] if comma >= 0 else []
    if not after or ctx.classes.get(after[0].slug) not in _HEADED_CENTRES:
        return None
    return after[0] if rel(sentence, after[0])[0] - comma < 40 else None


def _possessive_role(ctx: Context, sentence: Sentence, start: int, end: int, people) -> None:
    """ "Son fondateur, Omar X, …": the person heads the actor this sentence names before the
    role (not a complement: "ingénieurs de l'Université Y"), else the one its paragraph opens
    with."""
    if not re.search(r"\b(?:son|sa)\s+$", sentence.text[:start], re.I):
        return
    person = [p for p in people if 0 <= rel(sentence, p)[0] - end <= 3]
    here = [
        r.slug
        for r in sentence.refs_of("Actor")
        if rel(sentence, r)[0] < start
        and ctx.classes.get(r.slug) != "Person"
        and preceding_word(sentence, r) not in ("de", "du", "des", "d'", "par", "avec", "auprès")
    ]
    paragraph = ctx.document.text.rfind("\n", 0, sentence.start) + 1
    opening = [
        m.slug
        for m in sorted(ctx.mentions, key=lambda m: m.start)
        if paragraph <= m.start < sentence.start
        and ctx.tops.get(m.slug) == "Actor"
        and ctx.classes.get(m.slug) != "Person"
    ]
    owner = (here[-1:] or opening[:1] or [None])[0]
    if person and owner:
        ctx.emit(owner, "headedBy", person[0].slug, sentence, "role-of-person", 0.75)


# An opportunity lies where it is turned to: "exporter … vers l'Afrique subsaharienne".
_TOWARDS = frozenset({"vers", "pour"})


def location_rule(
    ctx: Context, sentence: Sentence, focus: Ref, seats: list[Ref] | None = None
) -> None:
    """Places after à / en / au / dans (and, for an opportunity, vers / pour), about the focus,
    and places nested in a name."""
    if focus.top in ("Initiative", "Opportunity"):
        for ref in sentence.refs_of("Place"):
            if seats and ref in seats:
                continue
            towards = focus.top == "Opportunity" and preceding_word(sentence, ref) in _TOWARDS
            # "à Tanger, Agadir et Oujda": the places listed after the first one too.
            listed = coordinated_after(sentence, rel(sentence, ref)[0], ("Place",))
            if is_venue(ctx, sentence, ref, focus):
                continue  # "présentée à Marrakech": where it was shown, not where it is
            if focus.top == "Initiative" and ctx.classes.get(ref.slug) == "Country":
                continue  # "le premier centre de ce type au Maroc": its reach, not a site
            covered = _COVERS.search(sentence.text[: rel(sentence, ref)[0]])
            if (
                is_locative(sentence, ref)
                or towards
                or covered
                or _towns_of(ctx, sentence, ref, listed)
            ):
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
        if not ref.nested:
            continue
        word = preceding_word(sentence, ref)
        for outer in sentence.refs_of("Initiative", "Opportunity"):
            if not (outer.start <= ref.start and ref.end <= outer.end):
                continue
            # "Campus numérique de Tanger": a city that ends a descriptive name is where it is
            ends = outer.new and ref.end == outer.end and ctx.classes.get(ref.slug) == "City"
            ends = ends and len(content_words(ctx.labels.get(outer.slug, ""))) >= 3
            if word in LOCATIVE_PREPOSITIONS or (ends and word in ("de", "d'")):
                ctx.emit(outer.slug, "locatedIn", ref.slug, sentence, "place-in-name", 0.85)


# "Le programme couvrira (dans un premier temps) Guelmim et Tan-Tan", "dessert Oujda": the
# places a verb of coverage takes as its object.
_COVERS = re.compile(
    r"\b(?:couvr(?:e|ent|ira|iront)|desser(?:t|vent|vira|viront)|reli(?:e|ent|era|eront)|"
    r"touch(?:e|ent|era|eront)|cibl(?:e|ent|era|eront))"
    r"(?:\s+(?:dans un premier temps|désormais|déjà|aussi|également|notamment|d'abord|"
    r"bientôt|progressivement|à terme))*\s+(?:la (?:ville|région|province)\s*(?:de |d')?)?$",
    re.I,
)


def _towns_of(ctx: Context, sentence: Sentence, ref: Ref, listed: list[Ref]) -> bool:
    """ "30 écoles de Tata, Zagora et Tinghir": several towns listed after "de" say
    where an initiative works (one town after "de" may only complete a name)."""
    towns = [r for r in listed if ctx.classes.get(r.slug) in ("City", "Region")]
    return preceding_word(sentence, ref) in ("de", "d'") and len(towns) >= 2


def partner_rule(ctx: Context, sentence: Sentence, anchor: Ref | None, skip: list[str]) -> None:
    """ "signé avec le groupe Onepoint", "en partenariat avec X": the anchor partners X."""
    if anchor is None:  # "Soutenue par Y, la plateforme X…" names no focus yet
        funding_rule(ctx, sentence, None)
    listed_partners_rule(ctx, sentence, anchor)
    for start, end in markers(sentence.text, PARTNER_MARKERS + MADE_WITH):
        # "X s'est associé à Y", "X collabore avec Y": X is the partner, whatever the sentence
        # is about.
        verb = sentence.text[start:].startswith("s'") or _WORKS_WITH.match(sentence.text, start)
        owner = (subject_before(sentence, start) if verb else None) or anchor
        if owner is None or owner.top not in ("Actor", "Initiative", "Place"):
            continue
        if is_support(sentence.text, start) and created_here(ctx, sentence, owner):
            continue  # "lancée par X avec le concours de Y": Y supports what X launched
        for ref in coordinated_after(sentence, end):
            if ref.slug not in skip:
                ctx.emit(owner.slug, "partnerOf", ref.slug, sentence, "partner-marker", 0.75)


_WORKS_WITH = re.compile(r"(?:travaill|collabor|coop[éè]r)\w*\s", re.I)


# "a levé 18 MDH auprès du fonds Y": an investor is the company's partner (the amount is no
# initiative's budget).
_RAISED = re.compile(
    r"\b(?:lev[ée]\w*|obtenu|récolté)\b[^.;]{0,70}?\bauprès\s+(?:du|de la|de l'|des|de|d')\s*",
    re.I,
)


def raised_rule(ctx: Context, sentence: Sentence) -> None:
    """ "X a levé 18 millions de dirhams auprès du fonds Y": Y partners X, the verb's subject."""
    for match in _RAISED.finditer(sentence.text):
        owner = subject_before(sentence, match.start()) or apposition_head(sentence, match.start())
        if owner is None or owner.top != "Actor":
            continue
        for ref in coordinated_after(sentence, match.end())[:3]:
            ctx.emit(owner.slug, "partnerOf", ref.slug, sentence, "raised-from", 0.7)


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
    oversight_rule(ctx, sentence, focus)
    premises_rule(ctx, sentence, focus)  # "la plateforme X, installée au sein de l'université Y"


_STEERS = re.compile(
    r"\b(?:en\s+|y\s+)?(?:assure|assurera|assurent|assureront|assurer|garantira)\s+"
    r"(?:le pilotage|la supervision|le suivi|la coordination|la tutelle|la gouvernance)",
    re.I,
)


def _first_actor(sentence: Sentence, before: int) -> Ref | None:
    actors = [r for r in sentence.refs_of("Actor") if rel(sentence, r)[1] <= before]
    return actors[0] if actors else None


def title_actor_rule(ctx: Context, title: Sentence, topic: Ref, body: list[Sentence]) -> None:
    """ "Oracle — Centre R&D…", "AI Movement (OCP)" or "**Laboratoire X** de l'OCP :":
    the actor leads the titled initiative."""
    if topic.top != "Initiative":
        return
    owner = re.match(r"\s*(?:de la |de l'|du |de |d')\s*", body[0].text) if body else None
    for ref in body[0].refs_of("Actor") if owner else []:
        start, end = rel(body[0], ref)
        if start == owner.end() and re.match(r"\s*:", body[0].text[end:]):
            ctx.emit(ref.slug, "leads", topic.slug, body[0], "title-actor", 0.7)
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
_GENERIC_HEADS = frozenset({"application", "outil", "logiciel", "formation", "vision", "assistant"})


_DEMONSTRATIVES = frozenset({"ce", "cette", "cet", "ces"})
# Nouns that can name an initiative of any kind.
_ANY_KIND = frozenset({"dispositif", "système", "projet", "initiative"})


def reference_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """Unnamed references to earlier initiatives: "les accords pour une IA responsable"."""
    found = []
    for match in re.finditer(r"\b(?:(?:les|le|la|ces|ce|cette|cet)\s+|l')", sentence.text, re.I):
        head = head_at(sentence.text, match.end(), INITIATIVE_HEADS)
        if not head or head[0] in _GENERIC_HEADS or sentence.text[match.end()].isupper():
            continue  # "L'Institut propose…" names an organisation; it refers back to nothing
        pos = match.end() + len(head[0])
        if any(rel(sentence, r)[0] <= match.end() < rel(sentence, r)[1] for r in sentence.refs):
            continue
        if re.match(r"\s+[«\"“]", sentence.text[pos:]):
            continue  # "le programme « X »" names X; it refers back to nothing
        tail = re.split(r"[,;.()]", sentence.text[pos : pos + 60])[0]
        article = match.group(0).strip().lower()
        topic = ctx.topic
        if article in _DEMONSTRATIVES and topic is not None and topic.top == "Initiative":
            # "Chaire « X » Inaugurée en 2025, cette chaire…": what the paragraph is about
            slug = topic.slug if compatible(ctx.classes.get(topic.slug), head[1]) else None
        else:
            slug = ctx.resolve(head[1], content_words(tail))
            last = ctx.paragraph_focus
            if (
                slug is None
                and head[0] in _ANY_KIND
                and last is not None
                and last.top == "Initiative"
            ):
                slug = last.slug  # "le dispositif", "le système": what the paragraph is about
        singular = re.sub(r"[sx]$", "", head[0])
        if slug and article == "les" and singular not in ctx.labels.get(slug, "").lower():
            continue  # "les fonds d'amorçage" in general, not the one programme named before
        if slug:
            start = sentence.offset(match.end())
            found.append(Ref(slug, "Initiative", head[1], start, sentence.offset(pos)))
    return found
