"""Reading one paragraph: its mentions, its title, its topic, and the rules over its sentences.

The topic of a titled paragraph is what its title names (an initiative, a risk, an opportunity,
an actor); sections typed by a header ("Défis", "Opportunités") make every paragraph under them
a risk or an opportunity of the document's country. In untitled prose, each sentence's focus is
the initiative it names, else the previous one when the sentence refers back to it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..documents import Paragraph
from . import clauses, concepts, creation, factsheet, figures, interview, rules, sections, sectors
from .agreements import agreement_rule, reciprocal_rule
from .anaphora import DEMONSTRATIVE, LAST_NAMED, only_initiative, refers_back
from .context import Context, Sentence, make_sentence
from .focus import sentence_focus
from .headings import headline_place, headline_place_rule, lone_heading, names_initiative
from .lexicon import INITIATIVE_HEADS
from .mentions import Ref, head_at
from .partners import funding_rule
from .structure import sentence_spans, title_end


def title_span(doc: Doc, refs: list[Ref], offset: int) -> int:
    """Absolute offset where the body starts (equal to *offset* when there is no title)."""
    inside = {t.i for t in doc for r in refs if r.start < offset + t.idx < r.end}
    end = title_end(doc, inside)
    return offset + doc[end].idx if end else offset


def find_topic(ctx: Context, title: Sentence | None, body: list[Sentence], section) -> Ref | None:
    """The entity a paragraph is about."""
    wanted = {"risk": ("Risk",), "opportunity": ("Opportunity",)}.get(section, ("Initiative",))
    if title is not None:
        named = title.refs_of(*wanted)
        if named:
            return named[0]
    if title is None and section is None:
        return None  # untitled prose: each sentence finds its own focus
    scope = [title] if title is not None else body[:1]
    for sentence in scope:
        named = sentence.refs_of(*wanted)
        if named:
            return named[0]
        linked = ctx.link_by_words(sentence.text, wanted[0])
        if linked is not None:
            # Named by the whole sentence (a title): the mention is the sentence, but the
            # reference gets no span, so that the names inside it still count on their own.
            ctx.note_mention(
                Ref(linked, wanted[0], ctx.classes[linked], sentence.start, sentence.end)
            )
            linked = Ref(linked, wanted[0], ctx.classes[linked], sentence.start, sentence.start)
        if linked:
            return linked
    if title is not None:
        return concepts.mint_topic(ctx, title, wanted[0])
    if section in ("risk", "opportunity") and body and not _announces(body[0]):
        return concepts.mint_topic(ctx, body[0], wanted[0])
    return None  # "Le rapport relève trois fragilités…": each sentence after names its own


def read_paragraph(ctx: Context, para: Paragraph, doc: Doc, refs: list[Ref], section) -> None:
    """Apply the rules to one paragraph (its title, then each sentence of its body).

    The items of a list introduced by a colon ("… les domaines suivants :") are about what the
    introducing sentence was about; list items have no titles.
    """
    if factsheet.read_table(ctx, para.start, ctx.quote(para.start, para.end)):
        return
    heading, ctx.heading = ctx.heading, None
    headline, ctx.headline = ctx.headline, None
    if para.kind == "paragraph" and "\n" not in doc.text.strip():
        ctx.heading = lone_heading(ctx, para, doc, refs)
        ended = _ENDED.search(doc.text)
        ctx.headline = None if ended else headline_place(doc.text, refs, para.start)
    introduces_list = para.kind != "item" and doc.text.rstrip().endswith(":")
    if para.kind != "item":
        ctx.list_focus = ctx.list_section = None
    elif ctx.list_section:
        section = ctx.list_section  # "deux pistes :" then one opportunity per item
    if introduces_list and section in ("risk", "opportunity"):
        ctx.list_section, section = section, None  # the introduction is not itself a concept
    if section == "risk" and _OPPORTUNITY_WORD.search(doc.text):
        section = "opportunity"  # "…est aussi une opportunité de création d'emplois"
    title, body = split_paragraph(ctx, para, doc, refs, section)
    topic = find_topic(ctx, title, body, section)
    ctx.holder = _announced_holder(ctx, body) if section in ("risk", "opportunity") else None
    if para.kind == "item" and topic is None:
        topic = ctx.list_focus
    if para.kind == "paragraph" and topic is None and not names_initiative(body):
        topic = heading  # the standfirst under "Fiche programme : X" is about X
    if topic is None and title is not None and section is None:
        topic = (
            _initiative_title(ctx, title, body)
            or _actor_title(ctx, title, body)
            or (_project_item(ctx, title, body) if para.kind == "item" else None)
            or (title.refs_of("Actor") or [None])[0]
        )
    previous = None
    for sentence in body:
        # "la startup", "la jeune entreprise": the paragraph's actor, else the company it names
        actor = (
            topic
            if topic is not None and topic.top == "Actor"
            else _company_before(ctx, refs, sentence)
        )
        if actor is not None:
            sentence.refs.extend(_generic_refs(sentence, actor))
        sentence.refs.extend(_company_pronoun(ctx, sentence, previous))
        sentence.refs.sort(key=lambda r: (r.start, -r.end))
        previous = clauses.main_subject(sentence)
    if topic is not None and title is not None and section is None:
        rules.title_actor_rule(ctx, title, topic, body)
    ctx.paragraph_focus = ctx.member = None
    ctx.topic = topic
    for sentence in ([title] if title else []) + body:
        speaker = interview.speaker_refs(ctx, para, sentence)  # "Nous avons signé…"
        _read_sentence(ctx, sentence, topic or speaker, section, is_title=sentence is title)
    place = None
    if title is not None and para.kind == "paragraph":
        place = headline_place(title.text, title.refs, title.start)
    if place or headline:
        headline_place_rule(ctx, place or headline, body, title.start if place else para.start)
    if introduces_list:
        ctx.list_focus = ctx.paragraph_focus or ctx.last_focus
    field = factsheet.item_field(doc.text) if para.kind == "item" else None
    if para.kind == "item" and (field or ctx.field):
        factsheet.read_item(ctx, ([title] if title else []) + body, field or ctx.field)


def split_paragraph(
    ctx: Context, para: Paragraph, doc: Doc, refs: list[Ref], section
) -> tuple[Sentence | None, list[Sentence]]:
    """The title of a paragraph (run into its body, or a Markdown bold title of a list item)
    and the sentences of its body."""
    bold = _BOLD_TITLE.match(doc.text) if para.kind == "item" else None
    line = _LINE_TITLE.match(ctx.quote(para.start, para.end)) if para.kind != "item" else None
    if bold:  # "- **Argan Tech (Agadir).** Lancé…"
        body_start = para.start + bold.end()
    elif line:  # "Taza : le triage…" on a line of its own, the brief under it
        body_start = para.start + line.end()
    else:
        body_start = para.start if para.kind == "item" else title_span(doc, refs, para.start)
    title = None
    if body_start > para.start:
        start = para.start + (bold.start(1) if bold else 0)
        end = para.start + (
            bold.end(1) if bold else len(doc.text[: body_start - para.start].rstrip())
        )
        title = make_sentence(doc, para.start, start, end, refs, section)
    spans = sentence_spans(doc.text[body_start - para.start :], body_start)
    return title, [make_sentence(doc, para.start, s, e, refs, section) for s, e in spans]


_GENERIC_ACTOR = re.compile(
    r"\b(?:la|le|l'|cette|ce)\s*(?:(?:jeune\s+)?(?:start-?up|société|entreprise|pousse)|groupe|"
    r"opérateur|firme|structure)\b(?:\s+[a-zà-ÿ]+(?:aise|ain|aine|ienne|ien|chie|che|ois|oise))?",
    re.I,
)


# The subject of a body's first sentence, after a leading participial phrase: ", une plateforme".
_INDEFINITE_SUBJECT = re.compile(r"(?:^|,\s+)(?:un|une)\s+(?=\w)")
_ANNOUNCES = re.compile(
    r"\b(?:deux|trois|quatre|cinq|plusieurs|quelques|\d+)\s+(?:\w+\s+)?(?:obstacles|défis|risques|"
    r"freins|fragilités|menaces|difficultés|faiblesses|opportunités|atouts|leviers|pistes|"
    r"écueils|vulnérabilités)\b",
    re.I,
)


def _announces(sentence: Sentence) -> bool:
    """ "Le rapport relève trois fragilités." (the next sentences name them; a list after a
    colon is read as a list)."""
    found = _ANNOUNCES.search(sentence.text)
    return bool(found) and ":" not in sentence.text[found.end() :]


_ENDED = re.compile(r"[.!?]\s*$")
_OPPORTUNITY_WORD = re.compile(
    r"\b(?:est|sont|constitue|représente)\s+(?:aussi\s+|également\s+)?"
    r"une\s+opportunité\b",
    re.I,
)
# "Taza : le triage des urgences\nLe Centre…": a brief's headline on a line of its own.
_LINE_TITLE = re.compile(r"^[^\n:]{2,40}\s:\s[^\n]{3,100}(?<![.!?;:,])\n(?=[A-ZÀ-Ý«\"])")
_BOLD_TITLE = re.compile(r"^\*\*([^*]{2,120}?)[.:]?\*\*\s*[.:]?\s*")
_PLACE_IN_BRACKETS = re.compile(r"\s*\([^)]*\)\s*$")


def _initiative_title(ctx: Context, title: Sentence, body: list[Sentence]) -> Ref | None:
    """A title that is only a name ("Argan Tech (Agadir)"), taken up as "ce cluster"; or a
    title the body's subject says the kind of ("Télémédecine à Errachidia. … une plateforme de
    télémédecine relie…")."""
    text = _PLACE_IN_BRACKETS.sub("", title.text.strip().rstrip("."))
    if not body or ":" in text or body[0].refs_of("Initiative"):
        return None  # "Taza : le triage…" is a headline; a body that names its initiative
    first = body[0]
    verb = next((t for t in first.tokens if "Fin" in t.morph.get("VerbForm")), None)
    limit = verb.idx - first.tokens[0].idx if verb is not None else 0
    subject = _INDEFINITE_SUBJECT.search(first.text[:limit])  # before the verb: its subject
    head = subject and head_at(first.text, subject.end(), INITIATIVE_HEADS)
    if head and head[1] != "Agreement":
        label = title.text.strip().rstrip(".")
        return ctx.mint(label, head[1], "Initiative", title.start, title.end, 0.5)
    if not re.fullmatch(r"[A-ZÀ-Ý][\w&'-]*(?:\s+[A-ZÀ-Ý0-9][\w&'-]*){0,3}", text):
        return None
    for match in DEMONSTRATIVE.finditer(body[0].text):
        head = head_at(body[0].text, match.start(1), INITIATIVE_HEADS)
        if head:
            return ctx.mint(text, head[1], "Initiative", title.start, title.start + len(text), 0.5)
    return None


