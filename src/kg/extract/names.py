"""New names: entities a paragraph introduces that the catalogue does not know.

A head noun announces the kind ("le groupe X" → Company, "l'Université X" → University,
"le programme « Y »" → Programme, "la région de Z" → Region); a quoted name wins over the
catalogue names inside it ("« AI Skills Morocco »"). The statistical NER adds organisations and
persons named without a head noun ("Sowit a signé…"), so that a name a first document introduced
with its kind is the same entity when a second document names it bare.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .acronyms import bare_acronyms, defined_acronyms
from .context import Context
from .firms import CORPORATE, EVENT_WORDS, corporate_names, investor
from .initiative_names import initiative_names
from .institutions import INSTITUTION_HEADS, institution_name
from .lexicon import ACTOR_HEADS, INITIATIVE_HEADS, PLACE_HEADS, SENTENCE_STARTERS
from .mentions import NAME_STOPS, PARTICIPLE, Candidate, Ref, head_at, sentence_start
from .people import after_role, role_names

_COMPANY_HEADS = {
    "groupe",
    "société",
    "entreprise",
    "start-up",
    "startup",
    "fintech",
    "cabinet",
    "jeune pousse",
}
# Adjectives of origin or kind between a head and a name: "le groupe sud-coréen X".
_ADJECTIVES = (
    r"(?:\s+[a-zà-ÿ-]+(?:ain|aine|ais|aise|ois|oise|ien|ienne|ie|éen|éenne|ique|al|ale|ée|é|ine|"
    r"ole|aire)s?)"
    r"{0,2}"
)
_CAPITALISED = r"[A-ZÀ-Ý0-9][\w&'-]*"
_CONNECTORS = r"(?:et|de|du|des|d'|la|l')"
_NAME = re.compile(
    rf"{_ADJECTIVES}\s+((?:de la |de l'|du |des |de |d')?[A-ZÀ-Ý][\w&'-]*"
    rf"(?:\s+(?:{_CONNECTORS}\s+)?{_CAPITALISED})*)"
)
# "la plateforme « X »", "la plateforme numérique « X »", "le centre de calcul « X »", "le
# dispositif d'accompagnement « X »": up to three lower-case words, adjectives or complements
# without an article, before the quote ("la plateforme de la startup « X »" names the startup).
_QUOTED = re.compile(
    r"(?:\s+(?:(?:de|du|des)\s+|d')?"
    r"(?!(?:de|du|des|pour|avec|sur|par|qui|que|dont|et|en|dans)\b)[a-zà-ÿ-]{3,}){0,3}"
    r"\s*[«\"“]\s*([^»\"”]{2,80}?)\s*[»\"”]"
)


# "Nakhla Pay, une startup de Meknès", "Sowit, startup de Rabat": a name, then its kind.
_APPOSITION = re.compile(
    rf"([A-ZÀ-Ý][\w&'-]*(?:\s+{_CAPITALISED}){{0,3}})\s*[»\"”]?,\s+(?:une\s+|un\s+|la\s+|le\s+|l'|"
    r"(?:son|sa|leur)\s+(?:(?:nouvel|nouvelle|nouveau|premier|première)\s+)?|"
    r"(?=(?:startup|start-up|jeune pousse|société|entreprise|groupe|cabinet)\s+(?:de|d'|du|des|"
    r"spécialisée?|basée?|marocaine?|française?)\b))(?=\w)"
)


def find_names(text: str, offset: int) -> list[Candidate]:
    """Head-noun names, quoted names and names in apposition ("IrriScan, une plateforme")."""
    found = _acronym_names(text, offset)
    for match in re.finditer(r"(?<!\w)\w", text):
        pos = match.start()
        if any(c.start - offset <= pos < c.end - offset for c in found):
            continue
        candidate = _actor_name(text, pos, offset) or _initiative_name(text, pos, offset)
        if candidate:
            found.append(candidate)
    # "la startup Sahha Vision, un outil…": the head before the name wins over the apposition.
    later = _appositions(text, offset) + corporate_names(text, offset) + role_names(text, offset)
    for candidate in later + initiative_names(text, offset):
        if not any(c.start < candidate.end and candidate.start < c.end for c in found):
            found.append(candidate)
    for start, end in bare_acronyms(text):
        if not any(c.start - offset < end and start < c.end - offset for c in found):
            label, span = text[start:end], (offset + start, offset + end)
            found.append(Candidate(label, "Organisation", "Actor", *span, bare=True))
    return found


def _acronym_names(text: str, offset: int) -> list[Candidate]:
    """ "le Centre d'innovation en santé numérique (CISN)": the name its acronym spells."""
    found = []
    for start, end, acro_start, acro_end in defined_acronyms(text):
        actor, initiative = (
            head_at(text, start, ACTOR_HEADS),
            head_at(text, start, INITIATIVE_HEADS),
        )
        cls, top = (initiative[1], "Initiative") if initiative else ("Organisation", "Actor")
        if actor and (not initiative or len(actor[0]) >= len(initiative[0])):
            cls, top = actor[1], "Actor"
        span = (offset + acro_start, offset + acro_end)
        found.append(
            Candidate(text[start:end], cls, top, offset + start, offset + end, acronym=span)
        )
    return found


# "un bac à sable …, baptisé « Sandbox IA »", "un tuteur numérique, « Moualim »,", "un chantier
# baptisé « X »".
_CALLED_AFTER = re.compile(
    r"(?:,\s*|\s(?=(?:baptisée?|dénommée?|intitulée?)\s))"
    r"(?:(?:baptisée?|dénommée?|intitulée?|nommée?|appelée?)\s+)?[«\"“]\s*([^»\"”]{2,60}?)\s*[»\"”]",
    re.I,
)
_LAST_ARTICLE = re.compile(r".*\b(?:un|une|le|la)\s+|.*\bl'", re.S)
_CALLED = re.compile(
    r"\b(?:baptisée?s?|dénommée?s?|intitulée?s?|nommée?s?|appelée?s?)\s+[«\"“]\s*([^»\"”]{2,60}?)"
    r"\s*[»\"”]\s*,?\s*(?:le|la|l'|ce|cette|cet)\s*",
    re.I,
)


def _appositions(text: str, offset: int) -> list[Candidate]:
    found = []
    for match in _CALLED.finditer(text):  # "Baptisé « Sinaa IA », le programme…"
        head = head_at(text, match.end(), INITIATIVE_HEADS)
        name = match.group(1)
        start = offset + match.start(1)
        cls = head[1] if head else "Project"
        found.append(Candidate(name, cls, "Initiative", start, start + len(name), quoted=True))
    for match in _CALLED_AFTER.finditer(text):  # "un bac à sable …, baptisé « Sandbox IA »"
        window = max(0, match.start() - 60)
        article = _LAST_ARTICLE.match(text[window : match.start()])
        head = article and head_at(text, window + article.end(), INITIATIVE_HEADS)
        actor = article and head_at(text, window + article.end(), ACTOR_HEADS)
        name, start = match.group(1), offset + match.start(1)
        if actor and not head:
            found.append(Candidate(name, actor[1], "Actor", start, start + len(name), True))
        elif name[:1].isupper():  # baptised with a name of its own: an initiative
            cls = head[1] if head else "Project"
            found.append(Candidate(name, cls, "Initiative", start, start + len(name), True))
    for match in _APPOSITION.finditer(text):
        name = match.group(1)
        if name.split()[0].lower() in SENTENCE_STARTERS:
            continue
        definite = not re.search(r",\s+une?\s+$", match.group(0))
        if definite and re.search(r"\b(?:de|du|d'|des|avec|à|chez)\s*$", text[: match.start(1)]):
            continue  # "Selon le directeur de X, le projet…": a complement, not a name given
        if re.search(
            r"\bpar\s+(?:(?:le|la|l')\s*)?(?:[a-zà-ÿ-]+\s+){0,2}$|\bpar\s+[^.;:,]{2,60}\set\s+$",
            text[: match.start(1)],
        ):
            # "Présidé par X, le centre…", "Créée par A et B, la société…": the agents, not
            # names of what follows
            continue
        start = offset + match.start(1)
        head = head_at(text, match.end(), INITIATIVE_HEADS)
        actor = head_at(text, match.end(), ACTOR_HEADS)  # "Nakhla Pay, une startup de Meknès"
        if actor and actor[0] in _COMPANY_HEADS:
            found.append(Candidate(name, actor[1], "Actor", start, start + len(name)))
        elif head:
            found.append(Candidate(name, head[1], "Initiative", start, start + len(name)))
    return found


def _trim(name: str, after: str = "") -> str:
    """Cut a capitalised run where a sentence starts ("IA de Tanger Réalisé" → "IA de Tanger");
    a participle that ends the name before a punctuation mark is part of it.

    >>> _trim("Femmes Rurales Connectées", ", elle"), _trim("IA de Tanger Réalisé", " en 2024")
    ('Femmes Rurales Connectées', 'IA de Tanger')
    """
    words = name.split()
    closed = bool(re.match(r"\s*[,;.)»]", after))
    for i, word in enumerate(words[1:], 1):
        last = i == len(words) - 1 and closed
        if word.lower() in SENTENCE_STARTERS or (PARTICIPLE.match(word) and not last):
            words = words[:i]
            break
    return re.sub(rf"\s+{_CONNECTORS}$", "", " ".join(words))


def _actor_name(text: str, pos: int, offset: int) -> Candidate | None:
    institution = head_at(text, pos, INSTITUTION_HEADS)
    if institution and not head_at(text, pos, ACTOR_HEADS):
        return institution_name(text, pos, institution, offset)
    for heads, top in ((ACTOR_HEADS, "Actor"), (PLACE_HEADS, "Place")):
        head = head_at(text, pos, heads)
        if not head:
            continue
        inside = re.search(r"([A-ZÀ-Ý][\w&-]*)\s+$", text[max(0, pos - 40) : pos])
        if (
            head[0] in _COMPANY_HEADS
            and inside
            and inside.group(1).lower() not in SENTENCE_STARTERS
        ):
            return None  # "le Atlas Fintech Hub": a word inside a name, not its kind
        match = _NAME.match(text, pos + len(head[0]))
        if not match and top == "Actor" and head[0] not in _COMPANY_HEADS:
            return institution_name(text, pos, head, offset)
        if not match:
            return None
        of_place = re.match(r"(?:de|du|des|d')\b", match.group(1))
        indefinite = _INDEFINITE.search(text[max(0, pos - 10) : pos])
        if of_place and (head[0] in _COMPANY_HEADS or indefinite):
            return None  # "une startup de Marrakech", "une agence bancaire de Taza": not named so
        name = _trim(match.group(1), text[match.end(1) : match.end(1) + 3])
        end = match.start(1) + len(name)
        keep_head = head[0] not in _COMPANY_HEADS and top == "Actor"
        label = (
            text[pos:end] if keep_head else re.sub(r"^(?:de la |de l'|du |des |de |d')", "", name)
        )
        start = pos if keep_head else match.start(1)
        return Candidate(label[0].upper() + label[1:], head[1], top, offset + start, offset + end)
    return None


def _initiative_name(text: str, pos: int, offset: int) -> Candidate | None:
    head = head_at(text, pos, INITIATIVE_HEADS)
    if not head or re.search(r"\b(?:à|sur)\s+l'$", text[max(0, pos - 6) : pos], re.I):
        return None  # "à l'initiative de X" names who acts, not an initiative
    fund = investor(text, pos, head[0], offset)
    if fund is not None:
        return fund
    after = pos + len(head[0])
    quoted = _QUOTED.match(text, after)
    if quoted and quoted.group(1).strip()[:1].isupper():  # « verts » is a scare quote
        name = quoted.group(1).strip()
        return Candidate(
            name,
            head[1],
            "Initiative",
            offset + quoted.start(1),
            offset + quoted.start(1) + len(name),
            quoted=True,
        )
    if text[pos].isupper() and not sentence_start(text, pos):
        return _capitalised_name(text, pos, after, head[1], offset)
    match = _NAME.match(text, after)
    if not match or match.group(0)[: match.start(1) - after].strip():
        return None  # adjectives between head and name belong to actors, not initiatives
    name = _trim(match.group(1))
    if name.lower() in ("ia", "r&d", "ai") or len(name) < 2 or not re.search(r"[A-ZÀ-Ý]", name):
        return None  # "une initiative de la Fondation X": the name trimmed was an actor's
    label = text[pos : match.start(1) + len(name)]
    return Candidate(
        label[0].upper() + label[1:],
        head[1],
        "Initiative",
        offset + pos,
        offset + match.start(1) + len(name),
    )


_NAME_WORD = re.compile(r"\s+(?:d'|l')?[\w'-]+")


def _capitalised_name(text: str, pos: int, after: int, cls: str, offset: int) -> Candidate | None:
    """A head capitalised inside a sentence names something: "lors des Journées nationales de
    l'IA, organisées…" → "Journées nationales de l'IA"."""
    end = after
    for _ in range(6):
        match = _NAME_WORD.match(text, end)
        if not match:
            break
        word = match.group(0).strip()
        if word.lower() in NAME_STOPS or PARTICIPLE.match(word.lower()):
            break
        if word[:1].islower() and not _NAME_LINK.fullmatch(word):
            break  # "L'Institut propose de…": a verb, not a word of the name
        end = match.end()
    label = re.sub(rf"\s+{_CONNECTORS}$", "", text[pos:end])
    if end == after:
        return None  # the head alone names nothing
    return Candidate(label, cls, "Initiative", offset + pos, offset + pos + len(label))


