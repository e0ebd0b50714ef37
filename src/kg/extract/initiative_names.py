"""Names of initiatives that no kind noun introduces right before them: what the sentence says
of the name tells its kind ("X, lancé en 2025 par…", "Lancé en 2024, X accompagne…", "X est une
plateforme…"), or an adjective stands between the kind and the name ("le programme national X",
"l'application mobile Y").
"""

from __future__ import annotations

import re

from .lexicon import ACTOR_HEADS, INITIATIVE_HEADS, SENTENCE_STARTERS
from .mentions import Candidate, head_at

NAME = r"[A-ZÀ-Ý][\w&'-]*(?:\s+(?:de\s+|du\s+|des\s+|d')?[A-ZÀ-Ý0-9][\w&'-]*){0,3}"
# Participles that tell an initiative came about; not "fondé", "créé" (companies are founded
# too) nor "basé", "implanté" (where an organisation sits).
_MADE = (
    r"(?i:lancée?|inaugurée?|ouverte?|déployée?|conçue?|développée?|mise? en (?:place|service)|"
    r"construite?|réalisée?|initiée?|pilotée?|portée?)"
)
# "Tiznit Connect, lancé en 2025 par la commune, …", "Le Safi AI Hub sera construit par…"
_NAME_THEN_MADE = re.compile(
    rf"(?:^|(?<=[.;:]\s))(?:(?:Le|La|L')\s*)?({NAME})\s*(?:,|\s(?:sera|a été|est|seront|ont été))"
    rf"\s+{_MADE}\b"
)
# "a lancé « Souss Data »", "Avec « Jisr », la fondation…": a quoted name of capitalised words
# that an act of creation (or "avec") takes for its object.
_MADE_QUOTED = re.compile(
    r"(?i:\b(?:lanc\w*|déplo\w*|inaugur\w*|dévoil\w*|présent\w*|développ\w*|conç\w*|"
    r"mis en place|met en place|avec))(?:\s+[\w'-]+){0,3}?\s+[«\"“]\s*"
    rf"({NAME})\s*[»\"”]"
)
# "Lancé en 2024, Green Souss accompagne…" (a name, then a verb in lower case)
_MADE_THEN_NAME = re.compile(
    rf"(?:^|(?<=[.;:]\s)){_MADE}\b[^,.;]{{0,60}},\s+({NAME})\s+(?=[a-zà-ÿ])"
)
# "Sahara Data est un centre de données…"
_NAME_IS = re.compile(
    rf"(?:^|(?<=[.;:]\s))({NAME})\s+(?:est|sera|était|constitue|reste)\s+(?:un|une|le|la|l')\s*"
)
# A title run into its body: "Oriental Smart Farming Une plateforme de conseil…".
_TITLE_THEN_KIND = re.compile(rf"^({NAME})(?:\s+\([^)]{{1,40}}\))?\s+(?:Un|Une)\s+")
# "Son premier produit, Souk Voice, compte…": a kind given first, then the name in commas.
_KIND_THEN_NAME = re.compile(
    r"\b(?i:son|sa|leur|notre)\s+(?:(?:premier|première|nouvel|nouveau|nouvelle|dernier|"
    rf"dernière)\s+)?([a-zà-ÿ' ]{{3,30}}?)\s*,\s+({NAME})\s*,"
)
# Adjectives that stand between the kind and the name of an initiative.
_ADJECTIVE = (
    r"(?:nationale?s?|régionale?s?|mobiles?|numériques?|gouvernementale?s?|publique?s?|"
    r"intelligente?s?|territoriale?s?|internationale?s?|marocaine?s?|africaine?s?|"
    r"virtuelle?s?|interactive?s?|intégrée?s?|unique|collaborative?s?)"
)
_KIND_ADJECTIVE_NAME = re.compile(rf"\s+{_ADJECTIVE}(?:\s+{_ADJECTIVE})?\s+({NAME})(?=[\s,.;:)]|$)")


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
            found += candidate(match.group(1), "Project", offset + match.start(1))
    for match in [*_NAME_IS.finditer(text), *_TITLE_THEN_KIND.finditer(text)]:
        head = head_at(text, match.end(), INITIATIVE_HEADS)
        if head and not head_at(text, match.end(), ACTOR_HEADS):
            found += candidate(match.group(1), head[1], offset + match.start(1))
    for match in _KIND_THEN_NAME.finditer(text):
        head = head_at(match.group(1), 0, INITIATIVE_HEADS)
        if head or match.group(1) == "produit":
            cls = head[1] if head else "Platform"
            found += candidate(match.group(2), cls, offset + match.start(2))
    return found + _kind_adjective_names(text, offset)


def _kind_adjective_names(text: str, offset: int) -> list[Candidate]:
    """ "le programme national Jil Code", "l'application mobile Tbib": kind, adjective, name."""
    found = []
    for match in re.finditer(r"\b\w", text):
        head = head_at(text, match.start(), INITIATIVE_HEADS)
        named = head and _KIND_ADJECTIVE_NAME.match(text, match.start() + len(head[0]))
        if named and not text[match.start()].isupper():
            label = text[match.start() : named.end(1)]
            found += candidate(label[0].upper() + label[1:], head[1], offset + match.start())
    return found


def candidate(label: str, cls: str, start: int) -> list[Candidate]:
    """A candidate, unless the "name" is a sentence opener ("Le", "Selon") or an elided article
    before a common noun ("L'incubateur a été inauguré": a reference back, not a name).

    >>> candidate("L'incubateur", "Project", 0)
    []
    """
    if label.split()[0].lower() in SENTENCE_STARTERS or re.match(r"[LD]'[a-zà-ÿ]", label):
        return []
    return [Candidate(label, cls, "Initiative", start, start + len(label))]
