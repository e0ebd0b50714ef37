"""Who creates, launches or opens which initiative: active verbs, passives with their agents,
object relatives, infinitives of purpose, and initiatives derived from an agreement.
"""

from __future__ import annotations

import re

from .acts import (
    acted_on,
    action_noun_rule,
    entrusted_rule,
    head_phrase,
    initiative_before,
    instigator_rule,
    one_side_agreement_rule,
    owner_rule,
    signing_act_rule,
    subject_after_opening,
)
from .clauses import (
    coordinated_after,
    coordinated_before,
    main_subject,
    markers,
    refs_after,
    rel,
    subject_before,
)
from .context import Context, Sentence
from .lexicon import (
    CREATION_FORMS,
    CREATION_PARTICIPLES,
    CREATION_VERBS,
    INITIATIVE_HEADS,
)
from .mentions import Ref, head_at
from .stewardship import carried_over, steward_rule


def creation_rule(ctx: Context, sentence: Sentence, focus: Ref | None) -> list[Ref]:
    """ "Oracle a ouvert un centre…" (active) and "mis en place par l'OCP" (passive).

    Returns the initiatives created, in the order of the text.
    """
    created: list[Ref] = []
    for token in sentence.tokens:
        lemma = _creation_lemma(token)
        if lemma is None:
            continue
        pos = token.idx - sentence.tokens[0].idx
        if lemma == "mettre" and not re.match(
            r"\w+\s+(?:en place|au point|sur pied|en service)",
            sentence.text[pos : pos + 30].lower(),
        ):
            continue  # "mettre en place / au point / sur pied / en service" create
        if sentence.text[max(0, pos - 4) : pos].lower().strip() == "par":
            continue
        if _HEDGED.search(sentence.text[max(0, pos - 40) : pos]):
            continue  # a recommendation is not a fact: "l'Institut propose de créer un fonds"
        subject = (
            subject_before(sentence, pos)
            or _subject_before_apposition(sentence, pos)
            or _last_named(ctx, sentence, pos)
        )
        if "Inf" in token.morph.get("VerbForm") and re.search(
            r"\b(?:pour|afin de|afin d')\s*$", sentence.text[:pos]
        ):
            subject = main_subject(sentence) or subject  # "X s'est associé à Y pour construire"
        target = _object_before_que(ctx, sentence, subject) or initiative_after(
            ctx, sentence, pos + len(token.text), focus, subject
        )
        if subject is not None and subject.top == "Place" and lemma == "accueillir":
            subject = None  # "La région accueillera le campus X": where it is, not who runs it
        if subject and target:
            chain = coordinated_before(sentence, pos)
            in_chain = subject.slug in {r.slug for r in chain}
            for actor in chain if in_chain else [subject]:
                if _person(ctx, actor) and not _person(ctx, subject):
                    continue  # "… par la radiologue X, la société développe": the company
                ctx.emit(actor.slug, "leads", target.slug, sentence, "actor-creates", 0.85)
            created.append(target)
    one_side_agreement_rule(ctx, sentence)  # read in passing: not what the sentence is about
    return (
        created
        + _passive_rule(ctx, sentence, focus)
        + action_noun_rule(ctx, sentence)
        + entrusted_rule(ctx, sentence)
        + instigator_rule(ctx, sentence, focus)
        + owner_rule(ctx, sentence)
        + signing_act_rule(ctx, sentence)
        + steward_rule(ctx, sentence, focus)
        + carried_over(ctx, sentence, focus)
    )


# Present forms the tagger takes for nouns after an apposition ("X, une startup, construit…").
_PRESENT = {
    "construit": "construire",
    "lance": "lancer",
    "ouvre": "ouvrir",
    "crée": "créer",
    "développe": "développer",
    "déploie": "déployer",
    "installe": "installer",
}


def _creation_lemma(token) -> str | None:
    """The creation verb a token is, if any: "se doter d'un…" and "investir … dans un…" create
    what they acquire or fund."""
    lemma = token.lemma_.lower()
    if lemma in CREATION_VERBS and token.pos_ in ("VERB", "AUX"):
        return lemma
    text = token.doc.text
    if lemma == "doter" and re.search(r"\b(?:s'|se\s+)(?:\w+\s+){0,2}$", text[: token.idx]):
        return lemma if re.match(r"\w+\s+d'une?\b", text[token.idx :]) else None
    if lemma == "investir" and token.pos_ == "VERB":
        after = text[token.idx : token.idx + 70]
        return lemma if re.search(r"\bdans (?:un|une|son|sa|leur) ", after) else None
    previous = token.doc[token.i - 1] if token.i > 0 else None
    form = CREATION_FORMS.get(token.lower_)
    if form and previous is not None and _verb_slot(previous, text, token):
        return form  # "L'OCP pilote le programme…": a verb, not the noun
    after_comma = previous is not None and previous.text == ","
    return _PRESENT.get(token.lower_) if after_comma else None


