"""What an untitled sentence is about: the initiative it creates, the one that is its
grammatical subject, else the agreement it reports.

The subject is read from the dependency parse and from the noun phrase that opens the
sentence, so that an apposition or a participial phrase between commas ("La plateforme « X »,
testée à Fès, sera…") does not hide it.
"""

from __future__ import annotations

import re

from . import clauses
from .context import Sentence
from .lexicon import INITIATIVE_HEADS, MEMBERSHIP_MARKERS
from .mentions import Ref, head_at, is_verb

_SUBJECTS = ("nsubj", "nsubj:pass")
_NAMING = re.compile(r"(?:baptisée?|dénommée?|intitulée?|nommée?|appelée?)\s*[«\"“]\s*$", re.I)
_DETERMINER = re.compile(r"^\W*(?:l[ea]|l['’]|les|un|une|ce|cet|cette|notre|leur)\s*", re.I)
# Words that may stand between the determiner and the kind noun ("La nouvelle plateforme", "Le
# tout nouveau centre"); a preposition may not: in "Le partenaire du programme X" the
# subject is the partner.
_MODIFIER = re.compile(r"(?!(?:de|du|des|d|à|au|aux|et|ou)\b)[\w-]+\s+", re.I)


def sentence_focus(sentence: Sentence, created: list[Ref], agreement: Ref | None) -> Ref | None:
    """What an untitled sentence is about: what it creates, else the initiative it names as
    its subject (before its verb; not one it is framed by: "dans le cadre de X"), else the
    agreement it reports."""
    if created:
        return created[0]
    verbs = [t for t in sentence.tokens if is_verb(t)]
    if verbs and _opening_participle(sentence, verbs[0]):
        verbs = verbs[1:]  # "Inauguré en mars, le campus « X » accueillera…"
    verb = verbs[0] if verbs else None
    limit = verb.idx - sentence.tokens[0].idx if verb is not None else len(sentence.text)
    comma = sentence.text.rfind(",", 0, limit)  # "Un an après le lancement de X, les régions…"
    framing = clauses.markers(sentence.text, MEMBERSHIP_MARKERS)
    subjects = [
        ref
        for ref in sentence.refs_of("Initiative")
        if ref.start - sentence.start < limit
        and not any(end <= ref.start - sentence.start <= end + 40 for _, end in framing)
    ]
    # What the sentence opens with is its subject even when the tagger missed the verb.
    after_comma = [r for r in subjects if r.start - sentence.start > comma]
    after_comma += [r for r in subjects if _is_subject(sentence, r) and r not in after_comma]
    # "Baptisé « Sinaa IA », le programme…": a name before the comma when none follows it.
    named = [r for r in subjects if _NAMING.search(sentence.text[: r.start - sentence.start])]
    if after_comma or named:
        return (after_comma or named)[0]
    return agreement


def _opening_participle(sentence: Sentence, verb) -> bool:
    """Whether *verb* is a participle the sentence opens with, set off by a comma."""
    first = next((t for t in sentence.tokens if t.is_alpha), None)
    if verb is not first or "Part" not in verb.morph.get("VerbForm"):
        return False
    return "," in sentence.text


def _is_subject(sentence: Sentence, ref: Ref) -> bool:
    """Whether *ref* opens the sentence or a phrase after a comma ("Le programme X", "Selon
    l'agence, la plateforme « X »…") or is the subject of a verb in the parse."""
    pos = ref.start - sentence.start
    return _opens(sentence.text, pos) or _parsed_subject(sentence, ref)


def _opens(text: str, pos: int) -> bool:
    """Whether the name at *pos* is what *text*, or its phrase after a comma, opens with, after
    a determiner and its kind noun at most.

    >>> _opens("La plateforme « Xawa », testée à Fès, sera…", 16)
    True
    >>> _opens("Depuis mai, la plateforme « Xawa » recrute.", 28)
    True
    >>> _opens("Le ministère et la plateforme « Xawa » signent…", 31)
    False
    >>> _opens("Xawa recrute.", 0)
    True
    """
    if pos <= 4:
        return True
    phrase = text[text.rfind(",", 0, pos) + 1 : pos]
    end = _kind_noun_end(phrase)
    if end is None:
        return False
    rest = phrase[end:]
    return bool(re.fullmatch(r"\s*(?:[\w-]+\s+)?[«\"“]?\s*", rest))


def _kind_noun_end(phrase: str) -> int | None:
    """Where the kind noun that *phrase* opens with ends, after a determiner and at most two
    modifiers ("la toute nouvelle plateforme").

    >>> phrase = "Le très attendu programme « "
    >>> phrase[_kind_noun_end(phrase) :]
    ' « '
    >>> _kind_noun_end("Le partenaire du programme ") is None
    True
    """
    determiner = _DETERMINER.match(phrase)
    if determiner is None:
        return None
    pos = determiner.end()
    for _ in range(3):
        head = head_at(phrase, pos, INITIATIVE_HEADS)
        if head is not None:
            return pos + len(head[0])
        modifier = _MODIFIER.match(phrase, pos)
        if modifier is None:
            return None
        pos = modifier.end()
    return None


def _parsed_subject(sentence: Sentence, ref: Ref) -> bool:
    """Whether *ref*, or the kind noun just before it, is a subject in the parse ("le fonds
    « X », géré par Y, finance…": "fonds" is the subject)."""
    inside = [t for t in sentence.tokens if ref.start <= _position(sentence, t) < ref.end]
    if not inside:
        return False
    before = [t for t in sentence.tokens[: inside[0].i - sentence.tokens[0].i] if t.is_alpha]
    words = inside + before[-1:]
    return any(t.dep_ in _SUBJECTS for t in words if t.pos_ != "PRON")


def _position(sentence: Sentence, token) -> int:
    """Absolute offset of *token*."""
    lead = len(sentence.text) - len(sentence.text.lstrip())
    return sentence.start + lead + token.idx - sentence.tokens[0].idx
