"""SQLModel tables for the whole data model (DESIGN.md §2).

Conventions: integer ids, `created_at` in UTC (aware), enumerations stored as short strings
(values listed in the StrEnums below), JSON for lists/dicts. Every row that belongs to a tenant
carries `organization_id` so services can scope each query with one indexed filter.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db_types import NAMING_CONVENTION, StrEnumString

# The column helpers (kept under these short names for the table definitions below).
from app.db_types import created_at_field as _created_at
from app.db_types import json_dict_field as _json_dict
from app.db_types import json_list_field as _json_list
from app.db_types import text_field as _text
from app.db_types import timestamp_field as _timestamp

# Named constraints let Alembic's SQLite batch mode alter tables in later migrations.
SQLModel.metadata.naming_convention = NAMING_CONVENTION


class Role(StrEnum):
    """What a teammate may do (app.permissions maps each role to its permissions).

    admin: everything. recruiter: jobs, candidates, decisions, invitations — no team, webhook, API-key or
    settings management. reviewer: reads reports and adds notes/overrides on the jobs assigned to them.
    """

    admin = 'admin'
    recruiter = 'recruiter'
    reviewer = 'reviewer'


class CandidateStatus(StrEnum):
    pending = 'pending'
    shortlisted = 'shortlisted'
    rejected = 'rejected'
    hired = 'hired'


class InterviewStatus(StrEnum):
    scheduled = 'scheduled'
    in_progress = 'in_progress'
    completed = 'completed'
    abandoned = 'abandoned'


class QuestionType(StrEnum):
    """What kind of question a plan entry and a question row are (labels: app.formatting.question_type)."""

    warmup = 'warmup'
    technical = 'technical'
    project = 'project'
    behavioral = 'behavioral'
    hr = 'hr'
    follow_up = 'follow_up'
    coding = 'coding'  # a programming task answered in the room's code editor (app/services/coding)
    live = 'live'  # written by an HR user watching the interview live (app/services/live)


class AnswerStatus(StrEnum):
    received = 'received'
    transcribed = 'transcribed'
    scored = 'scored'
    failed = 'failed'
    # Not scored: the transcript cannot be trusted (no speech, invented text, unsure recognition).
    needs_review = 'needs_review'


class Recommendation(StrEnum):
    strong = 'Strong'
    medium = 'Medium'
    weak = 'Weak'
    reject = 'Reject'


class Organization(SQLModel, table=True):
    __tablename__ = 'organizations'
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    # Days to keep interview recordings; None keeps them until the candidate is deleted.
    recording_retention_days: int | None = Field(default=None)
    created_at: datetime = _created_at()


class User(SQLModel, table=True):
    __tablename__ = 'users'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    email: str = Field(max_length=254, unique=True, index=True)  # stored lower-cased
    name: str = Field(max_length=200)
    password_hash: str = Field(max_length=255)
    role: str = Field(default=Role.recruiter, max_length=16)
    # Bumped on logout and password change: every JWT and UI session carrying an older value is void.
    token_version: int = Field(default=1)
    is_active: bool = Field(default=True)
    created_at: datetime = _created_at()
    last_login_at: datetime | None = _timestamp()


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


class OverrideField(StrEnum):
    correctness = 'correctness'
    depth = 'depth'
    clarity = 'clarity'
    relevance = 'relevance'
    recommendation = 'recommendation'


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


class SelfIdentification(SQLModel, table=True):
    """A candidate's voluntary sex and race/ethnicity (EEO-1 categories), given after the interview.

    Kept in its own table and read only by app.services.self_identification (the candidate's own form)
    and the bias audit, which aggregates it: never by reports, dashboards, exports or scoring. Values
    are the codes in app.services.self_identification; 'declined' is "prefer not to say".
    """

    __tablename__ = 'self_identifications'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    candidate_id: int = Field(foreign_key='candidates.id', unique=True, index=True)
    sex: str = Field(max_length=16)
    race_ethnicity: str = Field(max_length=32)
    created_at: datetime = _created_at()
    updated_at: datetime | None = _timestamp()


class OutboxStatus(StrEnum):
    pending = 'pending'  # waiting to be sent (or for SMTP to be configured)
    sending = 'sending'  # claimed by a sender: nobody else may send it
    sent = 'sent'
    failed = 'failed'  # gave up after the last attempt, or interrupted mid-send (may or may not have arrived)


class OutboxMessage(SQLModel, table=True):
    """One email, committed before it is sent. A sender claims a row (pending → sending) in its own
    transaction before talking to the SMTP server, so a row is never sent twice."""

    __tablename__ = 'outbox'
    __table_args__ = (Index('ix_outbox_status_next', 'status', 'next_attempt_at'),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    candidate_id: int | None = Field(default=None, index=True)  # no FK: the log outlives a deleted candidate
    kind: str = Field(max_length=32)  # invitation | reminder | resend | link_again
    to_email: str = Field(max_length=254)
    to_name: str = Field(default='', max_length=200)
    subject: str = Field(max_length=300)
    body_text: str = _text()
    body_html: str = _text()
    ics: str | None = _text(nullable=True)  # the deadline as a calendar attachment
    link: str | None = Field(default=None, max_length=500)  # what HR copies by hand when email is off
    status: str = Field(default=OutboxStatus.pending, max_length=16, index=True)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = _timestamp()
    claimed_at: datetime | None = _timestamp()
    last_error: str | None = _text(nullable=True)
    sent_at: datetime | None = _timestamp()
    created_at: datetime = _created_at()


class WebhookEndpoint(SQLModel, table=True):
    """Where an organization's ATS hears about candidates: a URL, the events it wants, and the signing
    secret (Standard Webhooks, `whsec_…`)."""

    __tablename__ = 'webhook_endpoints'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    url: str = Field(max_length=2000)
    events: list[str] = _json_list()
    secret: str = Field(max_length=200)
    description: str = Field(default='', max_length=200)
    is_active: bool = Field(default=True)
    created_at: datetime = _created_at()


class DeliveryStatus(StrEnum):
    pending = 'pending'
    sending = 'sending'
    delivered = 'delivered'
    failed = 'failed'


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint, committed with the change it reports, then POSTed (with retries)."""

    __tablename__ = 'webhook_deliveries'
    __table_args__ = (Index('ix_webhook_deliveries_status_next', 'status', 'next_attempt_at'),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    endpoint_id: int = Field(foreign_key='webhook_endpoints.id', index=True)
    message_id: str = Field(max_length=64, index=True)  # the webhook-id header: the receiver's idempotency key
    event: str = Field(max_length=64)
    payload: dict[str, Any] = _json_dict()
    status: str = Field(default=DeliveryStatus.pending, max_length=16, index=True)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = _timestamp()
    last_status_code: int | None = Field(default=None)
    last_error: str | None = _text(nullable=True)
    delivered_at: datetime | None = _timestamp()
    created_at: datetime = _created_at()


class ApiKey(SQLModel, table=True):
    """A server-to-server credential of an organization. Only a SHA-256 hash of the key is kept; the key
    itself is shown once, when it is made."""

    __tablename__ = 'api_keys'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16)  # the key's first characters, to tell keys apart in lists
    key_hash: str = Field(max_length=64, unique=True, index=True)
    scope: str = Field(default='read', max_length=16)  # read | write
    created_by_id: int | None = Field(default=None)  # no FK: the key's history outlives the teammate
    created_at: datetime = _created_at()
    last_used_at: datetime | None = _timestamp()
    revoked_at: datetime | None = _timestamp()


class TeamInvite(SQLModel, table=True):
    """An admin's email invitation to join the organization with a role. The link carries a random token;
    only its SHA-256 is stored. It expires, and works once."""

    __tablename__ = 'team_invites'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    email: str = Field(max_length=254, index=True)
    name: str = Field(max_length=200)
    role: str = Field(default=Role.recruiter, max_length=16)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    expires_at: datetime = _created_at()
    used_at: datetime | None = _timestamp()
    invited_by_id: int | None = Field(default=None)
    created_at: datetime = _created_at()


class JobReviewer(SQLModel, table=True):
    """A reviewer assigned to a job by an admin: the only jobs whose reports that reviewer sees."""

    __tablename__ = 'job_reviewers'
    __table_args__ = (UniqueConstraint('job_id', 'user_id', name='uq_job_reviewer'),)
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    job_id: int = Field(foreign_key='jobs.id', index=True)
    user_id: int = Field(foreign_key='users.id', index=True)
    assigned_by_id: int | None = Field(default=None)  # no FK: the assignment outlives the admin's account
    created_at: datetime = _created_at()


class AuditEvent(SQLModel, table=True):
    """Append-only: services insert rows, nothing updates or deletes them."""

    __tablename__ = 'audit_events'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    actor_user_id: int | None = Field(default=None, index=True)  # no FK: the trail outlives users
    actor_label: str = Field(default='', max_length=254)
    action: str = Field(max_length=64, index=True)
    subject_type: str | None = Field(default=None, max_length=32)
    subject_id: int | None = Field(default=None, index=True)
    detail: dict[str, Any] = _json_dict()
    ip: str | None = Field(default=None, max_length=64)
    # The subject as named when the event was written ("Jane Doe (candidate #1)"): readable after deletion.
    subject_label: str | None = Field(default=None, max_length=300)
    created_at: datetime = _created_at()


class SiteSetting(SQLModel, table=True):
    """Install-wide switches an admin changes at run time (not per organization): one row per key.

    A row overrides the environment's default for its key (e.g. `allow_signup` over ALLOW_SIGNUP);
    app.services.site_settings reads and writes them.
    """

    __tablename__ = 'site_settings'
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True, index=True)
    value: dict[str, Any] = _json_dict()
    updated_by: str | None = Field(default=None, max_length=320)
    created_at: datetime = _created_at()
    updated_at: datetime | None = _timestamp()