# Lower-case words inside a capitalised name: connectors and adjectives ("Assises nationales
# de l'IA", "Réseau marocain de calcul").
_NAME_LINK = re.compile(
    r"(?:de|du|des|d'\S*|l'\S*|la|le|et|pour|sur|en)"
    r"|[a-zà-ÿ-]+(?:al|ale|aux|ales|el|elle|els|elles|ique|iques|ien|ienne|iens|iennes|ain|aine|"
    r"ains|aines|ais|aise|if|ive|ifs|ives|aire|aires|éen|éenne|ois|oise|eur|rice)"
)


_OF_PLACE = re.compile(r"\s(?:du|de|des|d')$")


def ner_names(doc: Doc, offset: int) -> list[Candidate]:
    """Organisations and persons the statistical NER proposes (no catalogue id)."""
    found = []
    ents = list(doc.ents)
    for i, ent in enumerate(ents):
        if ent.ent_id_ or ent.label_ not in ("ORG", "PER", "MISC"):
            continue
        following = ents[i + 1] if i + 1 < len(ents) else None
        if following is not None and _OF_PLACE.search(ent.text) and following.start == ent.end:
            ent = doc[ent.start : following.end]  # "Archives du" + "Maroc": one name
        words = ent.text.split()
        if not all(w[:1].isupper() or w.lower() in ("de", "du", "des", "d'") for w in words):
            continue
        if head_at(ent.text, 0, INITIATIVE_HEADS) or len(words) > 4 or re.search(r"\d", ent.text):
            continue
        if len(words) == 1 and PARTICIPLE.match(ent.text) and ent.text[1:].islower():
            continue  # "Développé par X, …": a participle opening the sentence
        if ent.start and doc[ent.start - 1].like_num and ent.text.isupper():
            continue  # a unit after a number: "850 MDH", "20 GW"
        if ent.label_ == "PER" and (len(words) < 2 or any(w.isupper() for w in words)):
            continue  # a person has a first and a last name, not "Tier IV"
        corporate = words[-1].lower() in CORPORATE or after_role(doc.text, ent.start_char)
        cls = "Person" if ent.label_ == "PER" and not corporate else "Organisation"
        event = words[-1].lower() in EVENT_WORDS and len(words) > 1
        found.append(
            Candidate(
                ent.text,
                "Event" if event else cls,
                "Initiative" if event else "Actor",
                offset + ent.start_char,
                offset + ent.end_char,
                confidence=0.5,
            )
        )
    return found


