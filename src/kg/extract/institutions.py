"""Institutions named with lower-case words: "la Direction régionale de l'agriculture",
"l'Agence pour la promotion et le développement économique et social du Sud", "la Chambre de
commerce, d'industrie et de services de Fès". A capitalised head inside a sentence starts the
name; adjectives, nouns after "de", and the links a French institution name uses carry it on.
"""

from __future__ import annotations

import re

from .mentions import NAME_STOPS, PARTICIPLE, Candidate, sentence_start

# Heads that name an institution only when capitalised ("la Direction régionale de …").
INSTITUTION_HEADS = (("direction", "GovernmentBody"), ("conseil", "GovernmentBody"))
# "de mise en valeur agricole": "en" before a lower-case noun links the words of a name.
# "Agence pour la promotion et le développement économique et social de …": "pour" right after
# the head, and "et" once "pour" has been read or between two adjectives, link words of a name.
# "Chambre de commerce, d'industrie et de services de …": a list of complements after a comma.
_INSTITUTION_WORD = re.compile(
    r"(?:\s+|,\s+(?=d'|de [a-zà-ÿ]{4}))(de la |de l'|du |des |de |d'|l'|et de |et d'|"
    r"(?:en|et|pour) (?:la |le |l')?(?=[a-zà-ÿ]))?([\w-]+)"
)
# "en collaboration avec", "en charge de": after "en", these nouns start a phrase, not a name.
_EN_PHRASES = frozenset(
    """collaboration partenariat coopération association charge lien liaison faveur tant cours
    marge vue matière partie particulier outre effet attendant appui""".split()
)
_INSTITUTION_ADJECTIVE = re.compile(
    r"[a-zà-ÿ-]+(?:ale?s?|aux|ique|iques|aise?s?|ienne?s?|ole|oles|aires?)"
    # participles that are part of a school's name: "des sciences appliquées"
    r"|appliquée?s?|avancée?s?|spécialisée?s?|supérieure?s?"
)


def institution_name(text: str, pos: int, head: tuple[str, str], offset: int) -> Candidate | None:
    """A capitalised head inside a sentence names an institution whose other words may be
    lower-case: "avec l'Agence française de développement" → "Agence française de
    développement". Each word is an adjective, a capitalised word, or a noun after "de"; a
    verb or another preposition ends the name, which needs two words after its head.

    >>> institution_name("avec la Direction régionale de l'agriculture pour", 8,
    ...                   ("direction", "GovernmentBody"), 0).label
    "Direction régionale de l'agriculture"
    >>> institution_name("l'Office régional de mise en valeur agricole du Tadla a", 2,
    ...                   ("office", "Company"), 0).label
    'Office régional de mise en valeur agricole du Tadla'
    >>> institution_name("l'Agence pour la promotion et le développement économique et "
    ...                   "social du Sud a", 2, ("agence", "GovernmentBody"), 0).label
    'Agence pour la promotion et le développement économique et social du Sud'
    >>> institution_name("l'Agence française de développement et la startup X", 2,
    ...                   ("agence", "GovernmentBody"), 0).label
    'Agence française de développement'
    >>> institution_name("la Chambre de commerce, d'industrie et de services de Fès, l'", 3,
    ...                   ("chambre", "GovernmentBody"), 0).label
    "Chambre de commerce, d'industrie et de services de Fès"
    >>> institution_name("par l'Agence nationale des ports en collaboration avec", 6,
    ...                   ("agence", "GovernmentBody"), 0).label
    'Agence nationale des ports'
    >>> institution_name("L'Office a signé", 2, ("office", "Company"), 0) is None
    True
    """
    if not text[pos].isupper() or sentence_start(text, pos):
        return None
    end, words, purpose, adjective, listing = pos + len(head[0]), 0, False, False, False
    while match := _INSTITUTION_WORD.match(text, end):
        link, word = match.groups()
        lower = word[:1].islower()
        listing = listing or match.group(0).startswith(",")
        if link in ("et de ", "et d'") and not listing:
            break
        if link == "en " and word in _EN_PHRASES:
            break
        if link and link.startswith("pour"):
            if words > 1:
                break
            purpose = True
        elif (
            link
            and link.startswith("et")
            and not (purpose or listing)
            and not (adjective and link == "et " and _INSTITUTION_ADJECTIVE.fullmatch(word))
        ):
            break
        adjective = bool(_INSTITUTION_ADJECTIVE.fullmatch(word))
        if word in NAME_STOPS or (
            lower and not link and not _INSTITUTION_ADJECTIVE.fullmatch(word)
        ):
            break
        if lower and PARTICIPLE.match(word) and not link and not adjective:
            break
        end, words = match.end(), words + 1
    if words < 2:
        return None
    return Candidate(text[pos:end], head[1], "Actor", offset + pos, offset + end)
