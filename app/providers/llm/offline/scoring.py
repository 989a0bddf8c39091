"""Deterministic offline scoring of a transcript against a rubric: meaning first, rules second.

- correctness: the share of rubric points the answer *asserts*, decided per point by the packaged
  sentence-embedding model and vetted by rules (coverage.py, claims.py); a point the answer contradicts
  ("disable autovacuum") costs half a point instead of earning one;
- depth: that coverage, worked out with specifics — numbers, examples, reasons and trade-offs;
- clarity: filler-word rate, sentence structure and speaking rate, as far as the answer says something
  about the question (at most 1.0 when it covers no point);
- relevance: how much of the answer is about the question, led by coverage (at most 1.0 without a point).
Sentences addressed to the evaluator are removed first (injection.py): they can only lower a score.
Identical input gives identical output: the model is deterministic and similarities are rounded.
"""

from __future__ import annotations

import re
from itertools import pairwise

from app.providers.llm.base import Evaluation, EvidenceItem, RubricPoint
from app.providers.llm.offline.assertions import FILLERS, is_non_answer
from app.providers.llm.offline.claims import STRONG
from app.providers.llm.offline.comment import describe
from app.providers.llm.offline.coverage import Coverage, measure
from app.providers.llm.offline.injection import charge_for_instructions, injected_spans, is_injection
from app.providers.llm.offline.text import STOPWORDS, Span, sentences
from app.providers.llm.offline.units import Unit, answer_units

__all__ = ['MAX_SCORED_CHARS', 'empty_evaluation', 'evaluate_transcript', 'is_injection']

MAX_QUOTE_CHARS = 240
MAX_SCORED_CHARS = 8000  # ~1,300 words, nine minutes of speech; past that only the beginning is scored
CONTRADICTION_COST = 0.5  # of one point, per point the answer contradicts

_NUMBER = re.compile(r'\b\d+(?:[.,]\d+)?\s*(?:%|percent|ms|milliseconds?|seconds?|minutes?|hours?|days?|'
                     r'x|times|gb|mb|kb|tb|k|m|users?|requests?|rps|qps|nodes?|servers?|rows?|records?)?\b|'
                     r'\b(two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|thousand|million|'
                     r'billion|percent)\b', re.IGNORECASE)
_EXAMPLE = re.compile(r'\b(for example|for instance|e\.g\.|such as|say,|like when|in my (?:last |previous |current )?'
                      r'(?:project|job|role|team|company)|we used|i used|i built|we built|in production|'
                      r'at my|our team|i implemented|we implemented|last year|recently|in one)\b', re.IGNORECASE)
# A named technical thing: code-like words (pg_stat_statements, s3:GetObject, ctx.Done()), acronyms, versions.
_TERM = re.compile(r'\b\w+(?:_\w+|\.\w+\(?\)?|:\w+)\b|\b[A-Z]{2,}[a-z]?\b|\b[a-z]+[A-Z]\w*\b|\bv?\d+(?:\.\d+)+\b')
_REASONING = re.compile(r'\b(trade-?offs?|however|downsides?|drawbacks?|instead of|whereas|on the other hand|'
                        r'because|so that|the cost|at the expense|depends on|it depends|versus|vs\.?|otherwise|'
                        r'which is why|that\'?s why|the price|the reason)\b', re.IGNORECASE)


def evaluate_transcript(question: str, rubric: list[RubricPoint], transcript: str, *,
                        skill: str | None = None, duration_seconds: float | None = None) -> Evaluation:
    """Score one answer. Blocking CPU work (the embedding model): call it from the local-model pool."""
    del skill  # the rubric and the question carry the topic; kept for the provider contract
    truncated = len(transcript) > MAX_SCORED_CHARS
    text = transcript[:MAX_SCORED_CHARS]
    spans = sentences(text)
    flagged = injected_spans(text, spans)  # judged with their neighbours: an instruction may span two sentences
    kept = [s for i, s in enumerate(spans) if i not in flagged]
    injected = len(kept) < len(spans)
    words = [t for s in kept for t in s.tokens]
    if not words:
        return empty_evaluation(rubric, injected=injected)
    if all(is_non_answer(text[s.start:s.end]) for s in kept):
        return empty_evaluation(rubric, injected=injected, declined=True)
    if not rubric:
        return empty_evaluation(rubric, injected=injected)

    units = answer_units(kept, text)
    coverage = measure(question, rubric, text, units)
    # Two plain denials cast doubt on the rest; softer signs (an "always", an opposite word) only cost their point.
    trust = 0.5 if sum(1 for m in coverage.matches if m.contradicted in STRONG and not m.credit) >= 2 else 1.0
    credited = max(0.0, trust * coverage.coverage - CONTRADICTION_COST * coverage.contradictions / len(rubric))
    scored_spans = [s for i, s in enumerate(kept) if i not in coverage.list_sentences | coverage.echo_sentences]
    scored_text = ' '.join(text[s.start:s.end] for s in scored_spans)
    fillers = len(FILLERS.findall(' '.join(text[s.start:s.end] for s in kept)))

    # Depth is how worked-out the answer is — specific claims and elaboration — once it covers enough of the
    # rubric to be an answer (full from half of it): length alone earns nothing, and neither does detail
    # about something else.
    worked_out = 0.5 * _elaboration(coverage, scored_text, scored_spans, len(rubric)) \
        + 0.5 * _specificity(units, text, coverage, len(rubric))
    depth_raw = min(1.0, 2 * credited) * (0.2 + 0.8 * worked_out)
    clarity_raw = _delivery(kept, len(words), fillers, duration_seconds)
    # Delivery and relevance count as far as the answer says something about the question: with no point
    # covered both stay at or below 1.0 (near 0 when it is about something else), and they reach their
    # full value at about half the rubric.
    clarity_gate = min(1.0, 0.03 + 0.17 * coverage.topicality + 1.6 * credited)
    relevance_raw = min(1.0, 0.2 * coverage.topicality + 1.8 * credited)

    evaluation = Evaluation(
        correctness=_score(credited),
        depth=_score(depth_raw),
        clarity=_score(clarity_raw * clarity_gate),
        relevance=_score(relevance_raw),
        evidence=[EvidenceItem(point=m.point.point, quote=_quote(text, m.evidence.start, m.evidence.end))
                  for m in coverage.matches if m.evidence is not None],
        matched_points=[m.point.point for m in coverage.matches if m.credit > 0],
        missing_points=[m.point.point for m in coverage.matches if m.credit < 1],
        coverage=round(credited, 3),
    )
    if injected:
        charge_for_instructions(evaluation)
    evaluation.comment = describe(evaluation, coverage, kept_sentences=len(kept), word_count=len(words),
                                  filler_rate=fillers / len(words), injected=injected, truncated=truncated)
    return evaluation


