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
from .context import Context, Sentence, make_sentence
from .focus import sentence_focus
from .headings import headline_place_rule, lone_heading, names_initiative
from .lexicon import INITIATIVE_HEADS
from .mentions import Ref, head_at, is_verb
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
    if section in ("risk", "opportunity") and body:
        return concepts.mint_topic(ctx, body[0], wanted[0])
    return None


def read_paragraph(ctx: Context, para: Paragraph, doc: Doc, refs: list[Ref], section) -> None:
    """Apply the rules to one paragraph (its title, then each sentence of its body).

    The items of a list introduced by a colon ("… les domaines suivants :") are about what the
    introducing sentence was about; list items have no titles.
    """
    if factsheet.read_table(ctx, para.start, ctx.quote(para.start, para.end)):
        return
    heading, ctx.heading = ctx.heading, None
    if para.kind == "paragraph" and "\n" not in doc.text.strip():
        ctx.heading = lone_heading(ctx, para, doc, refs)
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
    if title is not None and para.kind == "paragraph":
        headline_place_rule(ctx, title, body)
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
    if bold:  # "- **Argan Tech (Agadir).** Lancé…"
        body_start = para.start + bold.end()
    elif para.kind != "item" and _LINE_TITLE.match(ctx.quote(para.start, para.end)):
        # "Taza : le triage…" on a line of its own, the brief under it
        body_start = para.start + _LINE_TITLE.match(ctx.quote(para.start, para.end)).end()
    else:
        body_start = para.start if para.kind == "item" else title_span(doc, refs, para.start)
    title = None
    if body_start > para.start:
        start = para.start + (bold.start(1) if bold else 0)
        end = para.start + (
            bold.end(1) if bold else len(doc.text[: body_start - para.start].rstrip())
        )
        title = make_sentence(ctx, doc, para.start, start, end, refs, section)
    spans = sentence_spans(doc.text[body_start - para.start :], body_start)
    return title, [make_sentence(ctx, doc, para.start, s, e, refs, section) for s, e in spans]


_GENERIC_ACTOR = re.compile(
    r"\b(?:la|le|l'|cette|ce)\s*(?:(?:jeune\s+)?(?:start-?up|société|entreprise|pousse)|groupe|"
    r"opérateur|firme|structure)\b(?:\s+[a-zà-ÿ]+(?:aise|ain|aine|ienne|ien|chie|che|ois|oise))?",
    re.I,
)


# The subject of a body's first sentence, after a leading participial phrase: ", une plateforme".
_INDEFINITE_SUBJECT = re.compile(r"(?:^|,\s+)(?:un|une)\s+(?=\w)")
# "Taza : le triage des urgences\nLe Centre…": a brief's headline on a line of its own.
_OPPORTUNITY_WORD = re.compile(
    r"\b(?:est|sont|constitue|représente)\s+(?:aussi\s+|également\s+)?"
    r"une\s+opportunité\b",
    re.I,
)
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
    for match in _DEMONSTRATIVE.finditer(body[0].text):
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
    anaphor = _refers_back(ctx, sentence)
    theme = topic if topic is not None and topic.top == "Initiative" else None
    if theme is not None and not is_title:
        ctx.member = rules.member_rule(ctx, sentence, theme) or ctx.member
        theme = ctx.member or theme
    ctx.purpose = None
    agreement = None if is_title else agreement_rule(ctx, sentence, theme or anaphor)
    created = [] if is_title else creation.creation_rule(ctx, sentence, theme or anaphor)
    reciprocal_rule(ctx, sentence, theme or anaphor or ctx.paragraph_focus)
    focus = theme or sentence_focus(sentence, created, agreement) or anaphor or topic
    focus = focus or _only_initiative(ctx, sentence)
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
        carried = None if _LAST_NAMED.match(sentence.text) else ctx.paragraph_focus
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


def _only_initiative(ctx: Context, sentence: Sentence) -> Ref | None:
    """The one initiative a sentence introduces, after its verb ("L'hôpital utilise « X », un
    outil qui…"): what the sentence is about when nothing else is."""
    named = {r.slug: r for r in sentence.refs_of("Initiative") if r.cls != "Agreement"}
    if len(named) != 1:
        return None
    ref = next(iter(named.values()))
    verb = next((t for t in sentence.tokens if is_verb(t)), None)
    if verb is None or verb.idx - sentence.tokens[0].idx > clauses.rel(sentence, ref)[0]:
        return None  # "Avec le programme « X », l'objectif est…": a frame, before the verb
    first = min((m.start for m in ctx.mentions if m.slug == ref.slug), default=ref.start)
    quoted = ctx.document.text[max(0, ref.start - 2) : ref.start].strip() in ("«", '"', "“")
    return ref if quoted and ref.slug in ctx.new_entities and first >= sentence.start else None


def _creators(ctx: Context, sentence: Sentence, created: list[Ref]) -> list[Ref]:
    """Actors that created something in this sentence (they partner whom it partners)."""
    slugs = {r.slug for r in created}
    leaders = {
        f.subject
        for f in ctx.facts
        if f.relation == "leads" and f.object in slugs and f.evidence.start == sentence.start
    }
    return [r for r in sentence.refs_of("Actor") if r.slug in leaders][:1]


