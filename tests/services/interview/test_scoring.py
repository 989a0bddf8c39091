"""Finalization math: weights, warm-up exclusion, thresholds."""

from __future__ import annotations

import pytest

from app.models import Recommendation
from app.services.interview.scoring import ScoredAnswer, recommendation_for, score_interview


def _answer(value: float, kind: str = 'technical') -> ScoredAnswer:
    return ScoredAnswer(kind, value, value, value, value)


@pytest.mark.parametrize(('score', 'expected'), [
    (100, Recommendation.strong), (80, Recommendation.strong), (79.9, Recommendation.medium),
    (60, Recommendation.medium), (59.9, Recommendation.weak), (40, Recommendation.weak),
    (39.9, Recommendation.reject), (0, Recommendation.reject),
])
def test_recommendation_thresholds(score: float, expected: Recommendation) -> None:
    assert recommendation_for(score) == expected


def test_all_fives_is_100_and_all_zeros_is_0() -> None:
    assert score_interview([_answer(5), _answer(5)]).final_score == 100.0
    assert score_interview([_answer(0)]).final_score == 0.0


def test_correctness_weighs_most() -> None:
    right_but_unclear = score_interview([ScoredAnswer('technical', 5, 3, 1, 3)])
    clear_but_wrong = score_interview([ScoredAnswer('technical', 1, 3, 5, 3)])
    assert right_but_unclear.final_score > clear_but_wrong.final_score
    assert right_but_unclear.final_score == pytest.approx(20 * (0.4 * 5 + 0.3 * 3 + 0.1 * 1 + 0.2 * 3))


def test_warmup_does_not_count_unless_it_is_all_there_is() -> None:
    result = score_interview([_answer(5, 'warmup'), _answer(2), _answer(3)])
    assert result.final_score == 50.0 and result.recommendation == Recommendation.weak
    assert result.averages == {'correctness': 2.5, 'depth': 2.5, 'clarity': 2.5, 'relevance': 2.5}
    assert score_interview([_answer(4, 'warmup')]).final_score == 80.0


def test_no_answers_has_no_score() -> None:
    with pytest.raises(ValueError):
        score_interview([])
