"""SQLModel tables for the whole data model (DESIGN.md §2), one module per area, all importable from here.

Conventions: integer ids, `created_at` in UTC (aware), enumerations stored as short strings
(values listed in the StrEnums of enums.py), JSON for lists/dicts. Every row that belongs to a tenant
carries `organization_id` so services can scope each query with one indexed filter.

Importing this package registers every table on `SQLModel.metadata` (what Alembic autogenerate and
create_all see). Modules: enums, organization (organizations, teammates, keys, invitations, audit,
site settings), hiring (jobs, job questions, candidates), self_identification (kept apart),
interview (interviews, questions, answers, submissions, notes, overrides), messaging (outbox, webhooks);
columns holds the field helpers and the constraint naming convention.
"""

from __future__ import annotations

from app.models.enums import (
    AnswerStatus,
    CandidateStatus,
    DeliveryStatus,
    InterviewStatus,
    OutboxStatus,
    OverrideField,
    QuestionType,
    Recommendation,
    Role,
)
from app.models.hiring import Candidate, Job, JobQuestion
from app.models.interview import Answer, CodeSubmission, Interview, InterviewNote, Question, ScoreOverride
from app.models.messaging import OutboxMessage, WebhookDelivery, WebhookEndpoint
from app.models.organization import ApiKey, AuditEvent, JobReviewer, Organization, SiteSetting, TeamInvite, User
from app.models.self_identification import SelfIdentification

__all__ = [
    'Answer',
    'AnswerStatus',
    'ApiKey',
    'AuditEvent',
    'Candidate',
    'CandidateStatus',
    'CodeSubmission',
    'DeliveryStatus',
    'Interview',
    'InterviewNote',
    'InterviewStatus',
    'Job',
    'JobQuestion',
    'JobReviewer',
    'Organization',
    'OutboxMessage',
    'OutboxStatus',
    'OverrideField',
    'Question',
    'QuestionType',
    'Recommendation',
    'Role',
    'ScoreOverride',
    'SelfIdentification',
    'SiteSetting',
    'TeamInvite',
    'User',
    'WebhookDelivery',
    'WebhookEndpoint',
]
