"""People named by the role they hold: "le président du conseil régional de X, Lahcen Aït
Brahim, …". A name the statistical NER takes for a person right after "directeur général de"
is the organisation the role is held in.
"""

from __future__ import annotations

import re

from .lexicon import HEAD_ROLES
from .mentions import Candidate

# The roles of a head, longest first ("directeur général" before "directeur").
ROLES = "|".join(sorted((re.escape(r) for r in HEAD_ROLES), key=len, reverse=True))
_PERSON = r"[A-ZÀ-Ý][a-zà-ÿ'-]+(?:\s+(?:[A-ZÀ-Ý][\w'-]+|El|Ben|Aït|Ait|Ould)){1,3}"
# "le président du conseil régional de X, Lahcen Aït Brahim,": role, organisation, then name.
_ROLE_THEN_NAME = re.compile(
    rf"\b(?i:{ROLES})\s+(?:de la |de l'|du |des |de |d')[^,;.:()«»]{{2,80}},\s+({_PERSON})\s*[,.]"
)
_ROLE_OF = re.compile(rf"\b(?i:{ROLES})\s+(?:de la |de l'|du |des |de |d')\s*$")


# "fondateur et directeur général de Rimal Drones": the organisation a role is held in.
_ROLE_IN = re.compile(
    rf"\b(?i:{ROLES})\s+(?:de |d')((?:[A-ZÀ-Ý][\w&'-]+)(?:\s+[A-ZÀ-Ý][\w&'-]+){{0,3}})"
)


def role_names(text: str, offset: int) -> list[Candidate]:
    """Persons named in apposition after a role and its organisation, and organisations named
    right after a role.

    >>> [c.label for c in role_names("le président du conseil régional de l'Oriental, "
    ...                              "Karim Aït Lahcen, a salué", 0)]
    ['Karim Aït Lahcen']
    >>> [(c.label, c.cls) for c in role_names("Sara Alami, directrice de Rimal Drones, dit", 0)]
    [('Rimal Drones', 'Organisation')]
    >>> role_names("le directeur de l'ADD, qui a salué", 0)
    []
    """
    found = [
        Candidate(m.group(1), "Person", "Actor", offset + m.start(1), offset + m.end(1), 0.6)
        for m in _ROLE_THEN_NAME.finditer(text)
    ]
    for m in _ROLE_IN.finditer(text):
        if len(m.group(1).split()) > 1:  # one word may be a town or an acronym the catalogue knows
            span = (offset + m.start(1), offset + m.end(1))
            found.append(Candidate(m.group(1), "Organisation", "Actor", *span, confidence=0.5))
    return found


def after_role(text: str, pos: int) -> bool:
    """Whether *pos* follows a role and "de" ("fondateur et directeur général de X"): X is
    where the role is held, an organisation, not a person.

    >>> text = "Hamid Tazi, fondateur et directeur général de Tilelli Drones"
    >>> after_role(text, text.index("Tilelli")), after_role(text, 0)
    (True, False)
    """
    return bool(_ROLE_OF.search(text[max(0, pos - 60) : pos]))
