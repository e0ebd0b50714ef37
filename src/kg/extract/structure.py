"""Document structure: section headers, titles run into their bodies, sentences.

A paragraph may open with a title that has no punctuation of its own ("Instituts Al Jazari Un
réseau de centres…"): the title ends where a capitalised word opens a sentence — a determiner,
a pronoun, a verb, or a name followed by a verb — or at a colon that follows a verbless phrase.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .lexicon import OPPORTUNITY_SECTION_WORDS, RISK_SECTION_WORDS, SENTENCE_STARTERS

MAX_TITLE_TOKENS = 16
_PARTICIPLE = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ]{2,}(?:é|ée|és|ées)")
# A body never starts right after a conjunction, a preposition or a comma ("Rabat, le 9 octobre
# 2024 – Maroc Telecom et Microsoft ont signé" has no title).
_NOT_BEFORE_BODY = frozenset({"CCONJ", "SCONJ", "ADP", "DET", "PRON"})
_PUNCT_NOT_BEFORE_BODY = frozenset({",", "–", "—", "-", ":", "(", "«", "/", "&"})
_ABBREVIATIONS = frozenset({"m", "mme", "mlle", "dr", "pr", "st", "me", "art", "p", "n°", "cf"})
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»)]*\s+(?=[«\"(]?[A-ZÀ-Ý0-9])")


def section_kind(text: str) -> str | None:
    """'risk' or 'opportunity' for a header that announces them, else None.

    >>> section_kind("⚠️ Défis identifiés"), section_kind("🌱 Opportunités")
    ('risk', 'opportunity')
    >>> section_kind("Contexte") is None
    True
    """
    words = set(re.findall(r"[^\W\d_]+", text.lower()))
    if words & RISK_SECTION_WORDS:
        return "risk"
    if words & OPPORTUNITY_SECTION_WORDS:
        return "opportunity"
    return None


def title_end(doc: Doc, entity_tokens: set[int]) -> int:
    """Token index where the body starts after a title run into it; 0 when there is no title.

    *entity_tokens* are indices of tokens inside catalogue names, which never start a body.
    """
    if not len(doc) or _starts_sentence(doc, 0, entity_tokens, first=True):
        return 0
    colon = _colon_title(doc)
    for i in range(1, min(len(doc), MAX_TITLE_TOKENS + 1)):
        token, previous = doc[i], doc[i - 1]
        if (token.is_punct and token.text in ".!?;") or _is_finite_verb(previous):
            break
        if previous.pos_ in _NOT_BEFORE_BODY or previous.text in _PUNCT_NOT_BEFORE_BODY:
            continue
        if i not in entity_tokens and _starts_sentence(doc, i, entity_tokens):
            return i if _has_content(doc[:i]) else 0
    return colon + 1 if colon else 0


def _colon_title(doc: Doc) -> int | None:
    for token in doc[: MAX_TITLE_TOKENS + 1]:
        if token.text == ":":
            head = doc[: token.i]
            if _has_content(head) and not any(_is_finite_verb(t) for t in head):
                return token.i
            return None
    return None


def _starts_sentence(doc: Doc, i: int, entity_tokens: set[int], first: bool = False) -> bool:
    token = doc[i]
    text = token.text
    if not text[:1].isupper() or sum(c.isupper() for c in text) > 1:
        return False  # acronyms ("IA", "OCP") do not open sentences; "L'" does
    lower = text.lower()
    if lower in SENTENCE_STARTERS:
        return True
    if first:
        return False
    if token.pos_ in ("VERB", "AUX") and lower.endswith(("é", "ée", "er", "ir", "re")):
        return True
    if _PARTICIPLE.fullmatch(text):  # "Basée à Agadir, …": the tagger may not call it a verb
        return True
    following = doc[i + 1] if i + 1 < len(doc) else None
    if token.pos_ != "PROPN" or following is None:
        return False
    end = i + 1  # past the name's other capitalised words: "Amane Capital et l'OCP ont signé"
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
        end += 1
    name_starts = doc[i - 1].pos_ != "PROPN" or doc[i - 1].text.isupper()  # "les PME Amane…"
    if end < len(doc) and doc[end].lower_ == "et" and name_starts:
        return _verb_follows(doc[end + 1 : end + 7])  # coordinated subjects open the body
    return following.pos_ in ("AUX", "VERB") and following.text[:1].islower()


def _verb_follows(span) -> bool:
    """Whether a finite verb ends a short run of names: "la Banque mondiale ont"."""
    for token in span:
        if token.is_punct:
            return False
        if _is_finite_verb(token) and token.text[:1].islower():
            return True
    return False


def _is_finite_verb(token) -> bool:
    return token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm")


def _has_content(span) -> bool:
    return any(t.pos_ in ("NOUN", "PROPN", "ADJ", "X") or t.text[:1].isupper() for t in span)


def sentence_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of *text*, offset by *start*, trailing spaces excluded.

    >>> t = "Le Maroc a signé. M. Alami a parlé. Fin"
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['Le Maroc a signé.', 'M. Alami a parlé.', 'Fin']
    """
    spans = []
    cursor = 0
    for match in _SENTENCE_END.finditer(text):
        before = re.search(r"(\S+)[.!?…][\"»)]*$", text[: match.start()].rstrip())
        if before and before.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if before and len(before.group(1)) == 1 and before.group(1).isupper():
            continue
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text.rstrip())))
    return [(start + s, start + e) for s, e in spans if e > s]
