"""Names of initiatives that no kind noun introduces right before them: what the sentence says
of the name tells its kind ("X, lancé en 2025 par…", "Lancé en 2024, X accompagne…", "X est une
plateforme…"), or an adjective stands between the kind and the name ("le programme national X",
"l'application mobile Y").
"""

from __future__ import annotations

import re

from .lexicon import ACTOR_HEADS, INITIATIVE_HEADS, SENTENCE_STARTERS
from .mentions import Candidate, head_at

_NAME = r"[A-ZÀ-Ý][\w&'-]*(?:\s+(?:de\s+|du\s+|des\s+|d')?[A-ZÀ-Ý0-9][\w&'-]*){0,3}"
# Participles that tell an initiative came about; not "fondé", "créé" (companies are founded
# too) nor "basé", "implanté" (where an organisation sits).
_MADE = (
    r"(?i:lancée?|inaugurée?|ouverte?|déployée?|conçue?|développée?|mise? en (?:place|service)|"
    r"construite?|réalisée?|initiée?|pilotée?|portée?)"
)
# "Tiznit Connect, lancé en 2025 par la commune, …", "Le Safi AI Hub sera construit par…"
_NAME_THEN_MADE = re.compile(
    rf"(?:^|(?<=[.;:]\s))(?:(?:Le|La|L')\s*)?({_NAME})\s*(?:,|\s(?:sera|a été|est|seront|ont été))"
    rf"\s+{_MADE}\b"
)
# "a lancé « Souss Data »", "Avec « Jisr », la fondation…": a quoted name of capitalised words
# that an act of creation (or "avec") takes for its object.
_MADE_QUOTED = re.compile(
    r"(?i:\b(?:lanc\w*|déplo\w*|inaugur\w*|dévoil\w*|présent\w*|développ\w*|conç\w*|"
    r"mis en place|met en place|avec))(?:\s+[\w'-]+){0,3}?\s+[«\"“]\s*"
    rf"({_NAME})\s*[»\"”]"
)
# "Lancé en 2024, Green Souss accompagne…" (a name, then a verb in lower case)
_MADE_THEN_NAME = re.compile(
    rf"(?:^|(?<=[.;:]\s)){_MADE}\b[^,.;]{{0,60}},\s+({_NAME})\s+(?=[a-zà-ÿ])"
)
# "Sahara Data est un centre de données…"
_NAME_IS = re.compile(
    rf"(?:^|(?<=[.;:]\s))({_NAME})\s+(?:est|sera|était|constitue|reste)\s+(?:un|une|le|la|l')\s*"
)
# A title run into its body: "Oriental Smart Farming Une plateforme de conseil…".
_TITLE_THEN_KIND = re.compile(rf"^({_NAME})(?:\s+\([^)]{{1,40}}\))?\s+(?:Un|Une)\s+")
# "Son premier produit, Souk Voice, compte…": a kind given first, then the name in commas.
_KIND_THEN_NAME = re.compile(
    r"\b(?i:son|sa|leur|notre)\s+(?:(?:premier|première|nouvel|nouveau|nouvelle|dernier|"
    rf"dernière)\s+)?([a-zà-ÿ' ]{{3,30}}?)\s*,\s+({_NAME})\s*,"
)
# Adjectives that stand between the kind and the name of an initiative.
_ADJECTIVE = (
    r"(?:nationale?s?|régionale?s?|mobiles?|numériques?|gouvernementale?s?|publique?s?|"
    r"intelligente?s?|territoriale?s?|internationale?s?|marocaine?s?|africaine?s?|"
    r"virtuelle?s?|interactive?s?|intégrée?s?|unique|collaborative?s?)"
)
_KIND_ADJECTIVE_NAME = re.compile(
    rf"\s+{_ADJECTIVE}(?:\s+{_ADJECTIVE})?\s+({_NAME})(?=[\s,.;:)]|$)"
)


