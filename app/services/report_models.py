"""The shape of a candidate report: what the report page, the JSON API, the printable report and the
candidate data export all read. Text fields hold untrusted input (resume, transcripts, AI output):
every consumer renders them escaped."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from app.schemas import ParsedResume


class OverrideOut(BaseModel):
    id: int
    field: str
    answer_id: int | None
    score: float | None
    recommendation: str | None
    reason: str
    actor: str
    at: datetime


class DimensionScore(BaseModel):
    ai: float | None  # the AI's value, never changed by an override
    override: OverrideOut | None
    effective: float | None


class QuestionOut(BaseModel):
    index: int
    number: int
    text: str
    type: str
    skill: str | None
    rubric: list[str]
    asked_by: str | None = None  # a question an HR user asked live: who


class EvidenceOut(BaseModel):
    point: str
    quote: str


class AnswerOut(BaseModel):
    id: int
    status: str  # received | transcribed | scored | failed | needs_review
    error: str | None
    review_reason: str | None = None  # why a needs_review answer was not scored (no speech, invented text…)
    attempts: int
    duration_seconds: float | None
    has_audio: bool  # GET /api/v1/answers/{id}/audio
    typed: bool  # typed in a text box (an accommodation) instead of spoken
    transcript: str | None  # the AI's transcript, always kept
    transcript_corrected: str | None  # a reviewer's correction (what a re-score evaluates)
    stt_confidence: float | None
    scores: dict[str, DimensionScore]  # correctness | depth | clarity | relevance
    evidence: list[EvidenceOut]
    matched_points: list[str]
    missing_points: list[str]
    comment: str | None
    scored_by: str | None
    scored_at: datetime | None


class CodeTestOut(BaseModel):
    name: str
    passed: bool
    args: str
    expected: str
    got: str | None
    error: str | None
    ms: float | None  # the function call's own run time inside the sandbox


class CodeOut(BaseModel):
    """A coding question's submitted code and its hidden-test results."""

    code: str
    tests_passed: int
    tests_total: int
    tests: list[CodeTestOut]
    verdict: str  # the sandbox's: ok | error | timeout | cpu_limit | memory_limit | output_limit | process_limit
    message: str | None
    run_ms: int  # the whole sandboxed run, start to finish
    examples_run: int
    submitted_at: datetime


class NoteOut(BaseModel):
    at: datetime
    author: str
    text: str
    question_number: int | None  # the question on screen when it was written


class ReportItem(BaseModel):
    question: QuestionOut
    answer: AnswerOut | None  # None: not answered (yet)
    code: CodeOut | None = None  # coding questions: the submission


class VideoOut(BaseModel):
    index: int  # GET /api/v1/candidates/{id}/video/{index}
    mime: str
    bytes: int
    started_at: str | None
    available: bool


class ResultOut(BaseModel):
    final_score: float | None
    recommendation: str | None
    averages: dict[str, float | None]


class InterviewReportOut(BaseModel):
    id: int
    status: str
    started_at: datetime | None
    ended_at: datetime | None
    scored_at: datetime | None
    scoring_provider: str | None
    offline_scoring: bool
    needs_review: bool
    ai: ResultOut
    effective: ResultOut
    recommendation_override: OverrideOut | None
    report: str | None
    integrity: dict[str, Any]
    videos: list[VideoOut]
    recordings_deleted_at: datetime | None
    questions_total: int
    processing: int  # answers still being transcribed or scored
    feedback_rating: int | None = None  # the candidate's own rating of the interview, 1–5 (optional)
    feedback_comment: str | None = None
    failed: int
    held: int = 0  # answers not scored because their transcript needs review (no speech, invented, unsure)


class CandidateInfoOut(BaseModel):
    id: int
    job_id: int
    job_title: str
    job_must_have_skills: list[str]
    name: str
    email: str
    applied_at: datetime
    status: str
    status_note: str | None
    decided_at: datetime | None
    decided_by: str | None
    must_have_match: float | None
    consent_at: datetime | None
    consent_notice_version: str | None
    resume_filename: str | None
    accommodations: AccommodationsInfo


class AccommodationsInfo(BaseModel):
    """The accommodations the candidate was offered (the job's defaults with HR's override)."""

    typed_answers: str  # off | fallback | allowed
    time_multiplier: float  # 0 = untimed
    rerecord_limit: int
    overridden: list[str]  # keys HR set for this candidate
    labels: list[str]  # the same in words


class CandidateReport(BaseModel):
    candidate: CandidateInfoOut
    resume: ParsedResume
    resume_flags: list[dict[str, Any]]
    resume_text: str  # as extracted from the file, hidden text included after a marker
    interview: InterviewReportOut | None
    items: list[ReportItem]
    notes: list[NoteOut] = []  # HR's private notes, oldest first


def narrative_note(interview: InterviewReportOut) -> str:
    """The narrative was written about the AI's result; say so when HR's overrides changed it."""
    ai, effective = interview.ai, interview.effective
    if (ai.final_score, ai.recommendation) == (effective.final_score, effective.recommendation):
        return ''
    return (f"Written about the AI's result ({ai.final_score:g}, {ai.recommendation}); after reviewers' overrides "
            f'the result is {effective.final_score:g}, {effective.recommendation}.')
