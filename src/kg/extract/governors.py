"""Whose clause a word is in, read from the dependency parse: "la région pourrait exploiter son
gisement éolien" speaks of the region, "les flux de téléconsultation pourraient alimenter…" of
flows, so neither gives a field to an initiative named elsewhere in the sentence.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from .clauses import rel
from .context import Sentence
from .lexicon import INITIATIVE_HEADS
from .mentions import Ref

_SUBJECTS = ("nsubj", "nsubj:pass")
_HEADS = frozenset(head.split()[0] for head, _ in INITIATIVE_HEADS)
# Nouns that stand for an organisation or its aim ("la jeune pousse développe…", "notre mission :
# mettre l'IA au service de…"): no stranger to the focus.
_ACTOR_NOUNS = frozenset(
    """startup start-up pousse société entreprise groupe agence ministère université opérateur
    banque office fondation école institut laboratoire équipe filiale firme consortium cabinet
    association fédération autorité conseil commune région collectivité partenaire signataire
    mission objectif ambition vocation but priorité rôle pari action mesure axe volet
    chantier""".split()
)
_ARGUMENTS = ("obj", "nsubj", "nsubj:pass", "obl:arg")
# Edges across which a clause keeps the subject of the verb it hangs on.
_SHARED = ("xcomp", "conj", "advcl", "ccomp")


def token_at(sentence: Sentence, start: int) -> Token | None:
    """The token that begins at *start* (relative to the sentence), if any."""
    if not sentence.tokens:
        return None
    base = sentence.tokens[0].idx - (len(sentence.text) - len(sentence.text.lstrip()))
    return next((t for t in sentence.tokens if t.idx - base == start), None)


def clause_owner(token: Token) -> Token | None:
    """The word a clause says *token* belongs to: the subject of the verb that governs it, the
    subject it lies in, or the noun a participle or relative clause describes."""
    current = token
    while current.head.i != current.i:
        if current.dep_ in _SUBJECTS:
            return current
        if current.dep_ in ("acl", "acl:relcl"):
            return current.head
        current = current.head
        subject = next((c for c in current.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return subject
        if current.pos_ in ("VERB", "AUX") and current.dep_ not in _SHARED:
            return None
    return None


def foreign_owner(sentence: Sentence, ref: Ref, focus: Ref) -> bool:
    """Whether the clause of *ref* is about a place or a plain noun other than *focus*: "le Maroc
    pourrait exploiter son gisement éolien", "la darija offre un créneau pour les modèles de
    langage". Actors, pronouns and initiative nouns may stand for the focus and do not count."""
    token = token_at(sentence, rel(sentence, ref)[0])
    owner = clause_owner(token) if token is not None else None
    if owner is None or owner.pos_ == "PRON":
        return False
    base = sentence.tokens[0].idx - (len(sentence.text) - len(sentence.text.lstrip()))
    start, end = rel(sentence, focus)
    # "dopera les besoins en services dans le tourisme": a word of the focus's phrase governs
    # it; "pour développer une plateforme, avec des modèles de langage": so does the focus's verb
    objects = (c for a in token.ancestors for c in a.children if c.dep_ in _ARGUMENTS)
    near = [owner, *token.ancestors, *objects]
    if any(max(start, 0) <= t.idx - base < end for t in near):
        return False
    at = owner.idx - base
    for other in sentence.refs:
        start, end = rel(sentence, other)
        if start <= at < end:
            return other.top == "Place" and other.slug != focus.slug
    word = owner.lemma_.lower()
    return owner.pos_ == "NOUN" and word not in _HEADS and word not in _ACTOR_NOUNS


# "à l'instar des laboratoires de cybersécurité", "à l'image de ce qui se fait dans le tourisme"
_LIKENED = re.compile(r"\b(?:à l'instar|à l'image|contrairement)\s+(?:de|du|des|d'|à|aux)[^,;:]*$")


def compared(sentence: Sentence, ref: Ref) -> bool:
    """Whether *ref* lies in a clause of comparison ("comme l'avait fait un dispositif dans le
    tourisme", "à l'instar des laboratoires de cybersécurité"): another thing's field. A "comme"
    that lists examples ("des secteurs comme la santé") introduces no clause."""
    start = rel(sentence, ref)[0]
    if _LIKENED.search(sentence.text[:start].lower()):
        return True
    token = token_at(sentence, start)
    if token is None:
        return False
    return any(
        c.dep_ == "mark" and c.lower_ == "comme" for a in token.ancestors for c in a.children
    )