def empty_evaluation(rubric: list[RubricPoint], *, injected: bool = False, declined: bool = False) -> Evaluation:
    comment = 'No answer was given (silence or an empty transcript), so no key point could be credited.'
    if declined:
        comment = 'The candidate said they could not answer this question, so no key point could be credited.'
    if injected:
        comment = ('The answer only contained instructions addressed to the evaluator, which were ignored; '
                   'no key point was covered.')
    return Evaluation(correctness=0, depth=0, clarity=0, relevance=0, evidence=[], matched_points=[],
                      missing_points=[p.point for p in rubric], comment=comment, coverage=0)


def _elaboration(coverage: Coverage, text: str, spans: list[Span], points: int) -> float:
    """0–1: how worked-out the covered points are — specifics, reasons, more than one clause per point, and
    enough substance for the rubric's size (about 18 content words per point)."""
    numbers = len(_NUMBER.findall(text))
    examples = len(_EXAMPLE.findall(text))
    reasons = len(_REASONING.findall(text))
    covered = [m for m in coverage.matches if m.credit > 0]
    detail = sum(min(3, len(m.units)) for m in covered) / (3 * len(covered)) if covered else 0.0
    content = sum(1 for s in spans for t in s.tokens if t.text not in STOPWORDS)
    return min(1.0, 0.2 * min(1, numbers) + 0.15 * min(2, examples) / 2 + 0.15 * min(3, reasons) / 3
               + 0.2 * detail + 0.3 * min(1.0, content / (18 * points)))


def _specificity(units: list[Unit], text: str, coverage: Coverage, points: int) -> float:
    """0–1: distinct claims that carry a specific — a number, a named technical term, an example, a reason
    or a trade-off — about two per rubric point. A clause counts once, however many specifics it has."""
    skipped = coverage.list_sentences | coverage.echo_sentences
    split = {u.sentence for u in units if not u.whole}
    claims = [u for u in units if u.sentence not in skipped and (not u.whole or u.sentence not in split)]
    specific = 0
    for unit in claims:
        clause = unit.text(text)
        if len(unit.tokens) >= 4 and (_NUMBER.search(clause) or _EXAMPLE.search(clause) or _REASONING.search(clause)
                                      or _TERM.search(clause)):
            specific += 1
    return min(1.0, specific / (2 * points))


def _delivery(spans: list[Span], word_count: int, fillers: int, duration_seconds: float | None) -> float:
    """0–1 clarity of delivery alone: filler words, sentence length and repetition, speaking rate."""
    words = [t for s in spans for t in s.tokens]
    filler_score = max(0.0, 1 - 8 * fillers / word_count)
    lengths = [len(s.tokens) for s in spans]
    structure = _band(sum(lengths) / len(lengths), 6, 30, 1, 60)
    repeats = sum(1 for a, b in pairwise(words) if a.text == b.text)
    structure *= max(0.4, 1 - 4 * repeats / word_count)
    pace = 1.0
    if duration_seconds and duration_seconds > 0:
        pace = _band(word_count / (duration_seconds / 60), 100, 175, 40, 260)
    return (0.45 * filler_score + 0.3 * structure + 0.25 * pace) * min(1.0, word_count / 25)


def _band(value: float, low: float, high: float, floor: float, ceiling: float) -> float:
    """1 inside [low, high], falling linearly to 0.3 at `floor` / `ceiling`."""
    if low <= value <= high:
        return 1.0
    edge, limit = (low, floor) if value < low else (high, ceiling)
    return max(0.3, 1 - 0.7 * abs(value - edge) / max(1e-9, abs(limit - edge)))


def _quote(transcript: str, start: int, end: int) -> str:
    quote = transcript[start:end]
    if len(quote) <= MAX_QUOTE_CHARS:
        return quote
    cut = transcript.rfind(' ', start, start + MAX_QUOTE_CHARS)
    return transcript[start:cut if cut > start else start + MAX_QUOTE_CHARS]


def _score(raw: float) -> float:
    return round(max(0.0, min(5.0, 5 * raw)), 1)
