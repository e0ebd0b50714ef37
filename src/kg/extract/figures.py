"""Figures of an initiative: its targets, budgets and dated events.

The figures of a sentence belong to its focus, or to the initiative a relative clause hangs on
("la stratégie X, qui vise 500 mégawatts"), or, in a sentence with no focus of its own, to the
initiative it is framed by ("Dans le cadre de X, l'objectif de 3 000 startups").
"""

from __future__ import annotations

import re

from .clauses import markers, refs_after, rel
from .context import Context, Sentence
from .lexicon import IRREGULAR_PARTICIPLES, MEMBERSHIP_MARKERS
from .mentions import Ref
from .values import find_amounts, find_dates, find_quantities

EVENT_OF_VERB = {
    "signer": "signature",
    "conclure": "signature",
    "parapher": "signature",
    "lancer": "launch",
    "annoncer": "launch",
    "dévoiler": "launch",
    "inaugurer": "opening",
    "ouvrir": "opening",
    "organiser": "event",
    "tenir": "event",
    "accueillir": "event",
    "publier": "launch",
    "déployer": "launch",
    "présenter": "launch",
    "adopter": "adoption",
    "confier": "attribution",
    "démarrer": "launch",
}
# Verbs whose present tells an activity, not an event: "la startup déploie des capteurs".
_ONGOING = frozenset({"déployer", "présenter"})


def _finite(token) -> bool:
    return "Fin" in token.morph.get("VerbForm")


_RANGE = re.compile(r"\b(?:de|entre)\s+[\d  ,.]+\s*(?:millions?|milliards?)?\s*(?:à|et)\s*$", re.I)


# "il traite déjà 50 000 appels", "en service depuis mars 2024 dans 8 hôpitaux": what is.
_ALREADY = re.compile(r"\b(?:déjà\b[^.;,]{0,30}|depuis\b[^.;,]{0,40})$", re.I)


def value_rules(
    ctx: Context, sentence: Sentence, focus: Ref | None, dated: Ref | None = None
) -> None:
    """Targets, budgets and dates of the focus initiative (or of the initiative a relative
    clause hangs on: "…, qui vise 500 mégawatts")."""
    if focus is not None and focus.top != "Initiative":
        focus = None
    amounts = find_amounts(sentence.text)
    dates = find_dates(sentence.text)
    names = [rel(sentence, r) for r in sentence.refs]
    taken = names + [(s, e) for s, e, _ in amounts] + [(s, e) for s, e, _ in dates]
    for start, _, amount in amounts:
        if _RANGE.search(sentence.text[:start]):
            continue  # "des tickets de 2 à 10 millions de dirhams": a range, not a budget
        owner = _relative_owner(sentence, start) or focus
        if owner is not None:
            ctx.emit(owner.slug, "hasBudget", amount, sentence, "amount", 0.8)
    for start, _, quantity in find_quantities(sentence.text, taken):
        before = sentence.text[:start]
        if _ALREADY.search(before) or _SIZE.search(before) or _is_state(sentence, start):
            continue  # "il traite déjà 50 000 appels": what is, not what is aimed at
        owner = _relative_owner(sentence, start) or focus
        if owner is not None:
            ctx.emit(owner.slug, "hasTarget", quantity, sentence, "quantity-target", 0.75)
    event = _event(sentence)
    when = dated or focus
    for start, _, date in dates if when is not None else ():
        if _other_act(sentence, start):
            continue  # "déployée à Safi avant d'être étendue en 2027": when it grows
        # "le master X, que la faculté ouvrira à la rentrée 2026": the event of the clause
        owner = _relative_owner(sentence, start)
        kind = _event(sentence, rel(sentence, owner)[1], start) if owner is not None else None
        if kind is None:
            # "elle accompagne depuis mars 2024 les artisans": what it has done since its launch
            owner, kind = None, event or ("launch" if _since_its_start(sentence, start) else None)
        if kind:
            value = type(date)(date.value, kind)
            ctx.emit((owner or when).slug, "date", value, sentence, "dated-event", 0.75)


# Acts after an initiative's start whose date is not one of its events.
_LATER_ACTS = frozenset("étendre élargir généraliser prolonger renouveler reconduire".split())