def _project_item(ctx: Context, title: Sentence, body: list[Sentence]) -> Ref | None:
    """ "- **Fibre rurale** : Orange Maroc raccordera 120 communes…": a list item titled in bold
    whose sentence has an actor act is a project that actor leads; under a header that lists
    projects ("Projets phares"), every item titled in bold is one."""
    if not body or not title.text.strip():
        return None
    first = body[0]
    verb = next((t for t in first.tokens if "Fin" in t.morph.get("VerbForm")), None)
    actor = clauses.subject_before(first, verb.idx - first.tokens[0].idx) if verb else None
    listed = ctx.field is not None and ctx.field[0] == "project"
    if (actor is None or actor.top != "Actor") and not listed:
        return None
    label = title.text.strip().rstrip(".:")
    project = ctx.mint(label, "Project", "Initiative", title.start, title.end, 0.5)
    if actor is not None and actor.top == "Actor":
        ctx.emit(actor.slug, "leads", project.slug, first, "project-item", 0.6)
    return project


def _company_before(ctx: Context, refs: list[Ref], sentence: Sentence) -> Ref | None:
    """The company the paragraph named first, before *sentence* (the one it is about)."""
    companies = [
        r
        for r in refs
        if r.end <= sentence.start and r.top == "Actor" and ctx.classes.get(r.slug) == "Company"
    ]
    return companies[0] if companies else None


