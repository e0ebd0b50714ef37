"""Initiatives housed by an organisation: "un laboratoire installé à l'École X", "un centre qui
ouvrira ses portes au sein de la zone franche Y", "sur le campus de l'université Z".
"""

from __future__ import annotations

import re

from .clauses import rel
from .context import Context, Sentence
from .mentions import Ref

# The words that put what comes before inside the organisation named right after.
_OF = r"(?:de la |de l'|du |des |d')"
_INSIDE = re.compile(
    rf"(?:\bau sein|\bdans les locaux|\bsur le campus|\bdans l'enceinte)\s+{_OF}"
    r"|\b(?:installée?s?|implantée?s?|hébergée?s?|logée?s?|abritée?s?)\s+"
    rf"(?:au sein {_OF}|dans les locaux {_OF}|à l'|à la |au |aux )",
    re.I,
)
# Organisations that may house something; a company's name after "au sein de" is more often
# who does it ("au sein de l'OCP, une équipe…").
_HOSTS = frozenset({"University", "ResearchCentre", "Organisation"})


def premises_rule(ctx: Context, sentence: Sentence, focus: Ref | None) -> None:
    """The initiative named before the marker (or the one the sentence is about) is located in
    the organisation named right after it."""
    for match in _INSIDE.finditer(sentence.text):
        host = next(
            (r for r in sentence.refs_of("Actor") if rel(sentence, r)[0] == match.end()), None
        )
        if host is None or ctx.classes.get(host.slug) not in _HOSTS:
            continue
        housed = _housed(sentence, match.start()) or focus
        if housed is None or housed.top != "Initiative" or housed.slug == host.slug:
            continue
        ctx.emit(housed.slug, "locatedIn", host.slug, sentence, "housed-by", 0.7)


def _housed(sentence: Sentence, pos: int) -> Ref | None:
    """The initiative named last before *pos* in the same clause."""
    before = [r for r in sentence.refs_of("Initiative") if rel(sentence, r)[1] <= pos]
    if not before:
        return None
    gap = sentence.text[rel(sentence, before[-1])[1] : pos]
    return before[-1] if len(gap) <= 90 and not re.search(r"[;:]", gap) else None
