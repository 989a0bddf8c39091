"""Jobs, HR's decisions about a job's questions, and the candidates who applied or were invited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.columns import created_at_field as _created_at
from app.models.columns import json_dict_field as _json_dict
from app.models.columns import json_list_field as _json_list
from app.models.columns import text_field as _text
from app.models.columns import timestamp_field as _timestamp
from app.models.enums import CandidateStatus


class Job(SQLModel, table=True):
    __tablename__ = 'jobs'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    title: str = Field(max_length=200)
    description: str = _text()
    must_have_skills: list[str] = _json_list()
    nice_to_have_skills: list[str] = _json_list()
    job_code: str = Field(max_length=6, unique=True, index=True)
    is_active: bool = Field(default=True)
    question_count: int = Field(default=10)
    language: str = Field(default='en', max_length=16)
    answer_time_limit_seconds: int = Field(default=180)
    follow_ups_enabled: bool = Field(default=False)
    # Accommodations every candidate of this job gets (app.services.accommodations; HR may override
    # them per candidate): typed answers off | fallback (only without a working microphone) | allowed,
    # a multiplier on answer and thinking time (0 = untimed), how often an answer may be redone, and
    # whom to ask for an alternative process (empty: the ACCOMMODATION_CONTACT setting).
    typed_answers: str = Field(default='fallback', max_length=16)
    time_multiplier: float = Field(default=1.0)
    rerecord_limit: int = Field(default=1)
    accommodation_contact: str = Field(default='', max_length=254)
    # Coding exercises after the spoken questions (only when the sandbox runs on this server).
    coding_enabled: bool = Field(default=False)
    coding_question_count: int = Field(default=1)
    # An invitation's default deadline, in days from when it is sent.
    invite_deadline_days: int = Field(default=7)
    created_by_id: int | None = Field(default=None, foreign_key='users.id')
    created_at: datetime = _created_at()
    updated_at: datetime | None = _timestamp()


class JobQuestion(SQLModel, table=True):
    """HR's decision about one of a job's interview questions, honoured by the planner (app/services/job_questions.py).

    A row either overrides a bank question (bank_id set: edited text or rubric, pinned or excluded) or is
    HR's own question (bank_id None, always with text and rubric). Unchanged bank questions have no row.
    """

    __tablename__ = 'job_questions'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    job_id: int = Field(foreign_key='jobs.id', index=True)
    bank_id: str | None = Field(default=None, max_length=120)
    skill: str | None = Field(default=None, max_length=100)
    difficulty: str = Field(default='medium', max_length=16)
    text: str = _text()
    rubric: list[dict[str, Any]] = _json_list()  # [{'point': str, 'synonyms': [str]}]
    pinned: bool = Field(default=False)
    excluded: bool = Field(default=False)
    position: int = Field(default=0)  # pinned questions are asked in this order
    created_at: datetime = _created_at()
    updated_at: datetime | None = _timestamp()


class Candidate(SQLModel, table=True):
    __tablename__ = 'candidates'
    __table_args__ = (
        UniqueConstraint('job_id', 'email', name='uq_candidate_job_email'),
        # The dashboard's default order (newest first within a job) reads its page straight off this index.
        Index('ix_candidates_job_created', 'job_id', 'created_at'),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    job_id: int = Field(foreign_key='jobs.id', index=True)
    name: str = Field(max_length=200)
    email: str = Field(max_length=254, index=True)  # stored lower-cased
    resume_file: str | None = Field(default=None, max_length=255)  # generated name under data_dir
    resume_filename: str | None = Field(default=None, max_length=255)  # sanitized display name
    resume_mime: str | None = Field(default=None, max_length=100)
    resume_size: int | None = Field(default=None)
    resume_text: str = _text()
    resume_parsed: dict[str, Any] = _json_dict()
    # Reasons a human should look twice: hidden text, PDF metadata, AI-directed instructions.
    resume_flags: list[dict[str, Any]] = _json_list()
    # Share of the job's must-have skills found in the resume, 0–100 (kept for fast sorting).
    must_have_match: float | None = Field(default=None, index=True)
    status: str = Field(default=CandidateStatus.pending, max_length=16, index=True)
    status_note: str | None = _text(nullable=True)
    decided_at: datetime | None = _timestamp()  # when the status last changed, and by whom (actor email)
    decided_by: str | None = Field(default=None, max_length=254)
    consent_at: datetime | None = _timestamp()
    consent_notice_version: str | None = Field(default=None, max_length=32)
    # Set when HR invited this candidate (instead of the candidate applying through the public link).
    invited_at: datetime | None = _timestamp()
    # After this, an interview not yet started can no longer be started (any candidate, invited or not).
    deadline_at: datetime | None = _timestamp()
    invite_revoked_at: datetime | None = _timestamp()
    # Reminder thresholds (hours before the deadline) already queued, so none is sent twice.
    reminders_sent: list[float] = _json_list()
    # HR's per-candidate accommodations: only the keys set here replace the job's defaults
    # ({'typed_answers': str, 'time_multiplier': float, 'rerecord_limit': int}).
    accommodations: dict[str, Any] = _json_dict()
    created_at: datetime = _created_at()
    updated_at: datetime | None = _timestamp()
