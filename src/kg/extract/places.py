"""Where an organisation or an initiative is, read from how it is named or described: "le CHU
Hassan II de Fès", "Tamda Analytics (Ouarzazate)", "le calculateur X, hébergé par l'OCP à
Safi", "une plateforme installée au port de Y".
"""

from __future__ import annotations

import re

from .clauses import coordinated_after, is_locative, refs_after, rel
from .context import Context, Sentence
from .mentions import Ref, content_words

# Between a name and the city that completes it: "(CISN) de", "d'", "» de" after a quoted name.
_CITY_OF = re.compile(r"\s*[»”\"]?\s*(?:\([A-ZÀ-Ý][\w&.-]{1,11}\)\s*)?(?:de\s+|d')$")
# "le Technopark de Tanger" names a site in that city, not where the company that runs it is.
_SITE = re.compile(r"(?:techno|parc|campus|port|zone|cité)", re.I)
_IN_BRACKETS = re.compile(r"^\s*\(\s*$")

# Participles that say where an initiative stands ("hébergé par l'OCP à Safi").
_HOSTED = re.compile(
    r"^\s*[»”\"]?\s*,?\s*(?:qui\s+(?:est|sera|sont|seront|a été)\s+)?"
    r"(?:hébergé|installé|implanté|situé|localisé|basé|déployé|construit|aménagé|testé|"
    r"expérimenté)e?s?\b(?:\s+(?:depuis|en)\s+\d{4})?",
    re.I,
)


def named_place_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """ "le CHU Hassan II de Fès", "l'École X (EX) de Meknès", "Tamda Analytics (Ouarzazate)": a
    city that completes an organisation's or an initiative's name, or a place in brackets right
    after it, is where it is.

    Returns the places read this way, which are then nobody else's location.
    """
    found = []
    owners = [r for r in sentence.refs_of("Actor", "Initiative") if _may_be_placed(ctx, r)]
    topic = ctx.topic  # a title minted into a name after its sentence was read
    if topic is not None and sentence.start <= topic.start < topic.end <= sentence.end:
        owners.append(topic)
    for owner in owners:
        o_start, o_end = rel(sentence, owner)
        city = _city_ending(ctx, sentence.text[o_start:o_end]) if _descriptive(ctx, owner) else None
        if city is not None:
            slug, length = city
            place = Ref(slug, "Place", "City", owner.end - length, owner.end, nested=True)
            ctx.note_mention(place)
            ctx.emit(owner.slug, "locatedIn", slug, sentence, "place-of-name", 0.75)
            found.append(place)
        for place in sentence.refs_of("Place", nested=True):
            p_start, p_end = rel(sentence, place)
            if p_start < o_end:
                continue
            gap = sentence.text[o_end:p_start]
            after = sentence.text[p_end : p_end + 1]
            completes = ctx.classes.get(place.slug) == "City" and _CITY_OF.fullmatch(gap)
            # "l'Université Mohammed V de Rabat" named short: the city is part of the full name
            label = ctx.labels.get(owner.slug, "").lower()
            completes = completes and not label.endswith(ctx.labels.get(place.slug, "").lower())
            if completes or (_IN_BRACKETS.fullmatch(gap) and after in (")", ",")):
                ctx.emit(owner.slug, "locatedIn", place.slug, sentence, "place-of-name", 0.75)
                found.append(place)
    return found


def _may_be_placed(ctx: Context, ref: Ref) -> bool:
    """An organisation (not a person, not a site's company: "le Technopark de Tanger") or an
    initiative."""
    if ctx.classes.get(ref.slug) == "Person":
        return False
    return ref.top == "Initiative" or not _SITE.match(ctx.quote(ref.start, ref.end))


def _descriptive(ctx: Context, ref: Ref) -> bool:
    """A name the text gives, which may end with its city: a new organisation's ("le CHU Hassan
    II de Fès"), or a new initiative's of three words or more ("Campus numérique de Tanger"; an
    agreement's name is its parties'). A catalogue name ending with a city is that city's own
    ("Université Mohammed V de Rabat"): being there goes without saying."""
    if ref.slug not in ctx.new_entities:
        return False
    if ref.top == "Actor":
        return True
    label = ctx.labels.get(ref.slug, "")
    return ctx.classes.get(ref.slug) != "Agreement" and len(content_words(label)) >= 3


