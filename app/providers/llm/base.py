"""The LLM provider contract: interview planning, questions, rubric evaluation, follow-ups, reports."""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, Field

from app.schemas import Difficulty, JobContext, ParsedResume, RubricPoint

PlanType = Literal['warmup', 'technical', 'project', 'behavioral', 'hr']


class PlanItem(BaseModel):
    type: PlanType
    skill: str | None = None  # canonical skill name for technical questions
    difficulty: Difficulty = 'medium'
    focus: str = ''  # e.g. the project name, or "basics" for a must-have the resume lacks
    # The bank question chosen for this candidate ('python-hard-2'), or HR's own ('job-7'); '' = writer's choice.
    question_key: str = ''
    variant: int = 0  # per-candidate rotation of template questions (warmup, behavioral, project)


class GeneratedQuestion(BaseModel):
    text: str = Field(min_length=5, max_length=1000)
    rubric: list[RubricPoint] = Field(min_length=3, max_length=6)


class EvidenceItem(BaseModel):
    point: str  # the rubric point this quote supports
    quote: str  # verbatim span from the transcript


class Evaluation(BaseModel):
    correctness: float = Field(ge=0, le=5)
    depth: float = Field(ge=0, le=5)
    clarity: float = Field(ge=0, le=5)
    relevance: float = Field(ge=0, le=5)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    matched_points: list[str] = Field(default_factory=list)
    missing_points: list[str] = Field(default_factory=list)
    comment: str = ''
    coverage: float = Field(default=0.0, ge=0, le=1)  # share of rubric points covered (drives follow-ups)


class AnsweredQuestion(BaseModel):
    index: int
    type: str
    skill: str | None = None
    text: str
    transcript: str = ''
    correctness: float | None = None
    depth: float | None = None
    clarity: float | None = None
    relevance: float | None = None
    comment: str = ''


class ReportInput(BaseModel):
    candidate_name: str
    job: JobContext
    resume: ParsedResume
    answers: list[AnsweredQuestion]
    final_score: float | None
    recommendation: str | None


class LLMProvider(Protocol):
    name: str  # 'offline' | 'gemini' | 'openai' — shown to HR next to scores

    async def plan(self, job: JobContext, resume: ParsedResume, count: int, *, seed: str = '') -> list[PlanItem]: ...

    async def question(
        self, item: PlanItem, job: JobContext, resume: ParsedResume, previous_questions: list[str],
    ) -> GeneratedQuestion: ...

    async def evaluate(
        self, question: str, rubric: list[RubricPoint], transcript: str, *,
        skill: str | None = None, duration_seconds: float | None = None,
    ) -> Evaluation: ...

    async def follow_up(self, question: str, rubric: list[RubricPoint], transcript: str) -> str | None: ...

    async def report(self, data: ReportInput) -> str: ...