# Between a verb and its object: "pilote depuis 2024 la plateforme", "porte désormais le".
_OBJECT_NEXT = re.compile(
    r"\w+\s+(?:(?:depuis|dès|en) \d{4},?\s+|(?:désormais|également|aussi|déjà) )?"
    r"(?:le|la|les|l'|un|une)\b"
)


def _verb_slot(previous, text: str, token) -> bool:
    """Whether a form that is also a noun ("pilote", "porte") stands where a verb does: not
    after a determiner, preposition or noun ("le pilote", "projet pilote"), and before its
    object."""
    after_name = previous.pos_ == "PROPN" or previous.text[:1].isupper()
    if previous.pos_ in ("DET", "ADP") or (previous.pos_ == "NOUN" and not after_name):
        return False
    return bool(_OBJECT_NEXT.match(text, token.idx))


def _person(ctx: Context, ref: Ref) -> bool:
    return ctx.classes.get(ref.slug) == "Person"


def _subject_before_apposition(sentence: Sentence, pos: int) -> Ref | None:
    """ "La société X, une jeune entreprise soutenue par Y, construit…": the actor before the
    apposition set off by commas just before the verb."""
    before = re.sub(r"\s(?:a|ont|va|vont)$", "", sentence.text[:pos].rstrip())  # ", a lancé"
    if not before.endswith(","):
        return None
    opening = before.rfind(",", 0, len(before) - 1)
    if opening < 0 or len(before) - opening > 80:
        return None
    # ", une jeune entreprise …,", a participle (", spécialisée dans le cloud,") or another
    # incise (", pionnier en la matière,", ", de son côté,")
    noun = re.match(r",\s*(?:une?|la|le|l')\s", before[opening:])
    if not noun and not re.match(r",\s*[a-zà-ÿ]", before[opening:]):
        return None
    subject = subject_before(sentence, opening)
    if subject is None or subject.top != "Actor":
        return None
    # After a participle, only the actor the sentence opens with ("La société X, basée à…,"),
    # not one inside a phrase ("Un accord entre X et Y, signé en mars, ouvre…").
    opens = _OPENING_ACTOR.fullmatch(sentence.text[: rel(sentence, subject)[0]])
    return subject if noun or opens else None


_OPENING_ACTOR = re.compile(r"\W*(?:(?:la|le|les|l')\s*)?(?:[a-zà-ÿ-]+\s+){0,2}", re.I)


def _last_named(ctx: Context, sentence: Sentence, pos: int) -> Ref | None:
    """ "Ce dernier organisera…": the actor named last before this sentence (in its paragraph)."""
    if not re.match(r"\s*(?:ce dernier|cette dernière|celui-ci|celle-ci)\b", sentence.text, re.I):
        return None
    if pos > 80:
        return None
    actor = ctx.actor_before(sentence.start)
    if actor is None:
        return None
    return Ref(actor, "Actor", ctx.classes.get(actor, "Actor"), sentence.start, sentence.start)


def _passive_rule(ctx: Context, sentence: Sentence, focus: Ref | None) -> list[Ref]:
    """ "Lancé le 2 juillet 2025 par Tamwilcom et la SFI": every agent leads it."""
    created: list[Ref] = []
    for start, end in markers(sentence.text, CREATION_PARTICIPLES):
        agent = re.match(r"(?:\s+[^\s,.;]+){0,4}?\s+par\s+", sentence.text[end:])
        if not agent:
            continue
        actors = coordinated_after(sentence, end + agent.end(), ("Actor", "Place"))
        actors = [a for a in actors if rel(sentence, a)[0] - (end + agent.end()) < 60]
        target = (
            initiative_before(sentence, start)
            or _unnamed_before(ctx, sentence, start, actors, focus)
            or focus
            or subject_after_opening(sentence, start, end)
        )
        adopted = sentence.text[start:end].lower().startswith("adopt")
        if adopted and (target is None or ctx.classes.get(target.slug) not in _ADOPTABLE):
            continue  # an application "adoptée par plusieurs banques" is used, not created
        if actors and target and target.top == "Initiative":
            for actor in actors if _named_agent(sentence, end + agent.end(), actors[0]) else []:
                ctx.emit(actor.slug, "leads", target.slug, sentence, "created-by-agent", 0.85)
            created.append(target)
    return created