def _other_act(sentence: Sentence, pos: int) -> bool:
    """Whether the verb nearest before the date at *pos*, in its clause, tells a later act
    ("étendue en 2027", "généralisé en 2028")."""
    before = [
        t
        for t in sentence.tokens
        if t.idx - sentence.tokens[0].idx < pos and t.pos_ in ("VERB", "ADJ", "AUX", "NOUN")
    ]
    for token in reversed(before[-3:]):
        lemma = _PARTICIPLE_OF.get(token.lower_) or token.lemma_.lower()
        if lemma in _LATER_ACTS or re.sub(r"(?:ue|ues|u|us)$", "re", token.lower_) in _LATER_ACTS:
            return True
    return False


_SINCE = re.compile(r"\bdepuis\s+(?:le\s+|l'|(?:début|fin)\s+)?$", re.I)
# "le réseau desservira les douars à partir de 2029": when it starts to serve
_FROM = re.compile(r"\b(?:à partir de|dès)\s+(?:le\s+|l'|(?:début|fin)\s+)?$", re.I)


def _since_its_start(sentence: Sentence, pos: int) -> bool:
    """Whether the date at *pos* follows "depuis" (or, with a verb in the future, "à partir
    de" / "dès") in a clause about an initiative: the name nearest before it in its clause is
    no actor ("Leila Bennani dirige depuis 2022 le laboratoire" dates her tenure, not
    the laboratory)."""
    before = sentence.text[:pos]
    future = any("Fut" in t.morph.get("Tense") for t in sentence.tokens)
    if not (_SINCE.search(before) or (future and _FROM.search(before))):
        return False
    clause = max(sentence.text.rfind(",", 0, pos), sentence.text.rfind(";", 0, pos))
    before = [
        r for r in sentence.refs if clause < rel(sentence, r)[0] and rel(sentence, r)[1] <= pos
    ]
    return not before or max(before, key=lambda r: r.end).top not in ("Actor", "Person")


# "une équipe de 15 ingénieurs", "forte de 20 salariés": a size.
_SIZE = re.compile(
    r"\b(?:équipe|effectif|surface|superficie|flotte|forte?s?)\s+(?:de|d')\s*$", re.I
)
# Verbs whose present tells what an initiative has or holds, not what it aims at.
STATE_VERBS = frozenset(
    """héberger employer compter regrouper réunir rassembler occuper totaliser abriter
    fédérer recenser dénombrer disposer revendiquer""".split()
)
# The same verbs read as words, for when the tagger takes one for an adjective ("ce pôle
# fédère 40 jeunes pousses").
_STATE_WORD = re.compile(
    r"\b(?:héberg|emploi|regroup|rassembl|occup|totalis|abrit|fédèr|recens|dénombr|revendiqu)"
    r"(?:e|ent)\s+(?:(?:aujourd'hui|actuellement|déjà|plus de|près de|quelque|environ)\s+)*$",
    re.I,
)
_NOW = re.compile(r"\b(?:aujourd'hui|actuellement|à ce jour|à l'heure actuelle)\b", re.I)


def _is_state(sentence: Sentence, pos: int) -> bool:
    """Whether the figure at *pos* is something the subject already has: the verb (or the
    word) nearest before it is a verb of holding in the present or past ("il héberge 25
    startups", "emploie 12 personnes"), or "aujourd'hui" stands between that verb and the
    figure."""
    if _STATE_WORD.search(sentence.text[:pos]):
        return True
    verbs = [
        t
        for t in sentence.tokens
        if t.idx - sentence.tokens[0].idx < pos and t.pos_ in ("VERB", "AUX") and t.is_alpha
    ]
    if not verbs:
        return False
    verb = verbs[-1]
    gap = sentence.text[verb.idx - sentence.tokens[0].idx : pos]
    if "Fin" not in verb.morph.get("VerbForm") or "Fut" in verb.morph.get("Tense"):
        return False
    lemma = verb.lemma_.lower()
    return lemma in STATE_VERBS or verb.lower_.rstrip("s") == "compte" or bool(_NOW.search(gap))