def _company_pronoun(ctx: Context, sentence: Sentence, previous: Ref | None) -> list[Ref]:
    """ "X emploie 35 ingénieurs. Elle a levé…": a sentence opening with "Elle" / "Il" goes on
    about the company the previous sentence opened with."""
    pronoun = re.match(r"\s*(Elle|Il)\s", sentence.text)
    if pronoun is None or previous is None or ctx.classes.get(previous.slug) != "Company":
        return []
    start, end = sentence.offset(pronoun.start(1)), sentence.offset(pronoun.end(1))
    return [Ref(previous.slug, "Actor", previous.cls, start, end)]


def _generic_refs(sentence: Sentence, actor: Ref) -> list[Ref]:
    """ "la startup", "la société marrakchie": the paragraph's actor, named again."""
    found = []
    for match in _GENERIC_ACTOR.finditer(sentence.text):
        start, end = sentence.offset(match.start()), sentence.offset(match.end())
        if re.match(r"\s+[A-ZÀ-Ý]", sentence.text[match.end() :]):
            continue  # "la société Inwi": a name follows, found on its own
        if not any(r.overlaps(start, end) for r in sentence.refs):
            found.append(Ref(actor.slug, "Actor", actor.cls, start, end))
    return found


def _actor_title(ctx: Context, title: Sentence, body: list[Sentence]) -> Ref | None:
    """A title that is only a name ("Darija Labs"), taken up as "la startup" in the body."""
    text = title.text.strip()
    named = re.fullmatch(r"[A-ZÀ-Ý][\w&'-]*(?:\s+[A-ZÀ-Ý0-9][\w&'-]*){0,3}", text)
    if not named or not body or not _GENERIC_ACTOR.search(body[0].text):
        return None
    return ctx.mint(text, "Organisation", "Actor", title.start, title.start + len(text), 0.5)


