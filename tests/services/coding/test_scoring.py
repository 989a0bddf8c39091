"""Coding answers: hidden tests decide correctness; the rubric decides depth and clarity."""

from __future__ import annotations

from app.providers.llm.base import Evaluation
from app.services.coding.scoring import coding_evaluation, correctness_from_tests, scoring_text


def test_correctness_is_the_share_of_hidden_tests_passed() -> None:
    assert correctness_from_tests(5, 5) == 5.0
    assert correctness_from_tests(3, 6) == 2.5
    assert correctness_from_tests(0, 0) == 0.0


def test_rubric_dimensions_stay_and_passing_code_is_relevant() -> None:
    rubric = Evaluation(correctness=1.0, depth=2.0, clarity=3.0, relevance=0.5, comment='Covered 1 of 3 points.')
    scored = coding_evaluation(rubric, 4, 5)
    assert (scored.correctness, scored.depth, scored.clarity, scored.relevance) == (4.0, 2.0, 3.0, 4.0)
    assert scored.comment == '4 of 5 hidden tests passed. Covered 1 of 3 points.'
    failing = coding_evaluation(rubric.model_copy(update={'relevance': 3.5}), 0, 5)
    assert failing.correctness == 0.0 and failing.relevance == 3.5


def test_the_rubric_reads_the_explanation_then_the_code() -> None:
    text = scoring_text('  I used a stack. ', 'def f():\n    pass\n')
    assert text.startswith('I used a stack.') and text.endswith('def f():\n    pass')
    assert scoring_text('', 'x = 1').startswith('(no spoken explanation)')