def _city_ending(ctx: Context, name: str) -> tuple[str, int] | None:
    """The catalogue city whose name ends *name* after "de", and the length of its name there:
    "CHU Hassan II de Fès" → ("fes", 3)."""
    match = re.search(r"\b(?:de\s+|d')([A-ZÀ-Ý][\w' -]{2,30})$", name)
    if match is None:
        return None
    wanted = match.group(1).lower()
    cities = (s for s, c in ctx.classes.items() if c == "City")
    slug = next((s for s in cities if ctx.labels.get(s, "").lower() == wanted), None)
    return (slug, len(wanted)) if slug is not None else None


def hosted_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """ "le calculateur X, hébergé par l'OCP à Safi", "un fonds installé à Tanger":
    the place after the participle that describes an initiative.

    Returns the places read this way.
    """
    found = []
    for initiative in sentence.refs_of("Initiative"):
        end = rel(sentence, initiative)[1]
        match = _HOSTED.match(sentence.text[end:])
        if match is None:
            continue
        pos = end + match.end()
        after = sentence.text[pos : pos + 70]
        agent = re.match(r"\s*par\s+[^,;.]{2,50}?(?=\s+(?:à|au|aux|dans|en|sur)\s)", after)
        start = pos + (agent.end() if agent else 0)
        places = [
            p
            for p in sentence.refs_of("Place")
            if start <= rel(sentence, p)[0] <= start + 40 and is_locative(sentence, p)
        ][:1]
        listed = (
            coordinated_after(sentence, rel(sentence, places[0])[0], ("Place",)) if places else []
        )
        for place in listed:
            ctx.emit(initiative.slug, "locatedIn", place.slug, sentence, "hosted-at", 0.75)
            found.append(place)
    return found


# "Tanger accueille le centre X", "la technopole d'Oujda abrite désormais Y".
_HOSTS = re.compile(r"\b(?:accueill|abrit|héberg)(?:e|ent|era|eront|ait|aient)\b", re.I)


def hosts_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """ "La zone franche de Tanger accueille depuis 2024 le centre de données X": the place the
    subject names hosts the initiatives named after the verb.

    Returns the places read this way.
    """
    found = []
    for match in _HOSTS.finditer(sentence.text):
        places = [
            p
            for p in sentence.refs_of("Place")
            if 0 <= match.start() - rel(sentence, p)[1] <= 30
            and not re.search(r"[,;:.]", sentence.text[rel(sentence, p)[1] : match.start()])
        ]
        if not places or sentence.text[: rel(sentence, places[-1])[0]].count(",") > 1:
            continue
        stop = re.search(r"[;.]|, (?:qui|dont|où)\b", sentence.text[match.end() :])
        end = match.end() + (stop.start() if stop else len(sentence.text))
        for ref in sentence.refs_of("Initiative"):
            if match.end() <= rel(sentence, ref)[0] < end:
                ctx.emit(ref.slug, "locatedIn", places[-1].slug, sentence, "place-hosts", 0.7)
                found.append(places[-1])
                break  # the first one: what follows may be where that one works
    return found


_FROM_PLACE = re.compile(
    r"\b(?:une?|la|le)\s+(?:start-?up|société|entreprise|jeune pousse|pme)\s+(?:\w+\s+)?"
    r"(?:de|d')\s*$",
    re.I,
)


def company_from_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """ "Nakhla Pay, une startup de Meknès": where the company is.

    Returns the places read this way.
    """
    found = []
    for place in sentence.refs_of("Place"):
        before = sentence.text[: rel(sentence, place)[0]]
        if _FROM_PLACE.search(before):
            owner = [
                a for a in sentence.refs_of("Actor") if 0 <= len(before) - rel(sentence, a)[1] <= 40
            ]
            if owner:
                ctx.emit(owner[-1].slug, "locatedIn", place.slug, sentence, "company-from", 0.7)
                found.append(place)
    return found


