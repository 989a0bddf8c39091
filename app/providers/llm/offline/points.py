"""A rubric point, prepared once per answer: its words, what it denies, and how a clause anchors to it.

The coverage decision (coverage.py) compares clauses with a point by meaning; these are the point's own
words it checks alongside: the phrases that say more than the question, the stems the point itself denies
("readers do not block writers"), what it rules out ("instead of appending"), and its own concept (the
word only it uses).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.providers.llm.base import RubricPoint
from app.providers.llm.offline.negation import negated_stems
from app.providers.llm.offline.text import contains_stem, content_stems, stem, tokenize
from app.providers.llm.offline.words import GENERIC, NEGATORS, roots

META_VERBS = frozenset({
    'describes', 'explains', 'states', 'names', 'gives', 'justifies', 'reports', 'reflects', 'identifies', 'owns',
    'connects', 'links', 'covers', 'discusses', 'mentions', 'addresses', 'summarises', 'summarizes', 'shows',
    'provides', 'demonstrates', 'chooses', 'models', 'measures', 'considers', 'outlines', 'compares', 'lists',
    'talks', 'walks', 'shares', 'presents', 'uses', 'delivered', 'came', 'result', 'sets', 'admits', 'takes',
})

_RULED_OUT = re.compile(r'\b(instead of|rather than|without)\s+((?:\w+\s*){1,3})', re.IGNORECASE)
_PREVENTS = re.compile(r"\b(?:prevents?|stops?|avoids?|protects? against|keeps?\s+(?:[\w']+\s+){0,5}?from)\s+"
                       r"((?:[\w-]+\s*){1,2})", re.IGNORECASE)
_FAILS_TO = re.compile(r'\bfail(s|ed)? to\b', re.IGNORECASE)


@dataclass(frozen=True)
class Point:
    rubric: RubricPoint
    meta: bool
    phrases: list[list[str]]  # content stems of the point and each synonym that say more than the question
    vocabulary: set[str]
    specific: set[str]  # vocabulary the question does not already use
    negated: set[str]  # stems the point itself denies ("readers do not block writers")
    phrase_negated: set[str]  # stems its synonyms deny ("never happened again"): denying them agrees
    roots: set[str]  # properties its words name, stop words included ("after render" → after)
    ruled_out: set[str]  # what it prefers something over ("instead of apply or loops" → apply, loop)


def prepare(point: RubricPoint, question_stems: set[str]) -> Point:
    words = point.point.split()
    meta = bool(words) and words[0].lower().strip(':,') in META_VERBS
    phrases = [stems for text in (point.point, *point.synonyms) if (stems := content_stems(text))]
    informative = [stems for stems in phrases if not set(stems) <= question_stems]
    vocabulary = {s for stems in phrases for s in stems} - NEGATORS
    return Point(point, meta, informative, vocabulary, vocabulary - question_stems,
                  negated_stems(tokenize(point.point), point.point, litotes=False) | _without(point.point),
                  # "fails to generalise to new data" is what "it doesn't work on new data" says
                  vocabulary if _FAILS_TO.search(point.point) else
                  {s for text in point.synonyms for s in negated_stems(tokenize(text), text, litotes=False)}
                  | _instead_of(point.point) | _after_negator(point.point) | _prevented(point.point),
                  roots({t.stem for text in (point.point, *point.synonyms) for t in tokenize(text)}),
                  _instead_of(point.point, alternatives_only=True))


def _instead_of(text: str, alternatives_only: bool = False) -> set[str]:
    """Stems a point rules out in other words: "merge on a key instead of appending" → append. With
    `alternatives_only`, only an option it prefers something over ("instead of", "rather than"), not what it
    says is not done ("reuse a response without asking the server" makes the server no wrong option)."""
    return {s for found in _RULED_OUT.finditer(text) if not alternatives_only or found.group(1).lower() != 'without'
            for s in content_stems(found.group(2))}


def _prevented(text: str) -> set[str]:
    """What a point says is kept from happening: "keeps rows you read from changing" → change, "prevents
    dirty reads" → dirty, read. A claim that denies it ("rows you've read don't change") agrees."""
    return {s for found in _PREVENTS.finditer(text) for s in content_stems(found.group(1))}


def _without(text: str) -> set[str]:
    """What a point says is not done: "derive the same key without sending it" → send. Only an action (a
    verb in -ing): "find rows without a match" describes rows, it does not deny matching."""
    return {stem(found.group(1)) for found in re.finditer(r'\bwithout\s+(\w+ing)\b', text, re.IGNORECASE)}


def _after_negator(text: str) -> set[str]:
    """Stems right after a negator in a point ("bad pods get no traffic" → traffic): saying it so agrees."""
    tokens = tokenize(text)
    return {t.stem for i, n in enumerate(tokens) if n.text in NEGATORS for t in tokens[i + 1:i + 3]}


def anchored(keys: set[str], point: Point, question_stems: set[str]) -> float:
    """2 when a whole phrase of two or more words of the point is in the clause ("slower inserts"), 1 for a
    one-word phrase (or three of four words), 0.5 for half of a phrase; a phrase found only through words
    the question itself used does not count."""
    best = 0.0
    for wanted in point.phrases:
        hits = [w for w in wanted if contains_stem(keys, w)]
        if not any(w not in question_stems for w in hits):
            continue
        found = len(hits) / len(wanted)
        if found >= 0.99 and len(wanted) >= 2:
            return 2.0
        if found >= 0.99 or (len(wanted) >= 4 and found >= 0.75):
            best = 1.0
        elif len(wanted) >= 2 and found >= 0.5:
            best = max(best, 0.5)
    return best



def own_concept(point: Point, points: list[Point], question_stems: set[str]) -> list[list[str]]:
    """The point's own concept: its words that no other point and not the question uses ("conflicts"), and
    its phrases that no other point has ("merge commit"). Empty when it has none."""
    others = {s for p in points if p is not point for s in p.vocabulary}
    other_phrases = {tuple(x) for p in points if p is not point for x in p.phrases}
    words = [[s] for s in sorted(point.specific - others - question_stems) if s not in GENERIC and len(s) > 3]
    return words + [x for x in point.phrases if len(x) >= 2 and tuple(x) not in other_phrases
                    and not set(x) <= question_stems] if words else []


def mentions(concept: list[list[str]], said: set[str], clauses: Iterable[set[str]]) -> bool:
    """The answer names the concept: one of its own words anywhere, or one of its phrases in one clause."""
    if not concept:
        return True
    return any(len(c) == 1 and contains_stem(said, c[0]) for c in concept) or any(
        all(contains_stem(keys, w) for w in c) for c in concept if len(c) > 1 for keys in clauses)

