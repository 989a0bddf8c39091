"""One interview and what it produced: the questions asked, the answers with their processing state and
scores, coding submissions, HR's notes and HR's score overrides.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.columns import StrEnumString
from app.models.columns import created_at_field as _created_at
from app.models.columns import json_dict_field as _json_dict
from app.models.columns import json_list_field as _json_list
from app.models.columns import text_field as _text
from app.models.columns import timestamp_field as _timestamp
from app.models.enums import AnswerStatus, InterviewStatus, QuestionType


class Interview(SQLModel, table=True):
    __tablename__ = 'interviews'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    candidate_id: int = Field(foreign_key='candidates.id', unique=True, index=True)
    token: str = Field(max_length=64, unique=True, index=True)
    status: str = Field(default=InterviewStatus.scheduled, max_length=16, index=True)
    plan: list[dict[str, Any]] = _json_list()
    current_index: int = Field(default=0)
    question_total: int = Field(default=0)
    started_at: datetime | None = _timestamp()
    ended_at: datetime | None = _timestamp()  # the candidate answered the last question (or it was abandoned)
    scored_at: datetime | None = _timestamp()  # final score, recommendation and report written
    last_activity_at: datetime | None = _timestamp()
    final_score: float | None = Field(default=None, index=True)
    recommendation: str | None = Field(default=None, max_length=16, index=True)
    avg_correctness: float | None = Field(default=None)
    avg_depth: float | None = Field(default=None)
    avg_clarity: float | None = Field(default=None)
    avg_relevance: float | None = Field(default=None)
    report: str | None = _text(nullable=True)
    # What the dashboard, exports and report use: the AI values above with HR's overrides applied
    # (equal to them when there are none). Kept in columns so a job's candidates sort and filter in SQL.
    effective_score: float | None = Field(default=None, index=True)
    effective_recommendation: str | None = Field(default=None, max_length=16, index=True)
    effective_correctness: float | None = Field(default=None)
    effective_depth: float | None = Field(default=None)
    effective_clarity: float | None = Field(default=None)
    effective_relevance: float | None = Field(default=None)
    override_count: int = Field(default=0)
    # Set when answers failed processing: the interview waits for a human instead of a made-up score.
    needs_review: bool = Field(default=False)
    # The LLM provider configured when the interview began (e.g. 'offline' → labelled in the UI); each
    # answer's Answer.scored_by says which provider actually scored it.
    scoring_provider: str | None = Field(default=None, max_length=32)
    # Camera recording, one segment per page session (a reload starts a new, separately playable file):
    # [{'file': media name, 'mime': str, 'chunks': int, 'bytes': int, 'started_at': iso}]
    video_segments: list[dict[str, Any]] = _json_list()
    integrity: dict[str, Any] = _json_dict()  # focus-loss events etc.: recorded, never judged
    # The organization's retention period deleted the audio and video (scores and transcripts stay).
    recordings_deleted_at: datetime | None = _timestamp()
    # The candidate's optional feedback on the interview itself (1–5 and a comment), after the last answer.
    feedback_rating: int | None = Field(default=None)
    feedback_comment: str | None = _text(nullable=True)
    feedback_at: datetime | None = _timestamp()
    created_at: datetime = _created_at()


class Question(SQLModel, table=True):
    __tablename__ = 'questions'
    __table_args__ = (UniqueConstraint('interview_id', 'index', name='uq_question_interview_index'),)

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key='interviews.id', index=True)
    index: int
    text: str = _text()
    type: QuestionType = Field(default=QuestionType.technical, sa_type=StrEnumString(QuestionType, 16))
    skill: str | None = Field(default=None, max_length=100)
    difficulty: str | None = Field(default=None, max_length=16)
    focus: str | None = _text(nullable=True)
    rubric: list[dict[str, Any]] = _json_list()  # key points: [{'point': str, 'synonyms': [str]}]
    audio_file: str | None = Field(default=None, max_length=255)
    audio_mime: str | None = Field(default=None, max_length=100)
    audio_duration: float | None = Field(default=None)
    # For follow-ups: the index of the question whose shallow answer prompted this one.
    parent_index: int | None = Field(default=None)
    coding_task: str | None = Field(default=None, max_length=64)  # coding questions: the bank task's id
    # Live questions: the HR user who asked it (no FK: the report outlives a removed teammate).
    asked_by_id: int | None = Field(default=None)
    asked_by_label: str | None = Field(default=None, max_length=254)
    # When the candidate was shown this question; a pre-generated question is not served yet and
    # can still be replaced by a follow-up.
    served_at: datetime | None = _timestamp()
    created_at: datetime = _created_at()


class Answer(SQLModel, table=True):
    __tablename__ = 'answers'
    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key='questions.id', unique=True, index=True)
    interview_id: int = Field(foreign_key='interviews.id', index=True)
    upload_key: str | None = Field(default=None, max_length=64)  # idempotency key of the upload
    audio_file: str | None = Field(default=None, max_length=255)
    audio_mime: str | None = Field(default=None, max_length=100)
    audio_bytes: int = Field(default=0)
    duration_seconds: float | None = Field(default=None)
    transcript: str | None = _text(nullable=True)
    transcript_corrected: str | None = _text(nullable=True)  # reviewer's correction, AI value kept
    typed: bool = Field(default=False)  # typed in a text box (an accommodation): the transcript is the answer
    stt_confidence: float | None = Field(default=None)
    stt_language: str | None = Field(default=None, max_length=16)
    correctness: float | None = Field(default=None)
    depth: float | None = Field(default=None)
    clarity: float | None = Field(default=None)
    relevance: float | None = Field(default=None)
    evidence: list[dict[str, Any]] = _json_list()  # [{'point': str, 'quote': str}]
    matched_points: list[str] = _json_list()
    missing_points: list[str] = _json_list()
    comment: str | None = _text(nullable=True)
    scored_by: str | None = Field(default=None, max_length=32)  # the LLM provider that scored this answer
    status: str = Field(default=AnswerStatus.received, max_length=16, index=True)
    error: str | None = _text(nullable=True)
    review_reason: str | None = _text(nullable=True)  # why a needs_review answer was not scored (shown to HR)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = _timestamp()
    # The PostgreSQL answer queue's lease (app.services.interview.claims): the worker processing this
    # answer and until when; another worker takes the answer over only after the lease ran out.
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = _timestamp()
    created_at: datetime = _created_at()
    processed_at: datetime | None = _timestamp()


class CodeSubmission(SQLModel, table=True):
    """The code a candidate submitted for a coding question and how it did on the hidden tests.

    Written before the answer (which may carry a spoken explanation); one per question.
    """

    __tablename__ = 'code_submissions'
    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key='interviews.id', index=True)
    question_id: int = Field(foreign_key='questions.id', unique=True, index=True)
    code: str = _text()
    # [{'name', 'passed', 'args', 'expected', 'got', 'error', 'ms'}] per hidden test
    results: list[dict[str, Any]] = _json_list()
    tests_passed: int = Field(default=0)
    tests_total: int = Field(default=0)
    verdict: str = Field(default='ok', max_length=16)  # the sandbox's verdict of the run
    message: str | None = _text(nullable=True)  # why the run stopped, when it did not finish
    run_ms: int = Field(default=0)
    examples_run: int = Field(default=0)  # how often the candidate pressed Run before submitting
    created_at: datetime = _created_at()


class InterviewNote(SQLModel, table=True):
    """A private note an HR user wrote while watching (or reviewing) an interview; shown on the report."""

    __tablename__ = 'interview_notes'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    interview_id: int = Field(foreign_key='interviews.id', index=True)
    author_id: int | None = Field(default=None)  # no FK: notes outlive a removed teammate
    author_label: str = Field(default='', max_length=254)
    text: str = _text()
    question_index: int | None = Field(default=None)  # the question on screen when it was written
    created_at: datetime = _created_at()


class ScoreOverride(SQLModel, table=True):
    """HR's replacement for one AI value, with the reason. The AI value stays in its own column.

    Dimension scores are overridden per answer (answer_id set); the recommendation per interview
    (answer_id NULL). One row per target: changing an override updates it, the audit trail keeps
    the history.
    """

    __tablename__ = 'score_overrides'
    __table_args__ = (UniqueConstraint('interview_id', 'answer_id', 'field', name='uq_override_target'),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    interview_id: int = Field(foreign_key='interviews.id', index=True)
    answer_id: int | None = Field(default=None, foreign_key='answers.id', index=True)
    field: str = Field(max_length=16)
    score: float | None = Field(default=None)  # for a dimension, 0–5
    recommendation: str | None = Field(default=None, max_length=16)  # for the recommendation
    reason: str = _text()
    actor_user_id: int | None = Field(default=None)  # no FK: overrides outlive a removed teammate
    actor_label: str = Field(default='', max_length=254)
    created_at: datetime = _created_at()
    updated_at: datetime | None = _timestamp()
