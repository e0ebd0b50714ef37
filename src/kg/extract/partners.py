"""Partnership wording the partner rule reads besides the lexicon's markers: what was made with
someone ("une licence conçue avec Cisco") and support given to what someone launched ("lancée par
X avec le concours de Y": Y supports the launched initiative, not X).
"""

from __future__ import annotations

import re

from .context import Context, Sentence
from .mentions import Ref

# "une licence conçue avec Cisco", "une application que nous avons réalisée avec la société X".
MADE_WITH = (
    *(
        f"{verb}{ending} avec"
        for verb in ("conçu", "développé", "co-développé", "réalisé", "construit")
        for ending in ("", "e", "s", "es")
    ),
    "aux côtés de",
    "aux côtés du",
    "aux côtés d'",
    # who brings their help: "s'appuie sur l'expertise de l'OCP", "avec la participation de X"
    *(
        f"{lead} {help_} {of}"
        for lead in ("avec", "s'appuie sur", "bénéficie de", "bénéficiera de")
        for help_ in ("la participation", "l'expertise", "l'accompagnement", "la contribution")
        for of in ("de", "du", "des", "d'")
    ),
)
_SUPPORT = re.compile(r"avec (?:le concours|l'appui)", re.I)


def is_support(text: str, start: int) -> bool:
    """Whether the marker at *start* gives support rather than partnership.

    >>> is_support("lancée avec le concours d'Atos", 7)
    True
    """
    return bool(_SUPPORT.match(text, start))


def created_here(ctx: Context, sentence: Sentence, actor: Ref) -> bool:
    """Whether *actor* creates something in *sentence* (a fact already read from it)."""
    return any(
        f.relation == "leads" and f.subject == actor.slug and f.evidence.start == sentence.start
        for f in ctx.facts
    )
