"""OfflineLLM: the default LLM provider. Deterministic, no network; labelled 'offline' next to scores."""

from __future__ import annotations

import asyncio

from app.providers.llm.base import Evaluation, GeneratedQuestion, PlanItem, ReportInput, RubricPoint
from app.providers.llm.offline.questions import write_question
from app.providers.llm.offline.report import write_report
from app.providers.llm.offline.scoring import evaluate_transcript
from app.providers.llm.planning import plan_interview
from app.schemas import JobContext, ParsedResume

FOLLOW_UP_BELOW = 0.5  # ask a follow-up when less than half the rubric was covered


def follow_up_question(question: str, rubric: list[RubricPoint], transcript: str) -> str | None:
    """A follow-up on the first missing key point, for answers that engaged but stayed thin."""
    evaluation = evaluate_transcript(question, rubric, transcript)
    if not transcript.strip() or evaluation.relevance < 1.0 or evaluation.coverage >= FOLLOW_UP_BELOW:
        return None
    missing = evaluation.missing_points
    if not missing:
        return None
    point = missing[0].rstrip('.')
    point = point[0].lower() + point[1:] if point[:2] != point[:2].upper() else point
    return f'Thanks. Could you say more about this point: {point}? How have you dealt with it in practice?'


class OfflineLLM:
    name = 'offline'

    async def plan(self, job: JobContext, resume: ParsedResume, count: int) -> list[PlanItem]:
        return plan_interview(job, resume, count)

    async def question(
        self, item: PlanItem, job: JobContext, resume: ParsedResume, previous_questions: list[str],
    ) -> GeneratedQuestion:
        return write_question(item, job, resume, previous_questions)

    async def evaluate(
        self, question: str, rubric: list[RubricPoint], transcript: str, *,
        skill: str | None = None, duration_seconds: float | None = None,
    ) -> Evaluation:
        # Pure Python but not free on a long answer; a worker thread keeps the event loop responsive.
        return await asyncio.to_thread(
            evaluate_transcript, question, rubric, transcript, skill=skill, duration_seconds=duration_seconds)

    async def follow_up(self, question: str, rubric: list[RubricPoint], transcript: str) -> str | None:
        return await asyncio.to_thread(follow_up_question, question, rubric, transcript)

    async def report(self, data: ReportInput) -> str:
        return write_report(data)
