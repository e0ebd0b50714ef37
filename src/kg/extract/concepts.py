"""Naming risks, opportunities and initiatives from the phrase a paragraph gives them.

A risk or an opportunity is named by its title, else by what the sentence is about: its subject,
or what an actor or a place "becomes" or "forms", or what a report "points out"; an initiative
title with a kind of initiative in it ("Centre d'innovation … à Benguerir") names a new one.
"""

from __future__ import annotations

import re

from .context import Context, Sentence
from .lexicon import INITIATIVE_HEADS
from .mentions import Ref, head_at


def mint_topic(ctx: Context, sentence: Sentence, top: str) -> Ref | None:
    text = sentence.text.strip().rstrip(":").strip()
    if top == "Initiative":
        head = next(
            (
                h
                for m in re.finditer(r"(?<![\w'])\w", text)
                if (h := head_at(text, m.start(), INITIATIVE_HEADS))
            ),
            None,
        )
        if head is None:
            return None  # a title that names no kind of initiative is a headline, not a topic
        cls, confidence = head[1], 0.6
        label = re.sub(r"^\S+\s+[—–-]\s+", "", text)
        return ctx.mint(label[:120], cls, top, sentence.start, sentence.end, confidence)
    start, label = concept_phrase(ctx, sentence)
    if len(label) < 3:
        return None
    begin = sentence.start + start
    return ctx.mint(label[:120], top, top, begin, begin + len(label), 0.6)


BECOMES = re.compile(
    r"\b(?:devenir|faire (?:du|de la|de l'|des|de)\s*[^,;.]{1,40}?)\s+(?:un|une)\s+([^,;.]+)"
)


def concept_phrase(ctx: Context, sentence: Sentence) -> tuple[int, str]:
    """The phrase naming a risk or an opportunity: the title, else the sentence's subject, else
    what the subject "becomes" or "forms" when the subject is an actor, initiative or place.

    Returns its position in the sentence and its text.
    """
    lead = _ADVERBIAL.match(sentence.text)
    skip = lead.end() if lead else 0
    text = sentence.text[skip:]
    start, phrase = _concept_in(sentence, text, skip)
    return skip + start, phrase


_ADVERBIAL = re.compile(
    r"^\s*(?:enfin|ensuite|d'abord|par ailleurs|en outre|de plus|toutefois|cependant|"
    r"néanmoins|surtout|aussi|ainsi|en effet|autre (?:défi|enjeu|risque|piste))\s*,?\s*",
    re.I,
)
_REPORTER = re.compile(
    r"^\s*(?:le|la|les|l')\s*(?:rapport|étude|note|auteurs?|observateurs?|experts?|enquête|"
    r"analyse|document|acteurs)\b[^,;]*?\s(?:pointe|souligne|relève|identifie|note|cite|"
    r"signale|mentionne|évoque|insiste sur|met en avant|met en garde contre)\w*\s+"
    r"(?:d'abord\s+|aussi\s+|également\s+|surtout\s+)?",
    re.I,
)


def _concept_in(sentence: Sentence, text: str, skip: int) -> tuple[int, str]:
    reporter = _REPORTER.match(text)
    if reporter:
        phrase = re.split(r"[,;:(]|\s+(?:qui|que|dont)\b", text[reporter.end() :])[0]
        return reporter.end(), re.sub(r"^(?:le|la|les)\s+|^l'", "", phrase.strip())
    becomes = BECOMES.search(text)
    if becomes:
        phrase = re.split(r"\s+(?:qui|que|dont|capable|grâce|pour)\b", becomes.group(1))[0]
        return becomes.start(1), phrase.strip()
    verbs = [  # finite verbs; never right after a determiner (a tagging slip: "La rareté")
        t.idx - sentence.tokens[0].idx - skip
        for t in sentence.tokens
        if t.pos_ in ("VERB", "AUX")
        and "Fin" in t.morph.get("VerbForm")
        and not (t.i > 0 and t.doc[t.i - 1].pos_ == "DET")
    ]
    cut = next((v for v in verbs if v > 0), None)
    if cut is None:
        return 0, re.split(r"[,;:.(]", text)[0].strip()
    subject = re.split(r"[,;:(]", text[:cut])[0]
    # The subject is a name when it starts with one, or names an actor or initiative: what
    # it "forms" or "offers" is then the concept. Places inside a phrase do not count
    # ("la fuite des compétences vers l'Europe").
    head = len(subject) - len(
        re.sub(r"^\s*(?:le|la|les|l'|un|une|des)?\s*", "", subject, flags=re.I)
    )
    named = [
        r
        for r in sentence.refs
        if skip <= r.start - sentence.start < skip + len(subject)
        and (r.start - sentence.start == skip + head or r.top in ("Actor", "Initiative"))
        and r.top in ("Actor", "Initiative", "Place")
    ]
    # "La Coupe du monde 2030 stimulera la demande…": a named subject, the concept follows.
    first = re.match(r"[\w-]+", subject[head:])
    capitalised = bool(first) and first.group(0)[:1].isupper() and not first.group(0).isupper()
    if not named and not capitalised:
        return 0, subject.strip()
    rest = text[cut:]
    match = re.search(r"\b(?:un|une|des|le|la|les|l')\s*[^,;:.(]+", rest)
    if not match:
        return 0, re.split(r"[,;:.(]", text)[0].strip()
    phrase = re.split(r"\s+(?:qui|que|dont|capable|grâce|pour)\b", match.group(0))[0].strip()
    phrase = re.sub(r"^(?:un|une|des|le|la|les)\s+|^l'", "", phrase)
    return cut + match.start() + (len(match.group(0)) - len(match.group(0).lstrip())), phrase