def _read_sentence(ctx: Context, sentence: Sentence, topic, section, is_title: bool) -> None:
    sentence.refs.extend(rules.reference_rule(ctx, sentence))
    if section in ("risk", "opportunity") and topic is not None:
        sections.read_section_sentence(ctx, sentence, topic, section, is_title)
        if not is_title:
            _initiatives_in_section(ctx, sentence)
        return
    rules.headed_by_rule(ctx, sentence)
    sectors.specialist_rule(ctx, sentence)
    seats = rules.seat_rule(ctx, sentence)
    anaphor = refers_back(ctx, sentence)
    theme = topic if topic is not None and topic.top == "Initiative" else None
    if theme is not None and not is_title:
        ctx.member = rules.member_rule(ctx, sentence, theme) or ctx.member
        theme = ctx.member or theme
    ctx.purpose = None
    agreement = None if is_title else agreement_rule(ctx, sentence, theme or anaphor)
    created = [] if is_title else creation.creation_rule(ctx, sentence, theme or anaphor)
    reciprocal_rule(ctx, sentence, theme or anaphor or ctx.paragraph_focus)
    focus = theme or sentence_focus(sentence, created, agreement) or anaphor or topic
    focus = focus or only_initiative(ctx, sentence)
    if topic is None or topic.top != "Initiative":
        sections.concepts_in_prose(ctx, sentence, focus)
    if ctx.purpose is not None and (focus is topic or focus is agreement):
        focus = ctx.member = ctx.purpose  # "une convention … pour créer un master en IA"
    rules.raised_rule(ctx, sentence)
    if focus is None:
        rules.partner_rule(ctx, sentence, None, [])  # "X collabore avec Y"
        rules.structure_rules(ctx, sentence, None)
        figures.objective_rule(ctx, sentence)
        # Figures in a sentence that names nothing else belong to what the paragraph is about.
        carried = None if LAST_NAMED.match(sentence.text) else ctx.paragraph_focus
        figures.value_rules(ctx, sentence, carried)
        return
    ctx.last_focus = ctx.paragraph_focus = focus
    parties = [r.slug for r in sentence.refs if agreement and r.start > agreement.start]
    rules.partner_rule(ctx, sentence, focus, parties)
    funding_rule(ctx, sentence, focus)
    for creator in _creators(ctx, sentence, created):
        rules.partner_rule(ctx, sentence, creator, parties)
    sectors.sector_rule(ctx, sentence, focus)
    signed = agreement if agreement is not None and agreement.slug != focus.slug else None
    # "X et Y ont paraphé le 14 janvier 2025 à Rabat un protocole…": the date and the place
    # of a signature are the agreement's, not the initiative the paragraph is about.
    rules.location_rule(ctx, sentence, signed or focus, seats)
    figures.value_rules(ctx, sentence, focus, dated=signed)
    rules.structure_rules(ctx, sentence, focus)
    creation.derived_rule(ctx, sentence, focus)


def _announced_holder(ctx: Context, body: list[Sentence]) -> str | None:
    """ "Le rapport relève trois fragilités pour le Maroc.": whose the risks told after are."""
    if not body or not _announces(body[0]):
        return None
    places = [
        r for r in body[0].refs_of("Place") if ctx.classes.get(r.slug) in ("Country", "Region")
    ]
    return places[0].slug if places else None


def _creators(ctx: Context, sentence: Sentence, created: list[Ref]) -> list[Ref]:
    """Actors that created something in this sentence (they partner whom it partners)."""
    slugs = {r.slug for r in created}
    leaders = {
        f.subject
        for f in ctx.facts
        if f.relation == "leads" and f.object in slugs and f.evidence.start == sentence.start
    }
    return [r for r in sentence.refs_of("Actor") if r.slug in leaders][:1]


def _initiatives_in_section(ctx: Context, sentence: Sentence) -> None:
    """Initiatives a risk or opportunity paragraph mentions in passing: who published, signed
    or created them, when, with what figures ("les lignes directrices publiées en 2024 par la
    CNDP")."""
    rules.headed_by_rule(ctx, sentence)
    agreement = agreement_rule(ctx, sentence, None)
    created = creation.creation_rule(ctx, sentence, None)
    focus = sentence_focus(sentence, created, agreement)
    rules.structure_rules(ctx, sentence, focus)
    if focus is not None:
        figures.value_rules(ctx, sentence, focus)
