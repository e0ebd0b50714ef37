"""Interviews: the organisation that "nous" stands for in the answers.

An interview's introduction says which organisation the interviewee runs ("Amina Berrada dirige
depuis 2023 le Centre de vision …", "Karim Alaoui, fondateur de la startup X", "X, la startup
fondée par Y"). In the answers (the turns marked "R :"), "nous" and "notre" are that organisation
speaking: what "nous avons signé" or "notre mission" says is said of it. A centre that has a
head and speaks for itself acts as an organisation: it is read as a research centre (an actor),
not as an initiative.
"""

from __future__ import annotations

import re

from ..documents import Document, Paragraph
from .context import Context, Sentence
from .mentions import Ref
from .structure import sentence_spans

_ANSWER_MARK = re.compile(r"[ \t]*(?:R|Réponse)\s*[:–—]\s+")
_QUESTION = re.compile(r"[ \t]*(?:Q|Question)\s*[:–—]\s+")
# The interviewee (a person) runs the organisation named after these words.
_ROLE = (
    r"(?:(?:co-?)?fondat(?:eur|rice)|direct(?:eur|rice)(?: général(?:e)?)?|président(?:e)?|pdg|ceo"
    r"|responsable|patron(?:ne)?)"
)
# The interviewee (a person) runs the organisation named after these words.
_RUNS = re.compile(
    r"^,?\s*(?:(?:qui\s+)?(?:dirige|préside|pilote|a (?:co-?)?fondé|a créé|est à la tête d[eu']"
    rf"|(?:est\s+)?(?:le |la |l')?{_ROLE}(?:\s+et\s+{_ROLE})?\s+d[eu']))"
    r"(?:\s+(?:depuis|en)\s+\d{4})?[^.;:]{0,20}?$",
    re.I,
)
_RUN_BY = re.compile(
    r"^,?\s*[^.;]{0,40}?\b(?:(?:co-?)?fondée?|dirigée?|présidée?|créée?)\s+(?:en\s+\d{4}\s+)?par\s*$",
    re.I,
)
# "la startup X … Sa cofondatrice, Y, …": the person runs the organisation named before.
_ITS_HEAD = re.compile(rf"\b(?:son|sa)\s+{_ROLE}(?:\s+et\s+{_ROLE})?\s*,?\s*$", re.I)
# "Nous avons signé…", "Notre mission…", "…, nous travaillons avec…": the speaker is the subject.
_SPEAKS = re.compile(r"^\W*(?:nous|notre|nos)\b|(?:[,;]\s*|\bet\s+)nous\s+\w", re.I)
_OURS = re.compile(r"\b(?:notre|nos)\s+", re.I)
_WE = re.compile(r"\bnous\b", re.I)
_CENTRES = frozenset({"RDCentre", "CentreOfExcellence", "Project", "Programme"})


def is_turn(document: Document, para: Paragraph, marker: re.Pattern = _ANSWER_MARK) -> bool:
    """Whether *para* is an answer (or, with another *marker*, a question) of an interview: a
    paragraph after "R :", or an unmarked one right under a question in bold."""
    text = document.text
    line_start = text.rfind("\n", 0, para.start) + 1
    if marker.fullmatch(text[line_start : para.start]):
        return True
    if marker is _QUESTION:  # the bold line itself
        line_end = text.find("\n", para.end)
        line_end = len(text) if line_end < 0 else line_end
        return bool(_BOLD_QUESTION.fullmatch(text[line_start:line_end]))
    previous = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    return line_start > 0 and bool(_BOLD_QUESTION.fullmatch(text[previous : line_start - 1]))


# "**Comment est née Warraq Labs ?**" on its own line: a question; the line under it answers.
_BOLD_QUESTION = re.compile(r"\s*\*\*[^*\n]+[?…]\s*\*\*\s*")