def mint_names(ctx: Context, candidates: list[Candidate], refs: list[Ref]) -> list[Ref]:
    """Mint the candidates that do not clash with catalogue names; quoted names win.

    Returns the new references; catalogue references inside a quoted name are removed from
    *refs* in place.
    """
    minted: list[Ref] = []
    for c in candidates:
        if _runs_into_body(ctx.document.text[c.start : c.end]) or _label(ctx.document.text, c):
            continue  # a title line and the body under it: no name runs from one to the other
        inside = [r for r in refs if c.start <= r.start and r.end <= c.end]
        exact = [r for r in inside if (r.start, r.end) == (c.start, c.end)]
        if exact or any(m.overlaps(c.start, c.end) for m in minted):
            if exact and c.acronym:
                ctx.acronyms.setdefault(ctx.document.text[slice(*c.acronym)], exact[0].slug)
            continue
        if c.bare or c.acronym:
            known = _acronym_ref(ctx, c, refs)
            if known or c.bare:
                minted += [known] if known else []
                continue
        # The places and sectors inside a new name are found again as nested names.
        beaten = [r for r in inside if _beaten_by(c, r)]
        if any(r.overlaps(c.start, c.end) and r not in beaten for r in refs):
            continue
        for r in beaten:
            refs.remove(r)
        generic = c.cls in ("Organisation", "Person")
        minted.append(ctx.mint(c.label, c.cls, c.top, c.start, c.end, c.confidence, generic))
        if c.acronym:
            ctx.acronyms.setdefault(ctx.document.text[slice(*c.acronym)], minted[-1].slug)
    return minted


