"""Names that say what they are by their last word: companies ("Atlas Fintech Hub", "Nador
West Med SA"), funds named like firms (investors, not initiatives), events ("Startup Day").
"""

from __future__ import annotations

import re

from .mentions import Candidate

_CORPORATE_NAME = re.compile(
    r"\b(?:le|la|l')\s*((?:[A-ZÀ-Ý][\w&'-]*\s+){1,3}(?:Center|Centre|Hub|Lab|Labs|Group|Capital|"
    r"Ventures|Partners|Bank|Systems|Technologies))\b"
)


_EVENT_NAME = re.compile(
    r"[«\"“]\s*((?:[A-ZÀ-Ý][\w&'-]*\s+){1,3}(?:Day|Days|Summit|Week|Expo|Hackathon|Forum))\s*[»\"”]"
)


def corporate_names(text: str, offset: int) -> list[Candidate]:
    """ "le Atlas Fintech Hub": capitalised words ending in a word of company names;
    "un « Startup Day »": a quoted name ending in a word of event names; "X SA": a company."""
    found = [
        Candidate(m.group(1), "Organisation", "Actor", offset + m.start(1), offset + m.end(1))
        for m in _CORPORATE_NAME.finditer(text)
    ]
    for m in _EVENT_NAME.finditer(text):
        span = (offset + m.start(1), offset + m.end(1))
        found.append(Candidate(m.group(1), "Event", "Initiative", *span, quoted=True))
    for m in _COMPANY_FORM.finditer(text):  # "Nador West Med SA": the company, not the port
        span = (offset + m.start(1), offset + m.end(1))
        found.append(Candidate(m.group(1), "Company", "Actor", *span))
    return found


_COMPANY_FORM = re.compile(r"\b((?:[A-ZÀ-Ý][\w&'-]*\s+){1,4}(?:SA|S\.A\.|SARL|SAS))(?![\w.])")


CORPORATE = frozenset(
    """capital group groupe holding technologies technology systems labs lab analytics ventures
    partners invest bank telecom consulting solutions digital data ai center hub fund""".split()
)
# Last words of a name that make it an event: "« Investor Day »", "Atlas Tech Summit".
EVENT_WORDS = frozenset("day days summit week expo hackathon forum challenge".split())


def investor(text: str, pos: int, head: str, offset: int) -> Candidate | None:
    """ "le fonds Maghreb Tech Ventures": a fund named like a firm is an investor (an actor)."""
    if head != "fonds":
        return None
    match = re.match(r"\s+((?:[A-ZÀ-Ý][\w&'-]*\s+){0,3}[A-ZÀ-Ý][\w&'-]*)", text[pos + len(head) :])
    if not match or match.group(1).split()[-1].lower() not in CORPORATE:
        return None
    start = pos + len(head) + match.start(1)
    return Candidate(
        match.group(1), "Company", "Actor", offset + start, offset + start + len(match.group(1))
    )
