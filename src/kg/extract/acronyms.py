"""Names given with their acronym: "le Centre d'innovation en santé numérique (CISN)".

The words before a parenthesised acronym whose initials spell it are the entity's full name;
the acronym then names the same entity wherever the document uses it again ("le CISN").
"""

from __future__ import annotations

import re
import unicodedata

# "(CISN)", "(RNC-IA)", "(R&D)" — capitals, digits, "&" and inner hyphens.
_DEFINED = re.compile(r"\(\s*([A-ZÀ-Ý][A-Z0-9À-Ý&]*(?:-[A-Z0-9À-Ý]+)*)\s*\)")
# An acronym used bare: two capitals or more, not inside a longer word.
_BARE = re.compile(r"(?<![\w&-])([A-ZÀ-Ý][A-Z0-9À-Ý&]+(?:-[A-Z0-9À-Ý]+)*)(?![\w&-])")
# Words an acronym skips: "Caisse de dépôt et de gestion (CDG)".
_LINKS = frozenset("de du des la le les pour et en à au aux sur dans d l".split())
_WORD = re.compile(r"[\w&]+(?:'[\w&]+)*|,")
_ELISION = re.compile(r"^(?:[dl]|qu)'", re.I)
_LOOK_BACK = 160


def defined_acronyms(text: str) -> list[tuple[int, int, int, int]]:
    """``(name_start, name_end, acronym_start, acronym_end)`` of each "Full Name (ACRO)".

    >>> text = "Le Centre d'innovation en santé numérique (CISN) de Marrakech"
    >>> [(text[a:b], text[c:d]) for a, b, c, d in defined_acronyms(text)]
    [("Centre d'innovation en santé numérique", 'CISN')]
    >>> text = "le Réseau national de calcul pour l'IA (RNC-IA) et la Banque européenne (BEI)"
    >>> [text[a:b] for a, b, _, _ in defined_acronyms(text)]
    ["Réseau national de calcul pour l'IA"]
    """
    found = []
    for match in _DEFINED.finditer(text):
        end = len(text[: match.start()].rstrip())
        start = spelled_start(text, end, match.group(1))
        if start is not None:
            found.append((start, end, match.start(1), match.end(1)))
    return found


def spelled_start(text: str, end: int, acronym: str) -> int | None:
    """Where the words ending at *end* whose initials spell *acronym* begin, else ``None``.

    >>> spelled_start("la Caisse de dépôt et de gestion", 32, "CDG")
    3
    >>> spelled_start("la Caisse de dépôt", 18, "CDG") is None
    True
    """
    letters = re.sub(r"[-&]", "", acronym).upper()
    window = max(0, end - _LOOK_BACK)
    words = list(_WORD.finditer(text[window:end].replace("’", "'")))
    left, start, content = len(letters), None, 0
    for word in reversed(words):
        core = _ELISION.sub("", word.group(0))
        offset = window + word.end() - len(core)
        if core == "," or core.lower() in _LINKS:
            continue
        if core.isupper() and len(core) > 1 and letters[:left].endswith(core.upper()):
            left -= len(core)  # "l'IA" inside "RNC-IA"
        elif _initial(core) == _initial(letters[left - 1 : left]):
            left -= 1
        else:
            return None
        start, content = offset, content + 1
        if left == 0:
            break
    if left or content < 2 or start is None or not text[start].isupper():
        return None
    return start


def _initial(word: str) -> str:
    """The first letter of *word*, capital and without accent ("École" is spelled "E").

    >>> _initial("école"), _initial("Énergie")
    ('E', 'E')
    """
    return unicodedata.normalize("NFD", word[:1].upper())[:1]


def bare_acronyms(text: str) -> list[tuple[int, int]]:
    """Spans of the words written in capitals that may be acronyms.

    >>> bare_acronyms("Le CISN et la BEI, en IA.")
    [(3, 7), (14, 17), (22, 24)]
    """
    return [(m.start(1), m.end(1)) for m in _BARE.finditer(text)]
