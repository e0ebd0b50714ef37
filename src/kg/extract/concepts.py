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
    r"\b(?:devenir|faire (?:du|de la|de l'|des|de)\s*[^,;.]{1,40}?)\s+[«\"“]?\s*(?:un|une)\s+"
    r"([^,;.»\"”]+)"
)


_GENERIC_SUBJECT = re.compile(
    r"^(?:le|la|l'|un|une)\s*(?:(?:principal|principale|premier|première|grand|grande|autre|vrai|"
    r"véritable|seul|seule|dernier)\s+)?(?:défi|enjeu|risque|obstacle|frein|problème|danger|menace|"
    r"difficulté|opportunité|atout|levier|piste)$",
    re.I,
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
    r"néanmoins|surtout|aussi|ainsi|en effet|en revanche|par contre|pourtant|à l'inverse|"
    r"autre (?:défi|enjeu|risque|piste))\s*,?\s*",
    re.I,
)
_REPORTER = re.compile(
    r"^\s*(?:le|la|les|l')\s*(?:rapport|étude|note|auteurs?|observateurs?|experts?|enquête|"
    r"analyse|document|acteurs)\b[^,;]*?\s(?:pointe|souligne|relève|identifie|note|cite|"
    r"signale|mentionne|évoque|insiste sur|met en avant|met en garde contre|estime|juge|"
    r"considère|observe|constate|anticipe)\w*\s+"
    r"(?:d'abord\s+|aussi\s+|également\s+|surtout\s+)?(?:qu'|que\s+)?",
    re.I,
)


def _concept_in(sentence: Sentence, text: str, skip: int) -> tuple[int, str]:
    reporter = _REPORTER.match(text)
    if reporter and re.search(r"\bqu(?:'|e\s+)$", text[: reporter.end()]):
        # "Le rapport estime que le Royaume pourrait exporter…": the clause says it
        start, phrase = _concept_in(sentence, text[reporter.end() :], skip + reporter.end())
        return reporter.end() + start, phrase
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
    # "Le Salon du livre 2027 dopera les besoins…": a named subject, the concept follows.
    first = re.match(r"[\w-]+", subject[head:])
    capitalised = bool(first) and first.group(0)[:1].isupper() and not first.group(0).isupper()
    # "Le principal défi reste le manque de…": the subject only says what kind it is.
    generic = _GENERIC_SUBJECT.match(subject.strip())
    if not named and not capitalised and not generic:
        return 0, subject.strip()
    rest = text[cut:]
    # "valoriser son potentiel … pour accueillir des centres de données": what it is for
    purpose = re.search(r"\bpour\s+[a-zé]+(?:er|ir|re)\s+", rest)
    rest, cut = (rest[purpose.end() :], cut + purpose.end()) if purpose else (rest, cut)
    match = re.search(r"\b(?:un|une|des|le|la|les|l'|son|sa|ses|leur|leurs)\s*[^,;:.(]+", rest)
    if not match:
        return 0, re.split(r"[,;:.(]", text)[0].strip()
    phrase = re.split(r"\s+(?:qui|que|dont|capable|grâce|pour|vers)\b", match.group(0))[0].strip()
    phrase = re.sub(r"^(?:un|une|des|le|la|les|son|sa|ses|leur|leurs)\s+|^l'", "", phrase)
    return cut + match.start() + (len(match.group(0)) - len(match.group(0).lstrip())), phrase


_ALSO = re.compile(
    r"^[^.;]{0,60}?,?\s+(?:ainsi que|de même que|mais aussi)\s+(?:le |la |les |l')([^,;.]{4,100})"
)


def coordinated_risks(ctx: Context, sentence: Sentence, risk: Ref) -> list[Ref]:
    """ "le risque d'une dépendance technologique…, ainsi que le coût élevé de l'électricité":
    the risk listed after a named one, with the same words of coordination."""
    after = sentence.text[risk.end - sentence.start :]
    also = _ALSO.match(after)
    if also is None:
        return []
    label = re.split(r"\s+(?:qui|que|dont)\b", also.group(1))[0].strip()
    start = risk.end + also.start(1)
    if any(r.start <= start < r.end for r in sentence.refs):
        return []  # a named risk: read on its own
    return [ctx.mint(label[0].upper() + label[1:], "Risk", "Risk", start, start + len(label), 0.6)]


# "trois obstacles", "plusieurs défis": a count of concepts that a list after a colon names.
_COUNTED = re.compile(
    r"^(?:deux|trois|quatre|cinq|plusieurs|quelques|\d+)\s+(?:\w+\s+)?(?:obstacles|défis|risques|"
    r"freins|fragilités|menaces|enjeux|difficultés|faiblesses|opportunités|atouts|leviers|pistes)$",
    re.I,
)


