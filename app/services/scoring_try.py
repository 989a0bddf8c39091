"""HR tries the scorer: a question, its rubric and a typed answer, scored exactly as an interview answer is.

The evaluator is the pipeline's own (offline or remote per settings, app/runtime.py), called the way
app/services/interview/processing.py calls it, so what HR sees here is what a candidate would get for
the same words. Nothing is stored.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from app.errors import Unavailable
from app.languages import answer_language
from app.providers.errors import ProviderError
from app.providers.llm.base import Evaluation, EvidenceItem, LLMProvider
from app.schemas import RubricPoint
from app.services.interview.scoring import DIMENSIONS, ScoredAnswer, recommendation_for

MAX_QUESTION = 1000
MAX_POINT = 300
MAX_POINTS = 6
MAX_ANSWER = 5000  # a long spoken answer is ~2,500 characters; this leaves room without inviting essays
MAX_BODY_BYTES = 64 * 1024

Point = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_POINT)]


class TryRequest(BaseModel):
    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=MAX_QUESTION)]
    rubric: list[Point] = Field(min_length=1, max_length=MAX_POINTS,
                                description='The key points a good answer covers, as plain sentences')
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ANSWER)]
    skill: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    language: str = Field('en', pattern=r'^[a-z]{2}$',
                          description="The answer's language code: es, de, fr and hi have offline scorers of their own")


class TryResult(BaseModel):
    correctness: float
    depth: float
    clarity: float
    relevance: float
    score: float = Field(description='This answer on the 0–100 scale interviews are scored on')
    recommendation: str = Field(description='What an interview of answers like this one would be rated')
    evidence: list[EvidenceItem]
    matched_points: list[str]
    missing_points: list[str]
    comment: str
    scorer: str = Field(description="The evaluator that scored it: 'offline', 'gemini' or 'openai'")


async def try_answer(llm: LLMProvider, request: TryRequest) -> TryResult:
    rubric = [RubricPoint(point=point, synonyms=[]) for point in request.rubric]
    try:
        with answer_language(request.language):
            evaluation: Evaluation = await llm.evaluate(request.question, rubric, request.answer,
                                                        skill=request.skill, duration_seconds=None)
    except ProviderError as exc:  # a remote evaluator down or refusing: say so, as a retryable 503
        raise Unavailable(f'The scorer is not answering right now ({exc.message}). Try again shortly.',
                          retry_after=10) from exc
    dimensions = evaluation.model_dump(include=set(DIMENSIONS))
    score = round(20.0 * ScoredAnswer(question_type='technical', **dimensions).weighted(), 1)
    return TryResult(
        correctness=evaluation.correctness, depth=evaluation.depth, clarity=evaluation.clarity,
        relevance=evaluation.relevance, score=score, recommendation=recommendation_for(score).value,
        evidence=evaluation.evidence, matched_points=evaluation.matched_points,
        missing_points=evaluation.missing_points, comment=evaluation.comment, scorer=llm.name)