def _named_agent(sentence: Sentence, pos: int, first: Ref) -> bool:
    """Whether the agent after "par" is the first mention: not when an unknown name comes
    before it ("piloté par l'INRA, couvre les oasis de Figuig", "par l'ENSA de Fès")."""
    gap = sentence.text[pos : rel(sentence, first)[0]]
    return "," not in gap and not (first.top == "Place" and re.search(r"[A-ZÀ-Ý]", gap))


_HEDGED = re.compile(
    r"\b(?:propose|proposent|recommande|recommandent|suggère|suggèrent|préconise|préconisent|"
    r"appelle|appellent|envisage|envisagent)\s+(?:de|d'|à)\s*$",
    re.I,
)
# What one adopts in the sense of creating it: a law, a charter, a strategy, a programme.
_ADOPTABLE = frozenset({"Law", "NationalStrategy", "Programme"})


def initiative_after(
    ctx: Context,
    sentence: Sentence,
    pos: int,
    focus: Ref | None,
    subject: Ref | None,
    parties: list[Ref] | None = None,
) -> Ref | None:
    """The initiative a verb creates: a named one, a new named one, or the focus by its noun."""
    named = [
        r
        for r in refs_after(sentence, pos, ("Initiative",), limit=70)
        if not _FROM.search(sentence.text[pos : r.start - sentence.start])
    ]
    if named:
        return named[0]
    window = sentence.text[pos : pos + 90]
    for m in re.finditer(r"\b(?:un|une|le|la|les|l'|des|son|sa|ses|leur|ce|cette)\s+", window):
        head = head_at(sentence.text, pos + m.end(), INITIATIVE_HEADS)
        if not head:
            head = acted_on(sentence, pos + m.end())
        if not head:
            continue
        baptised = _baptised_after(sentence, pos + m.end()) or _named_next(ctx, sentence)
        if baptised is not None:
            return baptised  # "un système de gestion du trafic, baptisé « X »"
        if focus is not None and compatible(ctx.classes.get(focus.slug), head[1]):
            return focus
        linked = ctx.link_by_words(sentence.text, "Initiative", head[1])
        if linked is not None:
            start = sentence.offset(pos + m.end())
            ref = Ref(linked, "Initiative", head[1], start, start + len(head[0]))
            ctx.note_mention(ref)
            return ref
        creators = [subject] if subject is not None else parties or []
        if creators and head[1] != "Agreement":  # agreements: see agreement_rule
            phrase = head_phrase(sentence.text, pos + m.end(), head[0])
            names = ", ".join(ctx.labels.get(c.slug, c.slug) for c in creators)
            label = f"{phrase[0].upper()}{phrase[1:]} ({names})"
            start = sentence.offset(pos + m.end())
            return ctx.mint(label, head[1], "Initiative", start, start + len(phrase), 0.6)
    return None


# "une levée de fonds auprès du fonds X": what comes after "auprès de" is not what is created.
_FROM = re.compile(r"\bauprès\s+(?:du|de la|de l'|des|de|d')\s*$", re.I)


_BAPTISED = re.compile(
    r"^[^.;«]{0,80}?,\s*(?:baptisée?|dénommée?|intitulée?|nommée?|appelée?)\s+[«\"“]\s*$", re.I
)


def _baptised_after(sentence: Sentence, pos: int) -> Ref | None:
    """The name a phrase is given right after it: "un système …, baptisé « X »"."""
    for ref in sentence.refs_of("Initiative"):
        start = rel(sentence, ref)[0]
        if start > pos and _BAPTISED.match(sentence.text[pos:start]):
            return ref
    return None


_NAMED_NEXT = re.compile(
    r"\s*(?:Baptisée?|Dénommée?|Nommée?|Appelée?|Surnommée?)\s+[«\"“]\s*", re.I
)


def _named_next(ctx: Context, sentence: Sentence) -> Ref | None:
    """The name the next sentence gives the phrase: "… un laboratoire de vision. Baptisé
    « X », ce laboratoire…"."""
    match = _NAMED_NEXT.match(ctx.document.text, sentence.end)
    if match is None:
        return None
    at = [
        m for m in ctx.mentions if m.start == match.end() and ctx.tops.get(m.slug) == "Initiative"
    ]
    if not at:
        return None
    slug = at[0].slug
    return Ref(slug, "Initiative", ctx.classes[slug], at[0].start, at[0].end)