def initiative_names(text: str, offset: int) -> list[Candidate]:
    """Initiatives named without a kind noun just before the name.

    >>> [c.label for c in initiative_names("Lancé en 2024, Green Souss aide 30 fermes.", 0)]
    ['Green Souss']
    >>> [c.label for c in initiative_names("Le programme national Jil Code forme 90 jeunes.", 0)]
    ['Programme national Jil Code']
    """
    found = []
    for pattern in (_NAME_THEN_MADE, _MADE_THEN_NAME, _MADE_QUOTED):
        for match in pattern.finditer(text):
            found += _candidate(match.group(1), "Project", offset + match.start(1))
    for match in [*_NAME_IS.finditer(text), *_TITLE_THEN_KIND.finditer(text)]:
        head = head_at(text, match.end(), INITIATIVE_HEADS)
        if head and not head_at(text, match.end(), ACTOR_HEADS):
            found += _candidate(match.group(1), head[1], offset + match.start(1))
    for match in _KIND_THEN_NAME.finditer(text):
        head = head_at(match.group(1), 0, INITIATIVE_HEADS)
        if head or match.group(1) == "produit":
            cls = head[1] if head else "Platform"
            found += _candidate(match.group(2), cls, offset + match.start(2))
    return found + _kind_adjective_names(text, offset)


def _kind_adjective_names(text: str, offset: int) -> list[Candidate]:
    """ "le programme national Jil Code", "l'application mobile Tbib": kind, adjective, name."""
    found = []
    for match in re.finditer(r"\b\w", text):
        head = head_at(text, match.start(), INITIATIVE_HEADS)
        named = head and _KIND_ADJECTIVE_NAME.match(text, match.start() + len(head[0]))
        if named and not text[match.start()].isupper():
            label = text[match.start() : named.end(1)]
            found += _candidate(label[0].upper() + label[1:], head[1], offset + match.start())
    return found


def _candidate(label: str, cls: str, start: int) -> list[Candidate]:
    """A candidate, unless the "name" is a sentence opener ("Le", "Selon") or an elided article
    before a common noun ("L'incubateur a été inauguré": a reference back, not a name).

    >>> _candidate("L'incubateur", "Project", 0)
    []
    """
    if label.split()[0].lower() in SENTENCE_STARTERS or re.match(r"[LD]'[a-zà-ÿ]", label):
        return []
    return [Candidate(label, cls, "Initiative", start, start + len(label))]


# "Fiche programme : Tabib Net", "Projet – Sahel Vision", "2.1 CHU Ibn Rochd : « Radio Net »".
_HEADING = re.compile(
    r"^\W*(?:(?:\d+\.)*\d+\.?\s+)?"
    r"(?i:(?:fiche|présentation(?:\s+d[eu])?(?:\s+la|\s+l')?)\s*)?([\w' -]{2,60}?)"
    rf"\s*[:–—]\s*([«\"“])?\s*({_NAME})\s*[»\"”]?\s*$"
)


def heading_name(text: str, offset: int) -> list[Candidate]:
    """The initiative a heading presents: a kind noun, a colon or a dash, and the name; or
    whose it is, a colon, and its name in quotes.

    >>> [(c.label, c.cls) for c in heading_name("Fiche programme : Tabib Net", 0)]
    [('Tabib Net', 'Programme')]
    >>> [(c.label, c.cls) for c in heading_name("3.2 CHU Ibn Rochd : « Radio Net »", 0)]
    [('Radio Net', 'Project')]
    >>> heading_name("Objectifs : 2030", 0), heading_name("Calendrier : « Phase Un »", 0)
    ([], [])
    """
    match = _HEADING.match(text)
    if match is None:
        return []
    kind = match.group(1).strip()
    head = head_at(kind.lower(), 0, INITIATIVE_HEADS)
    if head and len(head[0]) == len(kind):
        return _candidate(match.group(3), head[1], offset + match.start(3))
    if match.group(2) and kind[:1].isupper() and not _LABEL_WORD.match(kind):
        return _candidate(match.group(3), "Project", offset + match.start(3))
    return []


# Labels of a fact sheet's lines, whose quoted value is no initiative of the label's.
_LABEL_WORD = re.compile(
    r"(?i:objectifs?|calendrier|étapes?|phase|budget|financement|partenaires?|porteur|pilotage|"
    r"slogan|devise|thème|titre|nom|statut)\b"
)
