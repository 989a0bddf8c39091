"""Offline scoring of a Spanish, German, French or Hindi answer: meaning first, per-language rules second.

Each sentence (long ones cut into windows) is compared with each rubric point by the multilingual
embedding model, on the per-language calibrated scale (0 = unrelated sentences, 1 = paraphrases; see
calibration.py). A sentence covers a point when its meaning is close enough on its own, or a little less
close but naming one of the point's terms (its synonyms, in the interview language). Rules veto what
embeddings cannot see: bare lists of terms (keyword stuffing), sentences that repeat the question,
negated sentences (a point is not credited by "we never index"), hedges (half credit), and sentences
addressed to the evaluator (dropped). The scores are built like the English scorer's (scoring.py).
Thresholds were set on the graded set in bench/scoring_lang_set/ (bench/scoring_lang.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from app.providers.embedding import embed
from app.providers.llm.base import Evaluation, EvidenceItem, RubricPoint
from app.providers.llm.offline.injection import charge_for_instructions, injected_spans
from app.providers.llm.offline.intl.calibration import calibrate
from app.providers.llm.offline.intl.comment import describe, empty_comment
from app.providers.llm.offline.intl.lexicon import Lexicon, lexicon
from app.providers.llm.offline.scoring import _band, _quote, _score  # the English scorer's scales, shared

MAX_SCORED_CHARS = 8000
WINDOW_WORDS = 30  # unpunctuated speech is cut into windows so one "sentence" cannot match everything
ALONE = 0.80  # a sentence this close to a point covers it in any words
ANCHORED = 0.45  # ... this close, naming one of the point's terms
PARTIAL = 0.30  # ... this close, naming a term: half credit
ECHO_SHARE = 0.75  # a sentence whose content words are mostly the question's restates it
CONTRADICTION_COST = 0.5
_SENTENCE_END = re.compile(r'(?<=[.!?;।॥])\s+|\n+')
_NUMBER = re.compile(r'\d+')


@dataclass
class Unit:
    start: int
    end: int
    words: list[str]
    is_list: bool = False
    echo: bool = False
    negated: bool = False
    hedged: bool = False


@dataclass
class PointMatch:
    point: RubricPoint
    credit: float = 0.0
    evidence: Unit | None = None
    contradicted: bool = False
    units: list[Unit] = field(default_factory=list)


def _units(text: str, lex: Lexicon) -> list[Unit]:
    units: list[Unit] = []
    start = 0
    for piece in [*_SENTENCE_END.split(text)]:
        begin = text.find(piece, start)
        start = begin + len(piece)
        spans = [(m.start() + begin, m.end() + begin) for m in re.finditer(r'\S+', piece)]
        for i in range(0, len(spans), WINDOW_WORDS):
            chunk = spans[i:i + WINDOW_WORDS]
            if chunk and lex.words(text[chunk[0][0]:chunk[-1][1]]):
                units.append(Unit(chunk[0][0], chunk[-1][1], lex.words(text[chunk[0][0]:chunk[-1][1]])))
    return units


def _is_list(sentence: str, words: list[str], lex: Lexicon) -> bool:
    """Keyword stuffing: items between commas of one to three words each, or almost no function words."""
    items = [i for i in re.split(r'[,;/]|\s[-–]\s', sentence) if i.strip()]
    if len(items) >= 4 and sum(1 for i in items if len(lex.words(i)) <= 3) >= 0.75 * len(items):
        return True
    function = sum(1 for w in words if w in lex.stopwords)
    return len(words) >= 5 and function / len(words) < 0.12


def _mark(units: list[Unit], text: str, question: str, lex: Lexicon) -> None:
    asked = set(lex.content(question))
    for unit in units:
        sentence = text[unit.start:unit.end]
        unit.is_list = _is_list(sentence, unit.words, lex)
        content = [w for w in unit.words if w not in lex.stopwords]
        unit.echo = bool(content) and sum(1 for w in content if any(lex.word_matches(a, w) for a in asked)) \
            >= ECHO_SHARE * len(content) and len(content) >= 3
        unit.negated = any(w in lex.negators for w in unit.words)
        unit.hedged = lex.count(lex.hedges, sentence) > 0


def _match_points(rubric: list[RubricPoint], units: list[Unit], text: str, lex: Lexicon,
                  similarity: np.ndarray) -> list[PointMatch]:
    matches: list[PointMatch] = []
    for p, point in enumerate(rubric):
        match = PointMatch(point)
        point_negated = any(w in lex.negators for w in lex.words(point.point))
        for u, unit in enumerate(units):
            if unit.is_list or unit.echo:
                continue
            sim = float(similarity[u, p])
            anchored = any(lex.has_phrase(term, unit.words) for term in [*point.synonyms])
            credit = 1.0 if sim >= ALONE or (anchored and sim >= ANCHORED) else \
                0.5 if anchored and sim >= PARTIAL else 0.0
            if credit and unit.negated and not point_negated:
                match.contradicted = match.contradicted or anchored
                continue
            if credit and unit.hedged:
                credit = 0.5
            if credit:
                match.units.append(unit)
            if credit > match.credit:
                match.credit, match.evidence = credit, unit
        if match.credit:
            match.contradicted = False
        matches.append(match)
    return matches


def evaluate_in_language(question: str, rubric: list[RubricPoint], transcript: str, language: str, *,
                         duration_seconds: float | None = None) -> Evaluation:
    """Score one answer in `language` (es, de, fr, hi). Blocking CPU work: call it from the local pool."""
    lex = lexicon(language)
    truncated = len(transcript) > MAX_SCORED_CHARS
    text = transcript[:MAX_SCORED_CHARS]
    all_units = _units(text, lex)
    flagged = injected_spans(text, all_units)  # the structural check (any of the five languages), then the lexicon's
    units = [u for i, u in enumerate(all_units)
             if i not in flagged and not lex.count(lex.injection, text[u.start:u.end])]
    injected = len(units) < len(all_units)
    words = [w for u in units for w in u.words]
    if not words or not rubric:
        return empty_evaluation(rubric, lex, injected=injected)
    if all(lex.count(lex.declines, text[u.start:u.end]) and len(u.words) <= 12 for u in units):
        return empty_evaluation(rubric, lex, injected=injected, declined=True)
    _mark(units, text, question, lex)

    vectors = embed([text[u.start:u.end] for u in units], language)
    targets = embed([p.point for p in rubric] + [question], language)
    similarity = calibrate(vectors @ targets.T, language)
    matches = _match_points(rubric, units, text, lex, similarity[:, :len(rubric)])
    scored = [u for u in units if not u.is_list and not u.echo]
    topicality = float(max((similarity[i, -1] for i, u in enumerate(units) if not u.is_list), default=0.0))
    topicality = max(0.0, min(1.0, topicality))

    contradictions = sum(1 for m in matches if m.contradicted)
    coverage = sum(m.credit for m in matches) / len(rubric)
    credited = max(0.0, coverage - CONTRADICTION_COST * contradictions / len(rubric))
    scored_text = ' '.join(text[u.start:u.end] for u in scored)
    content = sum(1 for u in scored for w in u.words if w not in lex.stopwords)
    covered = [m for m in matches if m.credit > 0]
    detail = sum(min(3, len(m.units)) for m in covered) / (3 * len(covered)) if covered else 0.0
    worked_out = min(1.0, 0.2 * min(1, len(_NUMBER.findall(scored_text)))
                     + 0.15 * min(2, lex.count(lex.examples, scored_text)) / 2
                     + 0.15 * min(3, lex.count(lex.reasons, scored_text)) / 3
                     + 0.2 * detail + 0.3 * min(1.0, content / (18 * len(rubric))))
    depth_raw = min(1.0, 2 * credited) * (0.2 + 0.8 * worked_out)
    fillers = lex.count(lex.fillers, text)
    clarity_raw = _delivery(units, len(words), fillers, duration_seconds)
    clarity_gate = min(1.0, 0.03 + 0.17 * topicality + 1.6 * credited)
    relevance_raw = min(1.0, 0.2 * topicality + 1.8 * credited)

    evaluation = Evaluation(
        correctness=_score(credited), depth=_score(depth_raw), clarity=_score(clarity_raw * clarity_gate),
        relevance=_score(relevance_raw),
        evidence=[EvidenceItem(point=m.point.point, quote=_quote(text, m.evidence.start, m.evidence.end))
                  for m in matches if m.evidence is not None],
        matched_points=[m.point.point for m in matches if m.credit > 0],
        missing_points=[m.point.point for m in matches if m.credit < 1],
        coverage=round(credited, 3),
    )
    if injected:
        charge_for_instructions(evaluation)
    evaluation.comment = describe(
        lex, evaluation, [(m.point.point, m.credit, m.contradicted) for m in matches],
        listed=sum(1 for u in units if u.is_list), echoed=sum(1 for u in units if u.echo), units=len(units),
        topicality=topicality, word_count=len(words), filler_rate=fillers / len(words), injected=injected,
        truncated=truncated)
    return evaluation


def empty_evaluation(rubric: list[RubricPoint], lex: Lexicon, *, injected: bool = False,
                     declined: bool = False) -> Evaluation:
    return Evaluation(correctness=0, depth=0, clarity=0, relevance=0, evidence=[], matched_points=[],
                      missing_points=[p.point for p in rubric], comment=empty_comment(lex, injected, declined),
                      coverage=0)


def _delivery(units: list[Unit], word_count: int, fillers: int, duration_seconds: float | None) -> float:
    """0–1 clarity of delivery: filler words, sentence length, speaking rate (words per minute)."""
    filler_score = max(0.0, 1 - 8 * fillers / word_count)
    structure = _band(word_count / len(units), 6, 30, 1, 60)
    pace = _band(word_count / (duration_seconds / 60), 90, 175, 40, 260) if duration_seconds else 1.0
    return (0.45 * filler_score + 0.3 * structure + 0.25 * pace) * min(1.0, word_count / 25)