def _object_before_que(ctx: Context, sentence: Sentence, subject: Ref | None) -> Ref | None:
    """ "un nouveau centre de données que Maroc Telecom construit": the object before "que"."""
    if subject is None:
        return None
    before = sentence.text[: rel(sentence, subject)[0]]
    que = re.search(r"\bqu(?:e\s+|')(?:le |la |l')?$", before)
    if not que:
        return None
    named = _named_in_apposition(sentence, que.start())
    if named is not None:
        return named  # "X, un outil de dépistage que nous avons développé"
    for m in re.finditer(
        r"\b(?:un|une|le|la|l'|ce|cette)\s+(?:(?:nouvel|nouveau|nouvelle)\s+)?",
        before[max(0, que.start() - 60) : que.start()],
    ):
        pos = max(0, que.start() - 60) + m.end()
        head = head_at(sentence.text, pos, INITIATIVE_HEADS)
        if head and head[1] != "Agreement":
            phrase = head_phrase(sentence.text, pos, head[0])
            label = (
                f"{phrase[0].upper()}{phrase[1:]} ({ctx.labels.get(subject.slug, subject.slug)})"
            )
            start = sentence.offset(pos)
            return ctx.mint(label, head[1], "Initiative", start, start + len(phrase), 0.6)
    return None


def _named_in_apposition(sentence: Sentence, que: int) -> Ref | None:
    """The initiative named just before *que*, or before an apposition that ends there: "X,
    un outil … que", "le master « X », que"."""
    before = [r for r in sentence.refs_of("Initiative") if rel(sentence, r)[1] <= que]
    if not before:
        return None
    gap = sentence.text[rel(sentence, before[-1])[1] : que]
    if re.fullmatch(r"\s*[»\"”]?\s*,?\s*", gap):
        return before[-1]  # "le master « X », que la faculté ouvrira"
    article = re.match(r"\s*[»\"”]?\s*,\s*(?:un|une)\s+(?=[^,;.]{0,60}$)", gap)
    return before[-1] if article and head_at(gap, article.end(), INITIATIVE_HEADS) else None


def compatible(focus_cls: str | None, head_cls: str) -> bool:
    """Whether a noun of class *head_cls* can refer back to an initiative of *focus_cls*."""
    return focus_cls == head_cls or "Project" in (head_cls, focus_cls)


def _unnamed_before(
    ctx: Context, sentence: Sentence, pos: int, actors: list[Ref], focus: Ref | None
) -> Ref | None:
    """ "les lignes directrices sur l'IA publiées … par la CNDP": an unnamed initiative; a
    sentence opening with one ("Un pilote … est mené par X") names it, unless it describes
    what the paragraph is about ("Atlas Lab Un centre … mis en place par X")."""
    window = max(0, pos - 70)
    found = None
    # "Un pilote" opening the sentence names a new one; "Le centre" there refers back
    article = re.compile(r"\b(?:les|le|la|l'|[Uu]n|[Uu]ne|des|ses|son|sa)\s*")
    for m in article.finditer(sentence.text[window:pos]):
        head = head_at(sentence.text, window + m.end(), INITIATIVE_HEADS)
        if head and head[1] != "Agreement":
            found = (window + m.end(), head, m.group(0)[:1].isupper())
    if found is None or not actors:
        return None
    at, head, opening = found
    if opening and focus is not None:
        return None  # the caller falls back on the focus
    named = [r for r in sentence.refs if r.start == sentence.offset(at) and r.top != "Place"]
    if named:  # "le Centre d'innovation (CISN), créé par…" is named: no new entity
        return named[0]
    phrase = head_phrase(sentence.text, at, head[0])
    label = f"{phrase[0].upper()}{phrase[1:]} ({ctx.labels.get(actors[0].slug, actors[0].slug)})"
    return ctx.mint(
        label, head[1], "Initiative", sentence.offset(at), sentence.offset(at + len(phrase)), 0.6
    )


_DERIVED = re.compile(
    r"\b(?:qui en (?:découle|résulte|est issue?)|issue? de (?:cet|ce|l')\s*(?:accord|protocole|"
    r"partenariat|convention|mémorandum))",
    re.I,
)


def derived_rule(ctx: Context, sentence: Sentence, focus: Ref | None) -> None:
    """ "le programme qui en découle": the parties of the last agreement lead it."""
    if focus is None or focus.top != "Initiative" or not _DERIVED.search(sentence.text):
        return
    agreements = [f for f in ctx.facts if f.relation == "signatory"]
    if not agreements:
        return
    last = agreements[-1].subject
    for fact in agreements:
        if fact.subject == last and fact.subject != focus.slug:
            ctx.emit(fact.object, "leads", focus.slug, sentence, "derived-from-agreement", 0.7)
