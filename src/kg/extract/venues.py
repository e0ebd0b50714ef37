"""Places where something was said, shown or held, which are not where an initiative is: "présentée
à Marrakech", "annoncé à Casablanca", "lors d'une conférence à Rabat".

The sentence's dependency parse says what the place completes: a verb of speech or display, or
the noun of a gathering; only an agreement is where it was signed.
"""

from __future__ import annotations

import re

from .clauses import rel
from .context import Context, Sentence
from .governors import token_at
from .mentions import Ref

# Verbs whose place is where the act took place, not where its object works.
_SAYING = frozenset(
    {
        "présenter",
        "annoncer",
        "dévoiler",
        "déclarer",
        "affirmer",
        "expliquer",
        "indiquer",
        "souligner",
        "rappeler",
        "exposer",
        "primer",
        "récompenser",
        "célébrer",
        "réunir",
        "tenir",
        "dire",
        "signer",
        "parapher",
        "officialiser",
        "sceller",
        "distinguer",
    }
)
# Gatherings: a place completing them is where they were held.
_GATHERINGS = frozenset(
    {
        "conférence",
        "salon",
        "forum",
        "sommet",
        "colloque",
        "rencontre",
        "réunion",
        "cérémonie",
        "atelier",
        "journée",
        "assise",
        "assises",
        "séminaire",
        "congrès",
        "festival",
        "hackathon",
        "édition",
        "gala",
    }
)
_TIMES = frozenset(
    """an année mois semaine jour soir matin veille lendemain printemps été automne hiver lundi
    mardi mercredi jeudi vendredi samedi dimanche""".split()
)
_SIGNING = frozenset({"signer", "parapher", "officialiser", "sceller"})
# "lors de la conférence tenue à Rabat", "en marge du salon, à Rabat": the words just before say
# what the place is, whatever the parse makes of them.
_OCCASION = re.compile(
    r"\b(?:lors|en marge|à l'occasion|au cours)\s+(?:de|du|des|d')\b[^,;:.()]{0,60}$", re.I
)


def is_venue(ctx: Context, sentence: Sentence, ref: Ref, focus: Ref) -> bool:
    """Whether the place *ref* is where something about *focus* was said, shown or held rather
    than where *focus* is ("dévoilé à Tanger"); an agreement is where it was signed, an event
    where it is held."""
    cls = ctx.classes.get(focus.slug)
    if cls == "Event":
        return False
    start = rel(sentence, ref)[0]
    if _OCCASION.search(sentence.text[:start]):
        return True
    token = token_at(sentence, start)
    if token is None:
        return False
    head = token.head
    # "primé l'an dernier à Marrakech": a time noun the parse hangs the place on stands for
    # the verb it dates
    while head.lemma_.lower() in _TIMES and head.head.i != head.i:
        head = head.head
    if head.i == token.i:
        return False
    lemma = head.lemma_.lower()
    if head.pos_ in ("VERB", "AUX") or "Part" in head.morph.get("VerbForm"):
        return lemma in _SAYING and not (cls == "Agreement" and lemma in _SIGNING)
    return lemma in _GATHERINGS or head.text.lower() in _GATHERINGS
