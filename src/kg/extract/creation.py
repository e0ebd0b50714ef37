"""Who creates, launches or opens which initiative: active verbs, passives with their agents,
object relatives, infinitives of purpose, and initiatives derived from an agreement.
"""

from __future__ import annotations

import re

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
    CREATION_PARTICIPLES,
    CREATION_VERBS,
    INITIATIVE_HEADS,
)
from .mentions import Ref, head_at


def creation_rule(ctx: Context, sentence: Sentence, focus: Ref | None) -> list[Ref]:
    """ "Oracle a ouvert un centre…" (active) and "mis en place par l'OCP" (passive).

    Returns the initiatives created, in the order of the text.
    """
    created: list[Ref] = []
    for token in sentence.tokens:
        lemma = token.lemma_.lower()
        if lemma not in CREATION_VERBS or token.pos_ not in ("VERB", "AUX"):
            continue
        pos = token.idx - sentence.tokens[0].idx
        if lemma == "mettre" and not re.match(
            r"\w+\s+(?:en place|au point|sur pied)", sentence.text[pos : pos + 30].lower()
        ):
            continue  # "mettre en place", "mettre au point", "mettre sur pied" create
        if sentence.text[max(0, pos - 4) : pos].lower().strip() == "par":
            continue
        if _HEDGED.search(sentence.text[max(0, pos - 40) : pos]):
            continue  # a recommendation is not a fact: "l'Institut propose de créer un fonds"
        subject = subject_before(sentence, pos) or _last_named(ctx, sentence, pos)
        if "Inf" in token.morph.get("VerbForm") and re.search(
            r"\b(?:pour|afin de|afin d')\s*$", sentence.text[:pos]
        ):
            subject = main_subject(sentence) or subject  # "X s'est associé à Y pour construire"
        target = _object_before_que(ctx, sentence, subject) or initiative_after(
            ctx, sentence, pos + len(token.text), focus, subject
        )
        if subject and target:
            chain = coordinated_before(sentence, pos)
            in_chain = subject.slug in {r.slug for r in chain}
            for actor in chain if in_chain else [subject]:
                ctx.emit(actor.slug, "leads", target.slug, sentence, "actor-creates", 0.85)
            created.append(target)
    return created + _passive_rule(ctx, sentence, focus)


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
            _initiative_before(sentence, start)
            or _unnamed_before(ctx, sentence, start, actors)
            or focus
        )
        adopted = sentence.text[start:end].lower().startswith("adopt")
        if adopted and (target is None or ctx.classes.get(target.slug) not in _ADOPTABLE):
            continue  # an application "adoptée par plusieurs banques" is used, not created
        if actors and target and target.top == "Initiative":
            for actor in actors:
                ctx.emit(actor.slug, "leads", target.slug, sentence, "created-by-agent", 0.85)
            created.append(target)
    return created


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
    named = refs_after(sentence, pos, ("Initiative",), limit=70)
    if named:
        return named[0]
    window = sentence.text[pos : pos + 90]
    for m in re.finditer(r"\b(?:un|une|le|la|les|l'|des|son|sa|ses|leur|ce|cette)\s+", window):
        head = head_at(sentence.text, pos + m.end(), INITIATIVE_HEADS)
        if not head:
            continue
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


def head_phrase(text: str, pos: int, head: str) -> str:
    """An unnamed initiative's head noun with its complement: "master en intelligence
    artificielle", "centre d'innovation".

    >>> head_phrase("un master en intelligence artificielle appliquée à l'État", 3, "master")
    'master en intelligence artificielle'
    """
    rest = text[pos + len(head) :]
    match = re.match(
        r"(?:\s+(?:en|de|d'|du|des)\s*[\w'-]+(?:\s+(?!appliqu|dédi|consacr)[a-zà-ÿ-]+)?)?", rest
    )
    complement = re.sub(r"\s+\w+(?:é|ée|és|ées)$", "", match.group(0) if match else "")
    complement = re.sub(r"\s+(?:au|aux|à|de|du|des|en|pour|par|sur|dans)$", "", complement)
    return (head + complement).strip()


def _object_before_que(ctx: Context, sentence: Sentence, subject: Ref | None) -> Ref | None:
    """ "un nouveau centre de données que Maroc Telecom construit": the object before "que"."""
    if subject is None:
        return None
    before = sentence.text[: rel(sentence, subject)[0]]
    que = re.search(r"\bqu(?:e\s+|')(?:le |la |l')?$", before)
    if not que:
        return None
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


def compatible(focus_cls: str | None, head_cls: str) -> bool:
    """Whether a noun of class *head_cls* can refer back to an initiative of *focus_cls*."""
    return focus_cls == head_cls or "Project" in (head_cls, focus_cls)


def _unnamed_before(ctx: Context, sentence: Sentence, pos: int, actors: list[Ref]) -> Ref | None:
    """ "les lignes directrices sur l'IA publiées … par la CNDP": an unnamed initiative."""
    window = max(0, pos - 70)
    found = None
    for m in re.finditer(r"\b(?:les|le|la|l'|un|une|des|ses|son|sa)\s*", sentence.text[window:pos]):
        head = head_at(sentence.text, window + m.end(), INITIATIVE_HEADS)
        if head and head[1] != "Agreement":
            found = (window + m.end(), head)
    if found is None or not actors:
        return None
    at, head = found
    named = [r for r in sentence.refs if r.start == sentence.offset(at) and r.top != "Place"]
    if named:  # "le Centre d'innovation (CISN), créé par…" is named: no new entity
        return named[0]
    phrase = head_phrase(sentence.text, at, head[0])
    label = f"{phrase[0].upper()}{phrase[1:]} ({ctx.labels.get(actors[0].slug, actors[0].slug)})"
    return ctx.mint(
        label, head[1], "Initiative", sentence.offset(at), sentence.offset(at + len(phrase)), 0.6
    )


def _initiative_before(sentence: Sentence, pos: int) -> Ref | None:
    before = [r for r in sentence.refs_of("Initiative") if rel(sentence, r)[1] <= pos]
    if before and pos - rel(sentence, before[-1])[1] < 60:
        return before[-1]
    return None


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