# Adjectives of the towns companies are from: "la startup casablancaise X", "X, une fintech rbatie".
DEMONYMS = {
    "casablancais": "casablanca",
    "rbati": "rabat",
    "rabati": "rabat",
    "tangérois": "tanger",
    "marrakchi": "marrakech",
    "fassi": "fes",
    "oujdi": "oujda",
    "meknassi": "meknes",
    "tétouanais": "tetouan",
    "slaoui": "sale",
    "kénitréen": "kenitra",
    "nadori": "nador",
    "agadirois": "agadir",
    "gadiri": "agadir",
}
_KINDS = (
    r"(?:jeune\s+)?(?:startup|start-up|société|entreprise|jeune pousse|fintech|firme|PME|"
    r"association|coopérative)"
)
_DEMONYM = r"(" + "|".join(DEMONYMS) + r")(?:e|ne)?s?"
_KIND_OF_TOWN = re.compile(rf"\b{_KINDS}\s+{_DEMONYM}\s+$", re.I)
_NAME_THEN_KIND = re.compile(rf"^\s*,\s*(?:une?|la|le)\s+{_KINDS}\s+{_DEMONYM}\b", re.I)


def demonym_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """ "la startup casablancaise X", "X, une fintech rbatie": the town the company is from.

    Returns the towns read this way (the adjective is their mention).
    """
    found = []
    for actor in sentence.refs_of("Actor"):
        start, end = rel(sentence, actor)
        window = max(0, start - 60)
        match = _KIND_OF_TOWN.search(sentence.text, window, start) or _NAME_THEN_KIND.match(
            sentence.text[end:]
        )
        town = DEMONYMS.get(match.group(1).lower()) if match else None
        if town is None or town not in ctx.classes:
            continue
        offset = 0 if match.re is _KIND_OF_TOWN else end
        place = Ref(
            town,
            "Place",
            "City",
            sentence.offset(offset + match.start(1)),
            sentence.offset(offset + match.end(1)),
            nested=True,
        )
        ctx.note_mention(place)
        ctx.emit(actor.slug, "locatedIn", town, sentence, "town-adjective", 0.65)
        found.append(place)
    return found


# "dont le siège est à Casablanca", "a son siège social à Agadir", "le siège de X se trouve à".
_SEAT = re.compile(
    r"\bsiège(?:\s+social)?\s+(?:(?:de|du|d')\s*(?P<of>[^,;.]{2,60}?)\s+)?(?:est\s+|se\s+trouve\s+"
    r"|est\s+(?:situé|installé|établi)\s+)?(?=(?:à|au|aux|en|dans)\s)",
    re.I,
)
# "L'Institut X, à Rabat, forme…": a place set off by commas right after the name.
_SET_OFF = re.compile(r"^(?:\s+(?:de|d'|du|des|en)\s*[a-zà-ÿ' -]{2,30}?)?\s*,\s*(?:à|au|en)\s+$")


def seat_phrase_rule(ctx: Context, sentence: Sentence) -> list[Ref]:
    """ "X, dont le siège est à Casablanca", "le siège de X se trouve à Marrakech", "l'Institut
    X, à Rabat, forme…": where an organisation is.

    Returns the places read this way.
    """
    found = []
    actors = [r for r in sentence.refs_of("Actor") if ctx.classes.get(r.slug) != "Person"]
    for match in _SEAT.finditer(sentence.text):
        places = refs_after(sentence, match.end(), ("Place",), limit=12)[:1]
        if match.group("of"):
            owner = [a for a in actors if match.start("of") <= rel(sentence, a)[0] < match.end()]
        else:
            owner = [a for a in actors if 0 <= match.start() - rel(sentence, a)[1] <= 30]
            owner = owner[-1:]
        if places and owner:
            ctx.emit(owner[0].slug, "locatedIn", places[0].slug, sentence, "seat-named", 0.75)
            found.append(places[0])
    for actor in actors:
        end = rel(sentence, actor)[1]
        for place in sentence.refs_of("Place"):
            start, p_end = rel(sentence, place)
            if _SET_OFF.match(sentence.text[end:start]) and sentence.text[p_end:][:1] == ",":
                ctx.emit(actor.slug, "locatedIn", place.slug, sentence, "seat-named", 0.7)
                found.append(place)
    return found