def objective_rule(ctx: Context, sentence: Sentence) -> None:
    """ "Dans le cadre de Maroc Digital 2030, l'objectif de 3 000 startups d'ici 2030", "Avec le
    programme X, l'objectif est d'atteindre…": the objective belongs to the framing initiative
    when the sentence has no focus of its own."""
    frames = [
        r
        for _, end in markers(sentence.text, MEMBERSHIP_MARKERS)
        for r in refs_after(sentence, end, ("Initiative",), limit=40)[:1]
    ]
    opening = _WITH.match(sentence.text)  # "Avec le programme X, l'objectif est d'atteindre…"
    if opening:
        frames += refs_after(sentence, opening.end(), ("Initiative",), limit=40)[:1]
    objective = re.search(r"\bobjectifs?\b[^.;]{0,20}?\b(?:de\s+|d')", sentence.text)
    if not frames or not objective:
        return
    taken = [rel(sentence, r) for r in sentence.refs]
    for start, _, quantity in find_quantities(sentence.text, taken):
        if objective.end() <= start <= objective.end() + 25:
            ctx.emit(frames[0].slug, "hasTarget", quantity, sentence, "framed-objective", 0.7)


_WITH = re.compile(r"^\W*(?:avec|grâce à|à travers|via|pour)\s+", re.I)


def _relative_owner(sentence: Sentence, pos: int) -> Ref | None:
    """ "… la stratégie Maroc Digital 2030, qui vise … 500 mégawatts", "le master X, que la
    faculté ouvrira en 2026": the figure belongs to the initiative the relative clause hangs on,
    not to the sentence's focus."""
    before = [r for r in sentence.refs_of("Initiative") if rel(sentence, r)[1] <= pos]
    if not before:
        return None
    gap = sentence.text[rel(sentence, before[-1])[1] : pos]
    # "…, baptisée « Rif Academy », qui devra former…": the name's closing quote comes first
    relative = re.match(r"\s*[»\"”]?\s*,?\s*(?:qui\b|que\s|qu')", gap)
    return before[-1] if relative and not re.search(r"[;.]", gap) else None


# Nouns that name the event a date is of: "Sa mise en service est attendue en 2026".
EVENT_NOUNS = {
    "inauguration": "opening",
    "ouverture": "opening",
    "mise en service": "opening",
    "mis en service": "opening",
    "lancement": "launch",
    "signature": "signature",
    "entrée en vigueur": "adoption",
    # "le réseau doit être opérationnel en juin 2027": when it starts to serve
    "opérationnel": "opening",
    "opérationnelle": "opening",
}
_EVENT_NOUN = re.compile(rf"\b({'|'.join(EVENT_NOUNS)})\b", re.I)


# Irregular participles the tagger may call adjectives: "ouvert en avril 2025".
_PARTICIPLE_OF = {
    form: verb
    for verb, base in IRREGULAR_PARTICIPLES.items()
    for form in (base.split()[0], base.split()[0] + "e")
}


def _event(sentence: Sentence, start: int = 0, end: int | None = None) -> str | None:
    """The event a sentence (or its part from *start* to *end*) dates."""
    text = sentence.text[start:end]
    noun = _EVENT_NOUN.search(text)
    if noun:
        return EVENT_NOUNS[noun.group(1).lower()]
    first = sentence.tokens[0].idx if sentence.tokens else 0
    stop = len(sentence.text) if end is None else end
    tokens = [t for t in sentence.tokens if start <= t.idx - first < stop]
    # Verbs first: "la charte de la donnée ouverte, adoptée en mai" is dated by its adoption.
    for token in sorted(tokens, key=lambda t: t.pos_ not in ("VERB", "AUX")):
        if token.pos_ not in ("VERB", "AUX", "ADJ", "NOUN", "PROPN"):
            continue
        # The model leaves some capitalised participles unlemmatised ("Lancé").
        guess = _PARTICIPLE_OF.get(token.lower_) or re.sub(r"(?:é|ée|és|ées)$", "er", token.lower_)
        for lemma in (token.lemma_.lower(), guess):
            if lemma in _ONGOING and "Pres" in token.morph.get("Tense") and _finite(token):
                continue  # "Fondée en 2021, la startup déploie des capteurs": what it does
            if lemma in EVENT_OF_VERB and (token.pos_ in ("VERB", "AUX", "ADJ") or lemma == guess):
                return EVENT_OF_VERB[lemma]
    return None
