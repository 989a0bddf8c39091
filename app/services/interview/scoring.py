"""Final score and recommendation from per-answer rubric scores. Pure functions, no I/O.

Each answer is scored 0–5 on four dimensions. An answer's score is a weighted mean that puts
correctness first; the interview's score is the mean over scored answers, scaled to 0–100. The
warm-up question is an icebreaker and does not count when there are other answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.models import QuestionType, Recommendation

DIMENSIONS = ('correctness', 'depth', 'clarity', 'relevance')
WEIGHTS = {'correctness': 0.4, 'depth': 0.3, 'clarity': 0.1, 'relevance': 0.2}
THRESHOLDS = ((80.0, Recommendation.strong), (60.0, Recommendation.medium), (40.0, Recommendation.weak))


@dataclass(frozen=True)
class ScoredAnswer:
    question_type: str
    correctness: float
    depth: float
    clarity: float
    relevance: float

    def weighted(self) -> float:
        return sum(WEIGHTS[d] * getattr(self, d) for d in DIMENSIONS)


@dataclass(frozen=True)
class InterviewScore:
    final_score: float  # 0–100
    recommendation: Recommendation
    averages: dict[str, float]  # per dimension, 0–5


def recommendation_for(score: float) -> Recommendation:
    for threshold, label in THRESHOLDS:
        if score >= threshold:
            return label
    return Recommendation.reject


def score_interview(answers: Sequence[ScoredAnswer]) -> InterviewScore:
    if not answers:
        raise ValueError('an interview without scored answers has no score')
    counted = [a for a in answers if a.question_type != QuestionType.warmup] or list(answers)
    final = round(20.0 * sum(a.weighted() for a in counted) / len(counted), 1)
    averages = {d: round(sum(getattr(a, d) for a in counted) / len(counted), 2) for d in DIMENSIONS}
    return InterviewScore(final_score=final, recommendation=recommendation_for(final), averages=averages)
