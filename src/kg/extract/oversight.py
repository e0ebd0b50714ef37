"""Who checks an initiative: "X et Y seront chargées de contrôler la sécurité du registre",
"sous la supervision conjointe de X et de Y".
"""

from __future__ import annotations

import re

from .agreements import last_pair
from .clauses import coordinated_after, coordinated_before
from .context import Context, Sentence
from .lexicon import INITIATIVE_HEADS
from .mentions import Ref, head_at

_CHECKS = (
    r"vérifier|contrôler|superviser|surveiller|suivre|évaluer|auditer|certifier|réguler|"
    r"encadrer|inspecter|veiller"
)
# "X et Y seront chargés de vérifier…", "X, habilitée à contrôler…": the subjects check the focus.
_CHARGED = re.compile(
    r"(?:\b(?:seront|sera|sont|est|ont été|a été|seraient|serait)\s+)?"
    r"\b(?:chargée?s?|missionnée?s?|habilitée?s?|mandatée?s?)\s+(?:de|d'|à)\s*"
    rf"(?:{_CHECKS})\b",
    re.I,
)
# "sous la supervision conjointe de X et de Y": every actor listed, not only the first.
_UNDER = re.compile(
    r"\bsous\s+(?:la|le|l')\s*(?:supervision|tutelle|contrôle|surveillance|houlette|égide)"
    r"(?:\s+(?:conjointe|directe|étroite))?\s+(?:de la |de l'|du |des |de |d')",
    re.I,
)


def oversight_rule(ctx: Context, sentence: Sentence, focus: Ref | None) -> None:
    """The actors charged with checking the initiative the sentence is about, and all the
    actors an initiative is placed under."""
    named = focus if focus is not None and focus.top == "Initiative" else None
    # "Elles seront chargées de vérifier…" may follow the sentence that names the initiative
    target = named or ctx.paragraph_focus
    for match in _CHARGED.finditer(sentence.text):
        actors = [r for r in coordinated_before(sentence, match.start()) if r.top == "Actor"]
        checked = _checked(ctx, sentence, match.end()) or (target.slug if target else None)
        if checked is None or ctx.tops.get(checked) != "Initiative":
            continue
        for actor in actors:
            ctx.emit(actor.slug, "oversees", checked, sentence, "charged-with-checks", 0.7)
    for match in _UNDER.finditer(sentence.text):
        # "Les startups testeront le programme X sous la supervision de…": the one named before
        before = [
            r for r in sentence.refs_of("Initiative") if r.end - sentence.start <= match.start()
        ]
        placed = named.slug if named else (before[-1].slug if before else None)
        actors = coordinated_after(sentence, match.end())
        if not actors and _THE_TWO.match(sentence.text, match.end()):
            # "sous la supervision des deux régulateurs": the pair named together last, over
            # what they created together when the sentence names nothing else
            created, actors = last_pair(ctx, sentence)
            placed = placed or created
        if placed is None:
            continue
        for actor in actors:
            ctx.emit(actor.slug, "oversees", placed, sentence, "under-joint-supervision", 0.7)


_THE_TWO = re.compile(
    r"deux (?:régulateurs|autorités|institutions|organismes|partenaires|tutelles|ministères)\b",
    re.I,
)


# "contrôler la sécurité du registre": the initiative a kind noun takes up again.
_CHECKED = re.compile(
    r"\s+(?:la conformité|le respect|le fonctionnement|la sécurité|le déploiement|la mise en "
    r"œuvre|l'exécution|les résultats|l'impact)?\s*"
    r"(?:de la |de l'|du |des |la |le |l'|les |sa |son )",
    re.I,
)


def _checked(ctx: Context, sentence: Sentence, pos: int) -> str | None:
    """The initiative a kind noun after the checking verb at *pos* takes up again ("vérifier la
    conformité de la plateforme"), the one of that kind the document spoke of last."""
    match = _CHECKED.match(sentence.text, pos)
    head = head_at(sentence.text, match.end(), INITIATIVE_HEADS) if match else None
    if head is None:
        return None
    return ctx.resolve(head[1], set())