_DEMONSTRATIVE = re.compile(
    r"\b(?:ce|cette|cet|ces)\s+(?:nouvel(?:le)?\s+|nouveau\s+)?([\w'-]+)", re.I
)
_PARTNERS = re.compile(
    r"\bles deux (?:partenaires|parties|groupes|signataires|entreprises|institutions)\b", re.I
)
_THE_PROJECT = re.compile(  # case-sensitive: a capital after the noun starts a name
    r"^\W*(?:[Ll]e|[Cc]e|[Cc]et|[Cc]ette|[Ll]')\s*(?:projet|initiative|dispositif)\b"
    r"(?!\s+[«\"A-ZÀ-Ý])"
)
# "…, la plateforme croise les images", "La plateforme sera déployée": the kind noun as the
# subject, with no name or complement after it ("la plateforme de l'ADD" is another one).
_DEFINITE = re.compile(
    r"(?:^\W*|,\s*)(?:[Ll]e|[Ll]a|[Ll]')\s*([a-zà-ÿ'-]+)(?=\s+(?![«\"“A-ZÀ-Ý]|de\b|d'|du\b|des\b)"
    r"[a-zà-ÿ])"
)
_ITS_BUDGET = re.compile(
    r"^\W*(?:[Ll]e|[Ss]on|[Ll]a|[Ss]a)\s+(?:budget|financement|coût|déploiement|lancement|"
    r"mise en (?:service|œuvre|oeuvre)|généralisation)\b(?!\s+(?:de|du|des|d')\b)"
)
_LAST_NAMED = re.compile(r"^\s*(?:ce dernier|cette dernière|celui-ci|celle-ci)\b", re.I)
# "de son côté" turns to another subject: it refers back to nothing; "nous l'avons lancé"
# refers back to what the last sentence was about.
_PRONOUN = re.compile(
    r"^\s*(?:il|elle|ils|elles)\b|\b(?:son|sa|ses)\b(?! côté)|\bl'(?:a|ai|avons|avez|ont)\b", re.I
)


def _refers_back(ctx: Context, sentence: Sentence) -> Ref | None:
    """What a sentence refers back to: the previous focus for "ce centre" or "les deux
    partenaires"; within a paragraph, for "il", "elle", "son", "cette …"; nothing for
    "ce dernier", the last initiative mentioned when no organisation was named after it."""
    text = sentence.text
    if _LAST_NAMED.match(text):
        return _last_initiative(ctx, sentence)
    if _THE_PROJECT.match(text) and ctx.paragraph_focus is not None:
        return ctx.paragraph_focus  # "Le projet, d'un coût de…": whatever it was about
    last = ctx.last_focus
    for match in [*_DEMONSTRATIVE.finditer(text), *_DEFINITE.finditer(text)]:
        head = head_at(text, match.start(1), INITIATIVE_HEADS)
        named = head and _named_after(sentence, match.start(1) + len(head[0]))
        if named:
            return named  # "ce dispositif, baptisé « Bidar »": a new one, named here
        if head and last is not None and creation.compatible(ctx.classes.get(last.slug), head[1]):
            return last
    if _ITS_BUDGET.match(text) and last is not None and last.top == "Initiative":
        return last  # "Le budget, de 9 millions d'euros, …": the budget of what was last told
    if _PARTNERS.search(text):  # the partners of the last agreement
        agreements = (s for s in reversed(ctx.recent) if ctx.classes.get(s) == "Agreement")
        agreement = next(agreements, None)
        if agreement is not None:
            return Ref(agreement, "Initiative", "Agreement", sentence.start, sentence.start)
        return ctx.last_focus
    if _PRONOUN.search(text) or _DEMONSTRATIVE.search(text):
        return ctx.paragraph_focus
    return None


def _named_after(sentence: Sentence, pos: int) -> Ref | None:
    """The initiative named right after *pos*, or after a naming participle."""
    return next(
        (
            r
            for r in sentence.refs_of("Initiative")
            if r.start - sentence.start >= pos
            and _NAMING_GAP.fullmatch(sentence.text[pos : r.start - sentence.start])
        ),
        None,
    )


_NAMING_GAP = re.compile(
    r"[\s,]*(?:(?:baptisée?s?|dénommée?s?|appelée?s?|intitulée?s?)\s*)?[«\"“]?\s*"
)


def _last_initiative(ctx: Context, sentence: Sentence) -> Ref | None:
    """ "X lance le fonds Y, destiné aux PME. Ce dernier sera doté de…": Y, unless an
    organisation was named after it (then "ce dernier" is that organisation)."""
    feminine = sentence.text.lstrip().lower().startswith(("cette dernière", "celle-ci"))
    before = [
        m
        for m in ctx.mentions
        if m.end <= sentence.start
        and ctx.tops.get(m.slug) in ("Initiative", "Actor")
        and ctx.classes.get(m.slug) != "Person"
        and _feminine(ctx, m.start) in (feminine, None)  # "Ce dernier" is no "Faculté"
    ]
    if not before:
        return None
    last = max(before, key=lambda m: m.end)
    if ctx.tops.get(last.slug) != "Initiative":
        return None
    return Ref(last.slug, "Initiative", ctx.classes[last.slug], sentence.start, sentence.start)


_ARTICLE_BEFORE = re.compile(
    r"\b(le|la|un|une|ce|cet|cette|du|au)\s+(?:(?!de\b|du\b|des\b|d')[a-zà-ÿ'-]+\s+){0,2}"
    r"[«\"“]?\s*$",
    re.I,
)


def _feminine(ctx: Context, start: int) -> bool | None:
    """Whether the article before the name at *start* is feminine (None when there is none)."""
    article = _ARTICLE_BEFORE.search(ctx.document.text[max(0, start - 40) : start])
    if article is None:
        return None
    return article.group(1).lower() in ("la", "une", "cette")


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
