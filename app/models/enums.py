"""The enumerations stored in the tables, as short strings (a column holds the value, never the name)."""

from __future__ import annotations

from enum import StrEnum


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


class OverrideField(StrEnum):
    correctness = 'correctness'
    depth = 'depth'
    clarity = 'clarity'
    relevance = 'relevance'
    recommendation = 'recommendation'


class OutboxStatus(StrEnum):
    pending = 'pending'  # waiting to be sent (or for SMTP to be configured)
    sending = 'sending'  # claimed by a sender: nobody else may send it
    sent = 'sent'
    failed = 'failed'  # gave up after the last attempt, or interrupted mid-send (may or may not have arrived)


class DeliveryStatus(StrEnum):
    pending = 'pending'
    sending = 'sending'
    delivered = 'delivered'
    failed = 'failed'
