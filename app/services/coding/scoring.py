"""Scoring a coding answer: the hidden tests decide correctness; the rubric scoring of the code and
the spoken explanation (the LLM provider's evaluate, offline or remote) gives depth and clarity."""

from __future__ import annotations

from app.providers.llm.base import Evaluation


def scoring_text(explanation: str, code: str) -> str:
    """What the rubric evaluation reads: the explanation first, then the code as data."""
    spoken = explanation.strip() or '(no spoken explanation)'
    return f'{spoken}\n\nSubmitted code:\n{code.strip()}'


def correctness_from_tests(passed: int, total: int) -> float:
    return round(5.0 * passed / total, 2) if total else 0.0


def coding_evaluation(evaluation: Evaluation, passed: int, total: int) -> Evaluation:
    summary = f'{passed} of {total} hidden tests passed.'
    comment = f'{summary} {evaluation.comment}'.strip()
    correctness = correctness_from_tests(passed, total)
    # Code that passes the task's tests answers the question, whether or not it was also explained aloud.
    relevance = max(evaluation.relevance, correctness)
    return evaluation.model_copy(update={'correctness': correctness, 'relevance': relevance, 'comment': comment})
