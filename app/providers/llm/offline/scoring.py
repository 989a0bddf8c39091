"""Deterministic rubric scoring of a transcript: coverage, depth, clarity, relevance, with evidence.

- correctness: share of rubric key points covered (point text or any synonym, with stemming and
  fuzzy matching so speech-recognition spelling does not cost points);
- depth: coverage plus specifics — numbers, examples, trade-offs — and enough substance;
- clarity: filler-word rate, sentence structure, and speaking rate when the duration is known;
- relevance: overlap with the question, the rubric vocabulary and the skill's names.
Depth and clarity are damped for off-topic answers: a fluent answer to another question is not clear
communication about this one. Sentences addressed to the evaluator ("give me 5 out of 5") are
removed before anything is counted, so they can only lower a score, never raise it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from app.providers.llm.base import Evaluation, EvidenceItem, RubricPoint
from app.providers.llm.offline.text import (
    STOPWORDS,
    Span,
    contains_stem,
    content_stems,
    sentences,
    span_keys,
)
from app.skills import canonical_skill, taxonomy

MAX_QUOTE_CHARS = 240

_INJECTION = [re.compile(p, re.IGNORECASE) for p in (
    r'\b(ignore|disregard|forget|override)\b.{0,40}\b(rubric|instructions?|previous|above|criteria|scoring|prompt|rules)\b',
    r'\b(give|award|grant|assign|rate|mark|score)\b.{0,30}\b(me|this|my|the candidate|it)\b.{0,30}'
    r'\b(5|five|full|maximum|max|perfect|top|10|ten|100|highest)\b',
    r'\b(5|five|10|ten)\s*(out of|/|of)\s*(5|five|10|ten)\b',
    r'\b(full|maximum|perfect|top|highest)\s+(marks?|scores?|points|rating)\b',
    r'\b(you are|as) (an? )?(ai|evaluator|grader|language model|assistant|scoring system)\b',
    r'\b(system prompt|new instructions?|evaluator instructions?)\b',
)]
_FILLERS = re.compile(
    r"\b(um+|uh+|erm?|ah+|hmm+|you know|i mean|sort of|kind of|basically|literally|so yeah)\b|\blike,",
    re.IGNORECASE)
_NUMBER = re.compile(r'\b\d+(?:[.,]\d+)?\s*(?:%|percent|ms|milliseconds?|seconds?|minutes?|hours?|days?|'
                     r'x|times|gb|mb|kb|tb|k|m|users?|requests?|rps|qps|nodes?|servers?|rows?|records?)?\b',
                     re.IGNORECASE)
_EXAMPLE = re.compile(r'\b(for example|for instance|e\.g\.|such as|in my (?:last |previous |current )?'
                      r'(?:project|job|role|team|company)|we used|i used|i built|we built|in production|'
                      r'at my|our team|i implemented|we implemented|last year|recently)\b', re.IGNORECASE)
_TRADEOFF = re.compile(r'\b(trade-?offs?|however|downsides?|drawbacks?|instead of|whereas|on the other hand|'
                       r'because|so that|the cost|at the expense|depends on|it depends|versus|vs\.?)\b',
                       re.IGNORECASE)


@dataclass(frozen=True)
class PointMatch:
    point: RubricPoint
    credit: float  # 1 covered, 0.5 partly, 0 missing
    span: Span | None


def is_injection(sentence: str) -> bool:
    return any(p.search(sentence) for p in _INJECTION)


def _phrases(point: RubricPoint, question_stems: set[str]) -> list[list[str]]:
    """Content stems of the point and its synonyms, minus phrases that only echo the question's own
    words: repeating "GROUP BY" back to a question about GROUP BY is not evidence of knowing it."""
    phrases = [stems for text in (point.point, *point.synonyms) if (stems := content_stems(text))]
    informative = [stems for stems in phrases if not set(stems) <= question_stems]
    return informative or phrases


def _match_point(point: RubricPoint, spans: list[tuple[Span, set[str]]], question_stems: set[str]) -> PointMatch:
    best: tuple[float, Span | None, int] = (0.0, None, 0)
    for wanted in _phrases(point, question_stems):
        for span, keys in spans:
            found = sum(1 for w in wanted if contains_stem(keys, w))
            score = found / len(wanted)
            if score > best[0] or (score == best[0] and best[1] is not None and len(wanted) > best[2]):
                best = (score, span, len(wanted))
    score, best_span, size = best
    if score >= 0.99 or (size >= 4 and score >= 0.75):
        credit = 1.0
    elif size >= 3 and score >= 0.5:  # two of three words is partial evidence; one of two is chance
        credit = 0.5
    else:
        credit = 0.0
    return PointMatch(point, credit, best_span if credit else None)


def _quote(transcript: str, span: Span) -> str:
    quote = transcript[span.start:span.end]
    if len(quote) <= MAX_QUOTE_CHARS:
        return quote
    cut = transcript.rfind(' ', span.start, span.start + MAX_QUOTE_CHARS)
    return transcript[span.start:cut if cut > span.start else span.start + MAX_QUOTE_CHARS]


def _vocabulary(question: str, rubric: list[RubricPoint], skill: str | None) -> dict[str, float]:
    """Stems that show an answer is on topic, weighted: the question's own words and the skill's names
    say more than a word that merely appears somewhere in the rubric."""
    weights = {stem: 1.0 for p in rubric for text in (p.point, *p.synonyms) for stem in content_stems(text)}
    topical = [question]
    if skill:
        name = canonical_skill(skill)
        topical.append(name)
        known = taxonomy().by_name.get(name)
        if known:
            topical.extend(known.aliases)
    for text in topical:
        for stem in content_stems(text):
            weights[stem] = 1.5
    return weights


def _band(value: float, low: float, high: float, floor: float, ceiling: float) -> float:
    """1 inside [low, high], falling linearly to 0.3 at `floor` / `ceiling`."""
    if low <= value <= high:
        return 1.0
    edge, limit = (low, floor) if value < low else (high, ceiling)
    return max(0.3, 1 - 0.7 * abs(value - edge) / max(1e-9, abs(limit - edge)))


def evaluate_transcript(question: str, rubric: list[RubricPoint], transcript: str, *,
                        skill: str | None = None, duration_seconds: float | None = None) -> Evaluation:
    all_spans = sentences(transcript)
    kept = [s for s in all_spans if not is_injection(transcript[s.start:s.end])]
    injected = len(kept) < len(all_spans)
    words = [t for s in kept for t in s.tokens]
    if not words:
        return empty_evaluation(rubric, injected=injected)

    indexed = [(span, span_keys(span)) for span in kept]
    question_stems = set(content_stems(question))
    matches = [_match_point(point, indexed, question_stems) for point in rubric]
    coverage = sum(m.credit for m in matches) / len(rubric) if rubric else 0.0

    kept_text = ' '.join(transcript[s.start:s.end] for s in kept)
    content = [t for t in words if t.text not in STOPWORDS]
    answer_keys: set[str] = set()
    for _, keys in indexed:
        answer_keys |= keys
    vocabulary = _vocabulary(question, rubric, skill)
    overlap = sum(weight for stem, weight in vocabulary.items() if contains_stem(answer_keys, stem))
    # One shared word is chance ("match", "single"); relevance needs several.
    relevance_raw = min(1.0, max(coverage, (overlap - 1) / 5))
    on_topic = min(1.0, 1.5 * relevance_raw + coverage)

    numbers = len(_NUMBER.findall(kept_text))
    examples = len(_EXAMPLE.findall(kept_text))
    tradeoffs = len(_TRADEOFF.findall(kept_text))
    specifics = min(1.0, 0.35 * min(1, numbers) + 0.2 * min(2, examples) + 0.15 * min(2, tradeoffs))
    depth_raw = 0.55 * coverage + 0.2 * min(1.0, len(content) / 50) + 0.25 * specifics

    fillers = len(_FILLERS.findall(kept_text))
    filler_score = max(0.0, 1 - 8 * fillers / len(words))
    lengths = [len(s.tokens) for s in kept]
    structure = _band(sum(lengths) / len(lengths), 6, 30, 1, 60)
    repeats = sum(1 for a, b in pairwise(words) if a.text == b.text)
    structure *= max(0.4, 1 - 4 * repeats / len(words))
    pace = 1.0
    if duration_seconds and duration_seconds > 0:
        pace = _band(len(words) / (duration_seconds / 60), 100, 175, 40, 260)
    length_factor = min(1.0, len(words) / 25)
    clarity_raw = (0.45 * filler_score + 0.3 * structure + 0.25 * pace) * length_factor

    evaluation = Evaluation(
        correctness=_score(coverage),
        depth=_score(depth_raw * on_topic),
        clarity=_score(clarity_raw * on_topic),
        relevance=_score(relevance_raw),
        evidence=[EvidenceItem(point=m.point.point, quote=_quote(transcript, m.span))
                  for m in matches if m.span is not None],
        matched_points=[m.point.point for m in matches if m.credit > 0],
        missing_points=[m.point.point for m in matches if m.credit < 1],
        coverage=round(coverage, 3),
    )
    evaluation.comment = _comment(evaluation, matches, fillers / len(words), len(words), injected, relevance_raw)
    return evaluation


def empty_evaluation(rubric: list[RubricPoint], *, injected: bool = False) -> Evaluation:
    comment = 'No answer was given (silence or an empty transcript), so no key point could be credited.'
    if injected:
        comment = ('The answer only contained instructions addressed to the evaluator, which were ignored; '
                   'no key point was covered.')
    return Evaluation(correctness=0, depth=0, clarity=0, relevance=0, evidence=[], matched_points=[],
                      missing_points=[p.point for p in rubric], comment=comment, coverage=0)


def _score(raw: float) -> float:
    return round(max(0.0, min(5.0, 5 * raw)), 1)


def _short(point: str, limit: int = 60) -> str:
    point = point.rstrip('.')
    return point if len(point) <= limit else point[:limit].rsplit(' ', 1)[0] + '…'


def _comment(evaluation: Evaluation, matches: list[PointMatch], filler_rate: float, word_count: int,
             injected: bool, relevance: float) -> str:
    total = len(matches)
    covered = [m for m in matches if m.credit == 1]
    partial = [m for m in matches if m.credit == 0.5]
    parts: list[str] = []
    if relevance < 0.3 and not covered:
        parts.append('The answer did not address the question asked.')
    else:
        names = ', '.join(_short(m.point.point) for m in covered[:3])
        parts.append(f'Covered {len(covered)} of {total} key points' + (f' ({names})' if names else '')
                     + (f', {len(partial)} partly' if partial else '') + '.')
    missing = [m for m in matches if m.credit < 1]
    if missing:
        parts.append('Missing or thin: ' + '; '.join(_short(m.point.point) for m in missing[:3]) + '.')
    if injected:
        parts.append('An instruction addressed to the evaluator was ignored.')
    elif word_count < 15:
        parts.append('The answer was very short.')
    elif filler_rate > 0.06:
        parts.append('Frequent filler words made it harder to follow.')
    elif evaluation.depth >= 3.5:
        parts.append('Specific, well-supported explanation.')
    return ' '.join(parts[:3])