def _runs_into_body(label: str) -> bool:
    r"""Whether a name crosses a line break into a sentence the next line opens ("…par l'IA\nLe
    Centre hospitalier"); a name hard-wrapped inside a sentence does not.

    >>> _runs_into_body("IA\nLe Centre"), _runs_into_body("Transition\nnumérique")
    (True, False)
    """
    after = label.split("\n", 1)[1].split() if "\n" in label else []
    if not after or not after[0][0].isupper():
        return False
    word = re.sub(r"^(\w+['’]).*", r"\1", after[0].lower()).replace("’", "'")
    return word in SENTENCE_STARTERS


_INDEFINITE = re.compile(r"\b(?:un|une|des|chaque)\s+$", re.I)


def _label(text: str, c: Candidate) -> bool:
    """Whether the candidate is the label of a list item, which the NER took for a name: "-
    **Budget :** 52 MDH" (a label with its kind noun, "**Association X :**", is a name)."""
    if c.cls not in ("Organisation", "Person"):
        return False
    line = text.rfind("\n", 0, c.start) + 1
    return bool(re.fullmatch(r"\s*[-*+]?\s*\*\*", text[line : c.start])) and bool(
        re.match(r"[^*\n]{0,40}:\s*\*\*|[^*\n]{0,40}\*\*\s*:", text[c.start : c.start + 50])
    )


