"""Clause reading shared by the rules: markers, mentions after a position, the word before a
mention, subjects and coordinated lists ("X, Y et Z ont signé").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .context import Sentence
from .lexicon import (
    LOCATIVE_PREPOSITIONS,
)
from .mentions import Ref

_CLAUSE_END = re.compile(r"[;.!?]| pour | afin | qui | dont ")


# Adverbs (and adjectives) a writer slips between the words of a marker: "collabore également
# avec", "en partenariat étroit avec".
_ADVERB = (
    r"(?:\s+(?:également|aussi|déjà|notamment|étroitement|désormais|ainsi|étroit|étroite|"
    r"stratégique))?\s+"
)


def markers(text: str, phrases) -> list[tuple[int, int]]:
    """Spans of *phrases* in *text* on word boundaries (case-insensitive), an adverb allowed
    between their words.

    >>> markers("X collabore également avec Y", ["collabore avec"])
    [(2, 26)]
    >>> markers("avec le concours d'Atos", ["avec le concours d'"])
    [(0, 19)]
    """
    lower = text.lower()
    found = []
    for phrase in phrases:
        for m in _marker_pattern(phrase).finditer(lower):
            found.append((m.start(), m.end()))
    return sorted(found)


@lru_cache(maxsize=4096)
def _marker_pattern(phrase: str) -> re.Pattern:
    """The compiled pattern of one marker phrase (see :func:`markers`)."""
    pattern = _ADVERB.join(re.escape(word) for word in phrase.split(" "))
    tail = "" if phrase.endswith("'") else r"(?!\w)"  # "d'Oracle": the name runs on
    return re.compile(rf"(?<![\w']){pattern}{tail}")


def rel(sentence: Sentence, ref: Ref) -> tuple[int, int]:
    return ref.start - sentence.start, ref.end - sentence.start


def refs_after(sentence: Sentence, pos: int, tops, limit: int = 120) -> list[Ref]:
    """Mentions of *tops* starting after *pos* (relative), up to the clause end or *limit*."""
    stop = _CLAUSE_END.search(sentence.text, pos)
    end = min(stop.start() if stop else len(sentence.text), pos + limit)
    return [r for r in sentence.refs_of(*tops) if pos <= rel(sentence, r)[0] < end]


def preceding_word(sentence: Sentence, ref: Ref) -> str:
    """The word before a mention, past a definite article, lower-case ("à", "en", "une"…)."""
    before = sentence.text[: rel(sentence, ref)[0]].lower()
    before = re.sub(r"(?:\b(?:le|la|les)\s+|\bl')$", "", before.rstrip() + " ").rstrip()
    before = re.sub(r"\bl'$", "", before).rstrip()
    match = re.search(r"([\w']+)$", before)
    return match.group(1) if match else ""


def subject_before(sentence: Sentence, pos: int) -> Ref | None:
    """The actor (or country) named just before a verb, in the same clause."""
    candidates = [
        r
        for r in sentence.refs_of("Actor", "Place")
        if rel(sentence, r)[1] <= pos and not _bracketed_place(sentence, r)
    ]
    if not candidates:
        return None
    ref = candidates[-1]
    between = sentence.text[rel(sentence, ref)[1] : pos]
    # "L'ADD et la Direction régionale de l'agriculture ont lancé": a co-subject not named
    co_subject = re.fullmatch(
        r"\s+et\s+(?:le|la|les|l')\s*[^;:.,]{0,60}?\s+(?:ont|sont)\s*", between
    )
    if (len(between) > 45 and not co_subject) or re.search(r"[;:.,]", between):
        return None
    if preceding_word(sentence, ref) in ("avec", "par", "de", "du", "des", "d'", "entre"):
        return None
    start = sentence.start + rel(sentence, ref)[1]
    if any(
        t.pos_ == "VERB"
        and start <= sentence.start + t.idx - sentence.tokens[0].idx < sentence.start + pos
        for t in sentence.tokens
    ):
        return None  # another verb in between: the actor is not this verb's subject
    if ref.top == "Place" and preceding_word(sentence, ref) in LOCATIVE_PREPOSITIONS:
        return None
    return ref


def _bracketed_place(sentence: Sentence, ref: Ref) -> bool:
    """ "l'Université X (France)": a place in brackets says where the name before it is."""
    start, end = rel(sentence, ref)
    return (
        ref.top == "Place"
        and sentence.text[:start].rstrip().endswith("(")
        and sentence.text[end:].lstrip().startswith(")")
    )


_NOT_SUBJECT = LOCATIVE_PREPOSITIONS | {"de", "par", "avec", "pour"}


def coordinated_before(sentence: Sentence, verb: int) -> list[Ref]:
    """ "X et Y ont signé", "le ministère (MESRSI) et le CNRST ont lancé": the actors joined by
    "et" / "," just before the verb (an acronym in brackets is the same actor again)."""
    refs = [r for r in sentence.refs_of("Actor", "Place") if r.end - sentence.start <= verb]
    chain: list[Ref] = []
    limit = verb
    for ref in reversed(refs):
        if _bracketed_place(sentence, ref):
            limit = sentence.text.rfind("(", 0, rel(sentence, ref)[0])
            continue
        topical = re.search(
            r"\bquant\s+(?:à|aux?)\s*$", sentence.text[: rel(sentence, ref)[0]], re.I
        )
        if not topical and preceding_word(sentence, ref) in _NOT_SUBJECT:
            break  # "à Rabat", "par X"; but "Quant à X et Y, ils ont signé": the subjects
        gap = sentence.text[ref.end - sentence.start : limit]
        bare = gap.replace("(", " ").replace(")", " ")
        joined = re.match(r"\s*(?:,|et\b|ainsi que\b)", bare) and len(gap) < 40
        same = not bare.strip()
        if (
            chain
            and not same
            and not (joined and re.fullmatch(r"[\s,]*(?:et|ainsi que)?[\s\w'-]*", bare))
        ):
            break
        if not chain and len(gap) > 30:
            break
        chain.insert(0, ref)
        limit = ref.start - sentence.start
    return unique(chain)


def main_subject(sentence: Sentence) -> Ref | None:
    """The actor a sentence opens with, when it is the subject of the first verb."""
    verb = next((t for t in sentence.tokens if "Fin" in t.morph.get("VerbForm")), None)
    if verb is None:
        return None
    first = [
        r
        for r in sentence.refs_of("Actor")
        if r.end - sentence.start <= verb.idx - sentence.tokens[0].idx
    ]
    if not first or rel(sentence, first[0])[0] > 40:
        return None
    return subject_before(sentence, verb.idx - sentence.tokens[0].idx) and first[0]


def unique(refs: list[Ref]) -> list[Ref]:
    seen, result = set(), []
    for ref in refs:
        if ref.slug not in seen:
            seen.add(ref.slug)
            result.append(ref)
    return result


_CLAUSE_BREAK = re.compile(r"\b(?:tandis|alors|mais|qui|que|qu'|dont|afin|pour)\b|[;.:]")


# A participle ending in "é", not a noun so ending ("et la société X" continues the list).
_PARTICIPLE = re.compile(
    r"\b(?!(?:société|université|communauté|entité|collectivité|faculté)s?\s)\w+(?:é|ée|és|ées)\s"
)


def coordinated_after(sentence: Sentence, pos: int, tops=("Actor",)) -> list[Ref]:
    """The actors listed right after *pos*: "avec l'UM6P, Inwi et le groupe OCP"."""
    chain: list[Ref] = []
    cursor = pos
    for ref in sentence.refs_of(*tops):
        start, end = rel(sentence, ref)
        if start < cursor:
            continue
        gap = sentence.text[cursor:start]
        if chain and ref.slug == chain[-1].slug and re.fullmatch(r"\s*\(\s*", gap):
            cursor = end  # "l'Institut de recherche … (IRESEN)": the same one, by its acronym
            continue
        if chain:
            listed = re.fullmatch(
                r"[\s,)]*(?:et|ainsi que|ou|comme|avec)?\s*"
                r"(?:de la |de l'|des |de |du |d'|le |la |les |l')?\s*"
                r"(?:[\w'-]+\s+){0,3}",
                gap,
            ) and re.search(r",|\bet\b|ainsi que|\bou\b|\bavec\b", gap)
            # "portée par X et financée par Y": a second participle opens another clause
            listed = listed and not re.search(r"\bpar\b", gap) and not _PARTICIPLE.search(gap)
        else:  # the first one may come after a list of kinds: "des universités, …, comme l'"
            listed = len(gap) <= 80 and not _CLAUSE_BREAK.search(gap)
        if not listed:
            break
        chain.append(ref)
        cursor = end
    return unique(chain)


_NEAR = re.compile(
    r"(?:(?:près|non loin|aux portes|au sein|aux environs|aux alentours|au cœur|autour)\s+"
    r"|(?:géré|piloté|opéré|exploité|animé)e?s?\s+depuis\s+(?:le |la |l')?\s*[^\s,;.]+\s+)"
    r"(?:de|du|d'|des)\s*(?:la |l')?$"
    # "dans les provinces de Figuig", "dans la région " + a name that carries its "de"
    r"|(?:à|au|aux|dans|en|sur)\s+(?:la |le |les |l')?\s*(?:province|préfecture|commune|ville|"
    r"région|wilaya|localité|zone|port|campus|site|parc|quartier)s?\s+"
    r"(?:(?:de|du|d'|des)\s*(?:la |l')?)?$"
    r"|(?:géré|piloté|opéré|exploité|animé)e?s?\s+depuis\s+(?:le |la |les |l')?$"
    # "dans les dispensaires ruraux de la province de Taounate": what lies in a named district
    r"|\b(?:à|au|aux|dans|en|sur)\s+[^,;:.()«»]{1,50}?\s+(?:de|du|des|d')\s*(?:la |l')?"
    r"(?:province|préfecture|commune|ville|région|wilaya|localité|vallée|oasis)s?\s+"
    r"(?:(?:de|du|d'|des)\s*(?:la |l')?)?$"
    # "dans cinq provinces, dont Taroudant": the places that illustrate a locative phrase
    r"|\b(?:à|au|aux|dans|en)\s+[^,;:.()«»]{0,40}?(?:province|commune|ville|région|localité|"
    r"douar|site)s?\s*,?\s*(?:dont|notamment|parmi lesquelles|comme)\s+(?:la |le |l')?$"
)


def is_locative(sentence: Sentence, ref: Ref) -> bool:
    """ "à Tanger", "en Afrique", "dans le Souss", "près de Dakhla", "au sein du parc X",
    "autour de Tiznit", "dans les provinces de Zagora", "géré depuis le parc X de Fès".

    >>> from kg.extract.context import Sentence
    >>> text = "déployé dans les provinces de Zagora"
    >>> is_locative(Sentence(0, 36, text, [], []), Ref("zagora", "Place", "City", 30, 36))
    True
    """
    if preceding_word(sentence, ref) in LOCATIVE_PREPOSITIONS:
        return True
    return bool(
        _NEAR.search(sentence.text[: rel(sentence, ref)[0]].lower().rstrip() + " ")
    ) or bool(_NEAR.search(sentence.text[: rel(sentence, ref)[0]].lower().rstrip()))
