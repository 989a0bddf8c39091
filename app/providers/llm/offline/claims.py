"""Rules about what a stretch of speech claims, where an embedding cannot tell.

Sentence embeddings measure what text is *about*, not whether it affirms or denies it: "readers block
writers" and "readers do not block writers" are close neighbours. So the coverage decision is checked here:
- a claim that negates, dismisses or flips a point ("there is no need for EXPLAIN", "disable autovacuum",
  "indexes make writes faster") contradicts it instead of covering it.
What asserts nothing (lists, "I know X") is in assertions.py; what a negator denies, in negation.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.providers.llm.offline.negation import SCOPE_END, clause_before, denies, negated_stems
from app.providers.llm.offline.text import Token, stem
from app.providers.llm.offline.words import DISMISSIVE, NEGATORS, OPPOSITE, roots

DISMISS_IT = re.compile(r"\b(never|not|n't|nt) (\w+ ){0,2}(use|need|recommend|bother with|want)s? "
                        r"(it|them|that|those)\b"
                        r"|\b(i|we|i'd|i would|you should) (\w+ )?avoid (it|them)\b"
                        r"|(?:^|[,;:]\s*|\bso |\bjust )(?:avoid|skip) (it|them)\b"
                        r"|\b(i|we|you should) (\w+ )?(turn|switch) (it|them) off\b", re.IGNORECASE)
# "Postgres always uses it", "a sequential scan never happens": a sweeping rule about the point's own subject.
_ABSOLUTE = re.compile(r'\b(always|never)\b', re.IGNORECASE)
_REMOVAL = frozenset({stem('remove'), stem('removing')})  # dismisses only what it directly takes away
# "I always check the plan" reports a habit, not a universal claim about the subject: no overclaim.
_HABIT = re.compile(r"\b(i|we|i've|we've|i'd|we'd)\s+(almost\s+|nearly\s+)?(always|never)\b", re.IGNORECASE)
_NARROWING = re.compile(r'\b(is|are|was|were)( really| actually)? (only|just) (for|a |an |about|syntax|documentation)|'
                        r'\bonly exists?\b|\bjust a hint\b|\bonly a hint\b', re.IGNORECASE)

STRONG = frozenset({'negates', 'dismisses', 'affirms what the point denies'})  # reasons rarely seen in sound answers


def _affirms(stems: set[str], denied: set[str], point_specific: set[str]) -> bool:
    """The claim affirms what the point denies: it states the denied thing itself, all of it (all but one
    word of a longer one), not just a word from it: "rebase my commits" does not affirm what "never rebase
    commits that others have pulled" denies, "readers block writers" does affirm "readers do not block writers"."""
    hit = denied & stems
    return bool(hit & point_specific) and len(hit) >= len(denied) - (len(denied) > 3)


def contradiction(tokens: Sequence[Token], text: str, point_specific: set[str], point_stems: set[str],
                  point_negated: set[str], goal_stems: set[str], phrase_negated: set[str] | None = None,
                  point_roots: set[str] | None = None, story: bool = False) -> str | None:
    """Why this claim contradicts the point (or the question's goal), or None when it does not.

    `point_specific` are the point's and its synonyms' stems that the question does not already use: a
    claim must touch one of them to be about this point at all. `point_stems` are all of them,
    `point_negated` the stems the point itself negates ("readers do not block writers" → block, writer),
    `goal_stems` the question's. `text` is the transcript the tokens' offsets point into. `phrase_negated`
    are stems the point's synonyms deny ("never happened again"): a claim denying them agrees. `point_roots`
    are the properties the point's words name, stop words included ("after render" → after). `story`: the
    point asks for a part of a story, where the speaker's own "I didn't …" can deny it.
    """
    stems = {t.stem for t in tokens}
    if not stems & point_specific:
        return None
    negated_here = negated_stems(tokens, text)
    agreeing = point_negated | (phrase_negated or set())
    if agreeing and negated_stems(tokens, text, litotes=False) & agreeing:
        pass  # both deny the same thing: "doesn't run as root" agrees with "run as a non-root user"
    elif negated_here & point_specific and denies(tokens, text, point_specific, point_stems | goal_stems, story):
        return 'negates'
    elif _affirms(stems, point_negated & point_stems, point_specific) \
            and not any(t.text in NEGATORS or t.text == 'without' for t in tokens):
        return 'affirms what the point denies'  # ("readers and writers don't wait" is no affirmation)
    span = text[tokens[0].start:tokens[-1].end]
    if DISMISS_IT.search(span):
        return 'dismisses'
    if _NARROWING.search(span):
        return 'narrows'  # ("they only exist inside the braces" is often true: no plain denial)
    for i, token in enumerate(tokens):
        joined = stem(tokens[i - 1].text + token.text) if i else ''
        # A word the point itself uses ("removing listeners", "docker ignore") dismisses nothing.
        if token.stem in DISMISSIVE and token.stem not in point_stems and joined not in point_stems:
            near = {t.stem for t in clause_before(tokens, i, text)} | {t.stem for t in tokens[i:i + 5]}
            if token.stem in _REMOVAL:  # "remove regularization", but not "remove permissions that audits show…"
                near = {t.stem for t in tokens[i + 1:i + 3]
                        if not SCOPE_END.search(text[tokens[i].end:t.start])}
            if near & point_specific:
                return 'dismisses'
    mine, theirs = roots(stems), roots(point_stems | goal_stems) | (point_roots or set())
    if any(OPPOSITE.get(root) in theirs and OPPOSITE[root] not in mine for root in mine - theirs):
        return 'says the opposite'
    if (_ABSOLUTE.search(_HABIT.sub(' ', span))
            and not _ABSOLUTE.search(' '.join(sorted(point_stems)))):
        return 'overclaims'
    return None