def find_speaker(ctx: Context, paras: list[Paragraph], all_refs: list[list[Ref]]) -> None:
    """Before reading: the organisation the interviewee runs, from the introduction (the
    paragraphs before the first turn); its head is recorded as a fact of the introduction."""
    turns = [i for i, p in enumerate(paras) if is_turn(ctx.document, p)]
    if not turns:
        return
    first = min(
        [turns[0]] + [i for i, p in enumerate(paras) if is_turn(ctx.document, p, _QUESTION)]
    )
    for para, refs in zip(paras[:first], all_refs[:first], strict=True):
        found = _runs(ctx, refs)
        if found is not None:
            person, org = found
            ctx.speaker = Ref(org.slug, "Actor", _actor_class(ctx, org), org.start, org.end)
            sentence = _sentence_at(ctx, para, person.start)
            ctx.emit(org.slug, "headedBy", person.slug, sentence, "interviewee-runs", 0.75)
            return


def _runs(ctx: Context, refs: list[Ref]) -> tuple[Ref, Ref] | None:
    people = [r for r in refs if ctx.classes.get(r.slug) == "Person"]
    orgs = [
        r for r in refs if r.top in ("Actor", "Initiative") and ctx.classes.get(r.slug) != "Person"
    ]
    text = ctx.document.text
    for person in people:
        for org in orgs:
            if org.start >= person.end and _RUNS.match(text[person.end : org.start]):
                return person, org
            if person.start >= org.end and _RUN_BY.match(text[org.end : person.start]):
                return person, org
        named = [o for o in orgs if o.end <= person.start]
        if named and _ITS_HEAD.search(text[named[-1].end : person.start]):
            return person, named[-1]
    return None


def _actor_class(ctx: Context, org: Ref) -> str:
    if org.top == "Actor":
        return ctx.classes.get(org.slug, "Organisation")
    return "ResearchCentre" if ctx.classes.get(org.slug) in _CENTRES else "Organisation"


def _sentence_at(ctx: Context, para: Paragraph, pos: int) -> Sentence:
    text = ctx.document.text
    for start, end in sentence_spans(text[para.start : para.end], para.start):
        if start <= pos < end:
            return Sentence(start, end, text[start:end], [], [])
    return Sentence(para.start, para.end, text[para.start : para.end], [], [])


def speaker_refs(ctx: Context, para: Paragraph, sentence: Sentence) -> Ref | None:
    """In an answer, "nous" as a mention of the speaking organisation, which leads what it calls
    "notre …"; returns the organisation when it is the subject ("Nous avons signé…", "Notre
    mission…", "…, nous travaillons avec…")."""
    if ctx.speaker is None or not is_turn(ctx.document, para):
        return None
    for match in _WE.finditer(sentence.text):
        start, end = sentence.offset(match.start()), sentence.offset(match.end())
        if not any(r.overlaps(start, end) for r in sentence.refs):
            sentence.refs.append(Ref(ctx.speaker.slug, "Actor", ctx.speaker.cls, start, end))
    sentence.refs.sort(key=lambda r: (r.start, -r.end))
    for match in _OURS.finditer(sentence.text):  # "Notre assistant « Hadra »": ours, we lead it
        for ref in sentence.refs_of("Initiative"):
            if 0 <= ref.start - sentence.offset(match.end()) <= 25:
                ctx.emit(ctx.speaker.slug, "leads", ref.slug, sentence, "speaker-owns", 0.7)
                break
    if not _SPEAKS.search(sentence.text):
        return None
    return Ref(ctx.speaker.slug, "Actor", ctx.speaker.cls, sentence.start, sentence.start)


def settle_speaker(ctx: Context) -> None:
    """After reading: the speaking organisation is an actor, whatever its name first suggested."""
    speaker = ctx.speaker
    entity = ctx.new_entities.get(speaker.slug) if speaker is not None else None
    if entity is not None and entity.top != "Actor":
        entity.top, entity.cls = "Actor", speaker.cls
        ctx.tops[speaker.slug], ctx.classes[speaker.slug] = "Actor", speaker.cls
