"""Story points: which part of a story a rubric point asks for, and how closely a clause plays it.

Points that describe what a story should contain rather than a fact ("Explains the actions they took")
cannot be matched by meaning: an empty "I proposed things and we discussed it" is closer to that
description than a real story is. For those, a clause needs one of the point's cues (or a close match to
one) *and* concrete content the question and rubric did not supply (roles.py holds the parts' examples).
"""

from __future__ import annotations

import re

import numpy as np

from app.providers.embedding import embed
from app.providers.llm.offline.points import Point
from app.providers.llm.offline.roles import KEYWORDS, ROLES
from app.providers.llm.offline.text import STOPWORDS
from app.providers.llm.offline.units import Unit
from app.providers.llm.offline.words import GENERIC

ROLE_MAPPED = 0.40  # a meta point this close to a story part's description is about that part (roles.py)
# "It wasn't my fault: QA missed it." A story that disowns the speaker's part cannot show what they owned, did
# or learned, however many of those parts' cues it names. A qualified denial ("not only my fault, but I …")
# still owns a share, so only the plain one counts.
DISOWNS = re.compile(r"\b(?:was ?n[o'’]?t|is ?n[o'’]?t|not)\s+(?:really\s+|actually\s+|even\s+)?(?:my|our)\s+"
                     r"(?:fault|mistake|doing|responsibility)\b(?![^.;:!?]*\bbut\b)", re.IGNORECASE)
OWNED_PARTS = frozenset({'situation', 'action', 'learning'})


def concrete(unit: Unit, known: set[str]) -> int:
    return len({t.stem for t in unit.tokens if t.text not in STOPWORDS and t.stem not in STOPWORDS
                and t.stem not in known and t.stem not in GENERIC and len(t.text) > 2})



def disowned_parts(transcript: str, parts: list[set[str]]) -> set[int]:
    """The points asking for a part of the story the speaker owns, when the answer disowns the story."""
    if not DISOWNS.search(transcript):
        return set()
    return {j for j, wanted in enumerate(parts) if wanted & OWNED_PARTS}


def story_parts(points: list[Point], point_vecs: np.ndarray) -> list[set[str]]:
    """The story part each meta point asks for (empty for fact points and for points no part describes):
    from the point's own words where they name one ("the outcome", "the lesson"; the first one named),
    else from the closest description."""
    names = list(ROLES)
    described = embed([ROLES[n][0] for n in names])
    parts: list[set[str]] = []
    for j, point in enumerate(points):
        named = sorted((found.start(), name) for name, pattern in KEYWORDS.items()
                       if (found := pattern.search(point.rubric.point)))
        closeness = described @ point_vecs[j]
        if not point.meta:
            parts.append(set())
        elif named:
            parts.append({named[0][1]})
        else:
            parts.append({names[int(np.argmax(closeness))]} if closeness.max() >= ROLE_MAPPED else set())
    return parts


def role_similarities(parts: list[set[str]], unit_vecs: np.ndarray) -> np.ndarray:
    """[unit, point]: how closely each clause plays the story part of each meta point (0 for the others);
    the caller lets a clause play only the part it fits best, so one clause is not a whole story."""
    fit = np.zeros((len(unit_vecs), len(parts)), dtype=np.float32)
    for j, wanted in enumerate(parts):
        for name in sorted(wanted):
            if len(unit_vecs):
                examples = embed(list(ROLES[name][1]))
                fit[:, j] = np.maximum(fit[:, j], (unit_vecs @ examples.T).max(axis=1))
    return np.round(fit, 4)