def listed_concepts(ctx: Context, sentence: Sentence, topic: Ref, section: str) -> list[Ref]:
    """The concepts a sentence lists after a colon when its topic only counts them: "Le rapport
    identifie trois obstacles : la faible attractivité des salaires, le manque … et …"."""
    label = ctx.labels.get(topic.slug, "")
    colon = sentence.text.find(":")
    if not _COUNTED.match(label) or colon < 0:
        return []
    found = []
    for item in re.finditer(r"[^,;]+", sentence.text[colon + 1 :].rstrip(" .")):
        for part in re.split(r"\s+et\s+(?=(?:le|la|les|l')\b)", item.group(0)):
            text = re.sub(r"^\s*(?:le|la|les|l')\s*", "", part.strip(), flags=re.I)
            if len(text) < 4:
                continue
            start = sentence.start + colon + 1 + item.start() + item.group(0).find(text)
            cls = "Risk" if section == "risk" else "Opportunity"
            found.append(
                ctx.mint(text[0].upper() + text[1:], cls, cls, start, start + len(text), 0.6)
            )
    return found


_KINDS = (
    r"(?:(?:principal|principale|premier|première|grand|grande|plus grand|plus grande|autre|"
    r"vrai|véritable|seul|seule|dernier|sérieux|sérieuse|réel|réelle)\s+)?"
)
# "Le principal risque reste X": the kind of concept first, then what it is.
_KIND_FIRST = re.compile(
    r"^(?:le|la|l')\s*" + _KINDS + r"(?P<kind>risque|menace|frein|obstacle|défi|danger|écueil|"
    r"faiblesse|opportunité|atout|levier|chance)\s+(?:reste|demeure|est|serait|réside dans|"
    r"tient à|concerne)\b",
    re.I,
)
# "X constitue une menace", "L'essor de X constitue une opportunité", "X ouvre des perspectives".
_KIND_AFTER = re.compile(
    r"\b(?:constitue|constituent|représente|représentent|reste|demeure|demeurent|restent)\s+"
    r"(?:aussi\s+|également\s+|encore\s+|toutefois\s+|cependant\s+|donc\s+)?(?:un|une|le|la|l')"
    r"\s*" + _KINDS + r"(?P<kind>risque|menace|frein|obstacle|défi|danger|handicap|faiblesse|"
    r"opportunité|atout|levier|chance)\b"
    r"|\b(?:constitue|représente|reste|demeure)\s+(?:aussi\s+|également\s+|toutefois\s+)?l'une?\s+"
    r"des\s+(?:principaux\s+|principales\s+|plus\s+grands\s+|plus\s+grandes\s+)?"
    r"(?P<many>risques|menaces|freins|obstacles|défis|faiblesses|handicaps|opportunités|atouts|"
    r"leviers)\b"
    r"|\b(?P<threat>menace|menacent|freine|freinent|fragilise|fragilisent|compromet|"
    r"compromettent|pénalise|pénalisent)\s+(?:\w+\s+\w+\s+|aussi\s+|également\s+|déjà\s+)?"
    r"(?:le|la|les|l'|leur|leurs)\b"
    r"|\b(?:ouvre|ouvrent|offre|offrent)\s+(?:aussi\s+|également\s+)?(?:de\s+(?:belles|nouvelles|"
    r"réelles|larges)\s+|des\s+(?:\w+\s+)?)(?P<more>perspectives|opportunités|débouchés)\b",
    re.I,
)
_OPPORTUNITY_KINDS = ("opportunité", "atout", "levier", "chance", "perspectives", "opportunités")


def worded_concept(ctx: Context, sentence: Sentence) -> Ref | None:
    """A risk or an opportunity a sentence names in prose by a noun or verb of its kind: "Le
    principal risque reste X", "X constitue une menace", "X menace la viabilité de…", "L'essor de
    X constitue une opportunité", "X ouvre des perspectives"; not when the subject is an actor,
    initiative or place ("L'OCP constitue un levier…": what it offers is no concept of its own)."""
    lead = _ADVERBIAL.match(sentence.text)
    text = sentence.text[lead.end() if lead else 0 :]
    first = _KIND_FIRST.match(text)
    after = None if first else _KIND_AFTER.search(text)
    if first is None and after is None:
        return None
    many = after.group("many") if after else None
    kind = (first or after).group("kind") or after.group("more") or (many or "menace").rstrip("s")
    top = "Opportunity" if kind.lower() in _OPPORTUNITY_KINDS else "Risk"
    start, label = concept_phrase(ctx, sentence)
    label = re.sub(r"^(?:le|la|les|l')\s*", "", label, flags=re.I).strip()
    begin = sentence.start + start + sentence.text[start:].find(label)
    if len(label) < 4 or any(r.start <= begin < r.end for r in sentence.refs):
        return None
    at = after.start() + len(sentence.text) - len(text) if after else len(sentence.text)
    if after is not None and (start > at or begin + len(label) > sentence.start + at):
        return None  # the phrase after the kind word (the subject was a name), or no subject
    if re.match(r"(?:ce|cet|cette|ces)\b", label, re.I):
        return None  # "Ce partenariat ouvre des perspectives": a reference back, not a concept
    return ctx.mint(label[0].upper() + label[1:120], top, top, begin, begin + len(label), 0.6)
