"""Who does what: the contrasted subjects of a question, so a claim is credited to the right one.

"Merge rewrites history" uses every word of "rebase … rewrites history", and an embedding of it sits close
to that point; only who the claim is about is wrong. When a question contrasts two things ("the difference
between git merge and git rebase", "TCP vs UDP"), or its rubric assigns parts to two roles of a protocol
(client and server), each point that names one of them is bound to it, and a clause is about the one it
names first (or, when it names neither, the one its sentence names first: "… so it rewrites history").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.providers.llm.offline.text import Token, content_stems, tokenize
from app.providers.llm.offline.words import NEGATORS, ROOT_OF

# "the difference between A and B", "compare A with B", "A vs B", "A versus B"
_VERSUS = re.compile(
    r'\b(?:differences?|distinction|compare|comparing|contrast)\s+(?:between\s+)?(?P<a>[^,.?;:]+?)\s+(?:and|with|to)\s+'
    r'(?P<b>[^,.?;:]+?)(?=\s*[,.?;:]|\s+(?:and|in|when|for|from)\b|$)'
    r'|(?P<c>[\w.+#-]+(?:\s+[\w.+#-]+)?)\s+(?:vs\.?|versus)\s+(?P<d>[\w.+#-]+(?:\s+[\w.+#-]+)?)',
    re.IGNORECASE)
# Roles of a protocol that rubrics give different parts to: one "says of the other" what the point says.
_ROLE_PAIRS = (('client', 'server'), ('producer', 'consumer'))
Sides = tuple[frozenset[str], frozenset[str]]
SUBJECT_REACH = 4  # tokens: where a clause names what it is about ("and the readiness probe …")


def contrasted(question: str, point_texts: Sequence[str]) -> Sides | None:
    """The two subjects the question contrasts, as stems (None when it contrasts nothing)."""
    found = _VERSUS.search(question)
    if found:
        a, b = (found.group('a'), found.group('b')) if found.group('a') else (found.group('c'), found.group('d'))
        first, second = content_stems(a), content_stems(b)
        only_a = frozenset(s for s in first if s not in second)
        only_b = frozenset(s for s in second if s not in first)
        if only_a and only_b:
            return only_a, only_b
    # No contrast in the question: two roles when different points give each its own part.
    for left, right in _ROLE_PAIRS:
        sides = [side_of(tokenize(text), _role(left, right)) for text in point_texts]
        if 0 in sides and 1 in sides:
            return _role(left, right)
    return None


def _role(left: str, right: str) -> Sides:
    return (frozenset(s for s, root in ROOT_OF.items() if root == left),
            frozenset(s for s, root in ROOT_OF.items() if root == right))


def side_of(tokens: Sequence[Token], sides: Sides) -> int | None:
    """0 or 1: the subject the tokens name first; None when they name neither."""
    for token in tokens:
        for index, side in enumerate(sides):
            if token.stem in side:
                return index
    return None


def point_side(text: str, sides: Sides) -> int | None:
    """The subject a point is about: the one it names, when it names only one of them."""
    named = {i for t in tokenize(text) for i, side in enumerate(sides) if t.stem in side}
    return named.pop() if len(named) == 1 else None


def rubric_subjects(question: str, point_texts: Sequence[str]) -> list[frozenset[str]] | None:
    """The things a question asks about that its points are about, one each ("readiness", "liveness",
    "requests", "limits"): a point's first word when the question names it. None with fewer than two."""
    asked = set(content_stems(question))
    firsts = {stems[0] for text in point_texts if (stems := content_stems(text)) and stems[0] in asked}
    return [frozenset({s}) for s in sorted(firsts)] if len(firsts) >= 2 else None


def subject_of(tokens: Sequence[Token], subjects: Sequence[frozenset[str]]) -> int | None:
    """The subject a clause opens with ("the liveness probe decides …", "and requests cap …"); None when it
    opens with none of them, or denies it ("so no requests reach it" makes no claim about requests)."""
    for position, token in enumerate(tokens[:SUBJECT_REACH]):
        for index, subject in enumerate(subjects):
            if token.stem in subject:
                return None if position and tokens[position - 1].text in NEGATORS else index
    return None
