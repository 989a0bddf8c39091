"""Clause-level checks of the coverage decision that need the point and the clause's sentence together.

- a claim that contradicts the point, judged with the rest of its sentence (claims.py does the words);
- a definition of the point's own term, which must then say what the point says;
- a sentence that restates the question; the text the model reads (no "um", no "you know").
"""

from __future__ import annotations

import re

from app.providers.llm.offline.assertions import FILLERS
from app.providers.llm.offline.claims import contradiction
from app.providers.llm.offline.negation import denies, negated_stems
from app.providers.llm.offline.points import Point
from app.providers.llm.offline.text import STOPWORDS, content_stems
from app.providers.llm.offline.units import Unit
from app.providers.llm.offline.words import GENERIC, NEGATORS

ECHO = 0.78  # a sentence this close to the question restates it
# "forward secrecy means the same key is reused": naming the term is no credit when the definition is wrong.
# Words by which a clause itself sets one option against another ("avoid apply and use vectorised operations").
_CONTRAST = frozenset({'instead', 'rather', 'than', 'avoid', 'replace', 'replaced', 'over', 'versus', 'vs', 'unlike',
                       'but', 'whereas', 'slow', 'slower', 'bad', 'worse', 'without'})
_DEFINES = re.compile(r'\b(means?|meaning|is when|is where|is that|is basically|is just|is simply|refers to|'
                      r'stands for|is about)\b', re.IGNORECASE)



def contradicts(unit: Unit, point: Point, transcript: str, question_stems: set[str], sentence: Unit) -> str | None:
    why = contradiction(unit.tokens, transcript, point.vocabulary if point.meta else point.specific,
                        point.vocabulary, point.negated, question_stems, point.phrase_negated, point.roots,
                        story=point.meta)
    if why == 'affirms what the point denies' and not unit.whole \
            and negated_stems(sentence.tokens, transcript, litotes=False) & (point.negated | point.phrase_negated):
        return None  # "I never rebase something other people have pulled": the clause lost its "never"
    if why == 'negates' and (_other_side(unit, point, transcript, sentence) or (not unit.whole and not denies(
            sentence.tokens, transcript, point.vocabulary if point.meta else point.specific,
            point.vocabulary | question_stems, point.meta, within=(unit.start, unit.end)))):
        return None  # (a clause cut from its sentence lost what it contrasts with or who its subject is)
    return why or _takes_ruled_out(unit, point)


def _takes_ruled_out(unit: Unit, point: Point) -> str | None:
    """"apply is the vectorised way" against "use vectorised operations instead of apply": a clause about
    what the point rules out that gives it the point's own preferred terms, with no contrast or negation of
    its own, says the ruled-out option is the right one."""
    if not point.ruled_out or any(t.text in NEGATORS or t.text in _CONTRAST for t in unit.tokens):
        return None
    preferred = point.specific - point.ruled_out
    # the first of the point's terms it names is a ruled-out one: that option is what the clause is about
    named = [t.stem for t in unit.tokens if t.stem in point.ruled_out or t.stem in preferred]
    if not named or named[0] not in point.ruled_out:
        return None
    return 'takes what the point rules out' if set(named) & preferred else None


def _other_side(unit: Unit, point: Point, transcript: str, sentence: Unit) -> bool:
    """A point that contrasts two subjects ("layer 4 balances TCP connections; layer 7 sees HTTP") says what
    one has and the other lacks: a denial of one side's predicate ("at the TCP level the balancer can't see the
    request") said of the other side, named before the negator and without the denied side's own words, agrees."""
    parts = [set(content_stems(part)) for part in re.split(r';|\bwhereas\b|\bwhile\b', point.rubric.point)]
    parts = [p for p in parts if p]
    first = next((t for t in unit.tokens if t.text in NEGATORS), None)
    if len(parts) < 2 or first is None:
        return False
    denied = negated_stems(unit.tokens, transcript) & point.specific
    prior = {t.stem for t in sentence.tokens if t.start < first.start}
    for k, part in enumerate(parts):
        others = set().union(*(p for n, p in enumerate(parts) if n != k))
        own = part - others
        if denied & own and not denied & others and not prior & own and prior & (others - part):
            return True
    return False


def defines(unit: Unit, transcript: str, point: Point) -> bool:
    """The clause defines one of the point's own terms: "forward secrecy means …" (not the question's)."""
    text = unit.text(transcript)
    found = _DEFINES.search(text)
    if not found:
        return False
    before = [t.stem for t in unit.tokens if t.end <= unit.start + found.start()][-3:]
    return bool(set(before) & point.specific)



def spoken_text(text: str) -> str:
    """What the model reads: the clause without "um", "you know" and the punctuation they leave behind."""
    cleaned = re.sub(r'\s*([,;:.])(?:\s*[,;:.])+', r'\1', ' '.join(FILLERS.sub(' ', text).split()))
    return cleaned.strip(' ,;:') or text


def restates(unit: Unit, question_stems: set[str], similarity: float) -> bool:
    """'So, an index in PostgreSQL and what it costs': the question again, with at most one word of its own."""
    stems = {t.stem for t in unit.tokens if t.text not in STOPWORDS and t.stem not in GENERIC}
    return len(stems - question_stems) <= 1 and (similarity >= ECHO or len(stems & question_stems) >= 2)