def _beaten_by(c: Candidate, ref: Ref) -> bool:
    """A new name wins over the places and sectors inside it ("Centre IA de Tanger"); a quoted
    name wins over any name inside it."""
    inside = c.start <= ref.start and ref.end <= c.end
    return inside and (c.quoted or ref.top in ("Place", "Sector", "Language"))


def _acronym_ref(ctx: Context, c: Candidate, refs: list[Ref]) -> Ref | None:
    """The entity an acronym names: one this document defined, or the catalogue's entry
    for the acronym of a full name ("Centre national … (CNRST)" is the catalogue's CNRST)."""
    if c.bare:
        slug = ctx.acronyms.get(c.label)
    else:
        spelled = [r for r in refs if (r.start, r.end) == c.acronym and not r.nested]
        slug = spelled[0].slug if spelled else None
        if slug:
            ctx.acronyms.setdefault(ctx.document.text[slice(*c.acronym)], slug)
    overlapping = [r for r in refs if r.overlaps(c.start, c.end) and not r.nested]
    beaten = [r for r in overlapping if _beaten_by(c, r)]
    if slug is None or len(beaten) < len(overlapping):
        return None
    for r in beaten:
        refs.remove(r)
    ref = Ref(slug, ctx.tops[slug], ctx.classes[slug], c.start, c.end, new=slug in ctx.new_entities)
    ctx.note_mention(ref)
    return ref
