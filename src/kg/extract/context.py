"""What extraction knows while it reads one document: entities, facts, sentences.

Rules read :class:`Sentence` objects and write through :class:`Context`, which records each
fact with its evidence, mints new entities deterministically and resolves references such as
"les accords pour une IA responsable" to an entity named earlier in the document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Token

from ..documents import Document
from ..facts import Evidence, Fact, Mention, NewEntity, Value
from .lexicon import INITIATIVE_HEADS
from .mentions import Ref, content_words, head_at, mint_slug

DEFAULT_COUNTRY = "maroc"


@dataclass
class Sentence:
    """A sentence (or a title) of a paragraph, with its tokens and the mentions inside it."""

    start: int
    end: int
    text: str
    tokens: list[Token]
    refs: list[Ref]
    section: str | None = None

    def offset(self, pos: int) -> int:
        """Absolute offset of position *pos* of :attr:`text`."""
        return self.start + pos

    def refs_of(self, *tops: str, nested: bool = False) -> list[Ref]:
        """Mentions of the given top classes (nested ones only when asked), in the order of
        the text (references back found late are added at the end of :attr:`refs`)."""
        found = [r for r in self.refs if r.top in tops and (nested or not r.nested)]
        return sorted(found, key=lambda r: (r.start, -r.end))


@dataclass
class Context:
    """Entities and facts of one document being read."""

    document: Document
    classes: dict[str, str]
    tops: dict[str, str]
    labels: dict[str, str]
    new_entities: dict[str, NewEntity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    context_words: dict[str, set[str]] = field(default_factory=dict)
    country_counts: Counter = field(default_factory=Counter)
    catalogue_words: dict[str, list[set[str]]] = field(default_factory=dict)
    last_focus: Ref | None = None
    paragraph_focus: Ref | None = None
    list_focus: Ref | None = None  # what the items of the current list are about
    list_section: str | None = None  # items that are each a risk or an opportunity
    member: Ref | None = None  # a member of the paragraph's network, once it is named
    purpose: Ref | None = None  # what the agreement read in the current sentence sets up
    topics_done: set[str] = field(default_factory=set)
    recent: list[str] = field(default_factory=list)  # entities in the order facts named them
    acronyms: dict[str, str] = field(default_factory=dict)  # "CISN" → the entity it stands for
    field: tuple[str, int | None] | None = None  # what the list under the last header holds
    topic: Ref | None = None  # what the paragraph being read is about
    heading: Ref | None = None  # the initiative the header just read presents ("Fiche : X")
    headline: str | None = None  # the place the line just read opens with ("Taza : …")
    holder: str | None = None  # whose the risks of this paragraph are ("trois fragilités pour X")
    fields: int = 0  # headers of fact-sheet lists read so far ("Porteur", "Budget"…)
    speaker: Ref | None = None  # in an interview, the organisation "nous" stands for

    def quote(self, start: int, end: int) -> str:
        """The document's own text of a span (not the normalised copy)."""
        return self.document.text[start:end]

    def emit(
        self,
        subject: str,
        relation: str,
        obj: str | Value,
        sentence: Sentence,
        rule: str,
        confidence: float,
    ) -> None:
        """Record a fact whose evidence is *sentence*; self-loops are dropped."""
        if subject == obj:
            return
        evidence = Evidence(
            self.document.id,
            sentence.start,
            sentence.end,
            self.quote(sentence.start, sentence.end),
            rule,
            confidence,
        )
        self.facts.append(Fact(subject, relation, obj, evidence))
        for slug in (subject, obj):
            if isinstance(slug, str):
                self.context_words.setdefault(slug, set()).update(content_words(sentence.text))
                self.recent.append(slug)

    def note_mention(self, ref: Ref) -> None:
        """Remember a mention (for evaluation, pages and coreference)."""
        mention = Mention(ref.slug, ref.start, ref.end, self.quote(ref.start, ref.end))
        if mention in self.mentions:
            return
        self.mentions.append(mention)
        if ref.slug in self.new_entities:
            self.new_entities[ref.slug].mentions.append(mention)
        if weight := self._place_weight(ref):
            self.country_counts[ref.slug] += weight

    def forget_mention(self, ref: Ref) -> None:
        """Drop a mention a longer name turned out to hold ("Drones" in "Tilelli Drones")."""
        mention = Mention(ref.slug, ref.start, ref.end, self.quote(ref.start, ref.end))
        if mention in self.mentions:
            self.mentions.remove(mention)
            if weight := self._place_weight(ref):
                self.country_counts[ref.slug] -= weight
        if ref.slug in self.new_entities and mention in self.new_entities[ref.slug].mentions:
            self.new_entities[ref.slug].mentions.remove(mention)

    def _place_weight(self, ref: Ref) -> int:
        """How much a mention counts towards the country or region the document is about:
        "Panorama de la région X" on the title line counts more than any place the body names
        once; a name that is not a country or region counts nothing."""
        if self.classes.get(ref.slug) not in ("Country", "Region") or ref.nested:
            return 0
        text, start = self.document.text, self.document.body_start
        first = start + len(text[start:]) - len(text[start:].lstrip())
        end = text.find("\n", first)
        return 3 if first <= ref.start < (end if end >= 0 else len(text)) else 1

    def mint(
        self,
        label: str,
        cls: str,
        top: str,
        start: int,
        end: int,
        confidence: float,
        generic: bool = False,
    ) -> Ref:
        """A new entity (or the one this document or the catalogue already has under that slug).

        A *generic* name (proposed by the NER, kind unknown) reuses an entity of any kind
        already known under the same name ("Atlas Talents" after "le programme Atlas Talents").
        """
        slug = mint_slug(label, self.tops, top)
        bare = mint_slug(label, {}, top)
        if generic and bare in self.tops:
            slug, top = bare, self.tops[bare]
        elif slug not in self.tops:
            # one phrase read by two rules (each naming it after another creator) is one entity
            slug = (
                self._minted_at(start, end, top)
                or self._shorter_name_of(label, top)
                or self._named_before_bare(label, top)
                or slug
            )
        if slug in self.tops and self.tops[slug] == top:
            ref = Ref(slug, top, self.classes[slug], start, end, new=slug in self.new_entities)
        else:
            entity = NewEntity(slug, cls, label.strip(), confidence, top)
            self.new_entities[slug] = entity
            self.tops[slug], self.classes[slug], self.labels[slug] = top, cls, entity.label
            ref = Ref(slug, top, cls, start, end, new=True)
        self.note_mention(ref)
        return ref

    def _minted_at(self, start: int, end: int, top: str) -> str | None:
        """The new entity of *top* already minted on exactly this span, if any."""
        return next(
            (
                m.slug
                for m in self.mentions
                if (m.start, m.end) == (start, end)
                and m.slug in self.new_entities
                and self.tops.get(m.slug) == top
            ),
            None,
        )

    def _shorter_name_of(self, label: str, top: str) -> str | None:
        """An entity this document named before with more words: "le pôle Agri-IA" after
        "Pôle Agri-IA de Meknès"."""
        words = content_words(label)
        if len(words) < 2:
            return None
        for slug, entity in self.new_entities.items():
            if entity.top == top and words < content_words(entity.label):
                return slug
        return None

    def _named_before_bare(self, label: str, top: str) -> str | None:
        """An initiative this document named before without its kind: "le réseau Saqia Link"
        after "Saqia Link, un réseau de capteurs"."""
        head = head_at(label.lower(), 0, INITIATIVE_HEADS) if top == "Initiative" else None
        rest = label[len(head[0]) :].strip() if head else ""
        if not rest[:1].isupper():
            return None
        known = self.new_entities.items()
        return next((s for s, e in known if e.top == top and e.label == rest), None)

    def adopt(self, ref: Ref, label: str, confidence: float) -> None:
        """Register an entity whose slug is fixed by a rule (agreements known by their parties)."""
        if ref.slug not in self.tops:
            self.new_entities[ref.slug] = NewEntity(ref.slug, ref.cls, label, confidence, ref.top)
            self.tops[ref.slug], self.classes[ref.slug] = ref.top, ref.cls
            self.labels[ref.slug] = label
        self.note_mention(ref)

    def link_by_words(self, text: str, top: str, cls: str | None = None) -> str | None:
        """The catalogue entry of *top* (and *cls*) whose name's words are nearly all in *text*:
        "Oracle — Centre R&D à Casablanca" names "Centre R&D d'Oracle à Casablanca"."""
        words = content_words(text)
        best, best_score = None, 0.0
        for slug, names in self.catalogue_words.items():
            if self.tops.get(slug) != top or (cls and self.classes.get(slug) != cls):
                continue
            for name_words in names:
                if len(name_words) >= 2:
                    score = len(name_words & words) / len(name_words)
                    if score > best_score:
                        best, best_score = slug, score
        return best if best_score >= 0.75 else None

    def actor_before(self, position: int) -> str | None:
        """The organisation named last before *position* ("ce dernier" refers to it)."""
        before = [
            m
            for m in self.mentions
            if m.end <= position
            and self.tops.get(m.slug) == "Actor"
            and self.classes.get(m.slug) != "Person"
        ]
        return max(before, key=lambda m: m.end).slug if before else None

    def main_country(self) -> str | None:
        """The country or region the document is about: the one it names most, a country on a
        tie (a regional plan's risks are the region's; a national review's, the country's)."""
        if not self.country_counts:
            # A document of this collection that names no country speaks of Morocco.
            return DEFAULT_COUNTRY if DEFAULT_COUNTRY in self.tops else None
        ranked = sorted(
            self.country_counts.items(),
            key=lambda item: (-item[1], self.classes.get(item[0]) != "Country"),
        )
        return ranked[0][0]

    def resolve(self, cls: str, words: set[str]) -> str | None:
        """The entity of class *cls* named earlier whose context shares most of *words*, else
        the paragraph's focus when of that class, else the last one of that class facts were
        stated about ("l'appel à projets")."""
        best, best_score = None, 0
        for slug, context in self.context_words.items():
            if self.classes.get(slug) != cls:
                continue
            score = len(words & context)
            if score > best_score:
                best, best_score = slug, score
        if best_score >= 2 or (best_score >= 1 and len(words) == 1):
            return best
        focus = self.paragraph_focus  # "Le dispositif X est… Le dispositif sera doté de…"
        if focus is not None and self.classes.get(focus.slug) == cls:
            return focus.slug
        return next((s for s in reversed(self.recent) if self.classes.get(s) == cls), None)


def make_sentence(doc, offset: int, start: int, end: int, refs, section) -> Sentence:
    """A :class:`Sentence` over ``doc`` between absolute offsets *start* and *end*."""
    tokens = [t for t in doc if start <= offset + t.idx < end]
    inside = [r for r in refs if start <= r.start and r.end <= end]
    text = doc.text[start - offset : end - offset]
    return Sentence(start, end, text, tokens, inside, section)
