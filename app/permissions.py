"""The one place that says what each role may do, and which jobs a reviewer may see.

Every API route declares a Permission through app.api.deps.requires (or is marked public), and every HR page
and file route through components.session.hr_page / pages.files; both call `authorize` below. A test
(tests/test_route_policies.py) fails when a route has no declared policy, and checks every role against
every route.

Reviewers are limited twice: by permission (no exports, deletion, decisions, job editing…) and by job — only
the jobs an admin assigned them (table job_reviewers). The job check reads the request's own ids
(job_id, candidate_id, answer_id in the path, or a job_id filter in the query), so no route can forget it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from sqlmodel import Session, col, select

from app.errors import Forbidden
from app.models import Answer, Candidate, Interview, Job, JobReviewer, Role, User


class Permission(StrEnum):
    public = 'public'  # no sign-in: candidate pages, apply, health
    signed_in = 'signed_in'  # any teammate: their own account
    jobs_read = 'jobs_read'  # job lists, job pages, dashboards, comparisons, analytics
    jobs_write = 'jobs_write'  # create, edit, delete jobs and their questions
    candidates_read = 'candidates_read'  # reports, transcripts, recordings, the live view
    review = 'review'  # notes and score overrides
    decide = 'decide'  # status decisions, rescoring, transcript corrections, live questions
    delete = 'delete'  # deleting candidates
    export = 'export'  # CSV / JSON / printable exports and resume downloads
    invitations = 'invitations'  # inviting candidates, the outbox
    audit = 'audit'  # the organization's audit trail
    team = 'team'  # teammates, their roles, reviewer assignments
    integrations = 'integrations'  # webhooks and API keys
    settings = 'settings'  # organization and install settings
    fairness = 'fairness'  # the bias audit (self-identification aggregates)
    system = 'system'  # the operations view


# What each is called in a refusal: "Your role (reviewer) cannot <this>."
ACTIONS: dict[Permission, str] = {
    Permission.public: 'open this', Permission.signed_in: 'open this',
    Permission.jobs_read: 'see jobs', Permission.jobs_write: 'create, edit or delete jobs',
    Permission.candidates_read: 'see candidates', Permission.review: 'add notes or overrides',
    Permission.decide: 'make decisions or change scoring', Permission.delete: 'delete candidates',
    Permission.export: 'export or download candidate data', Permission.invitations: 'invite candidates',
    Permission.audit: 'read the audit trail', Permission.team: 'manage the team',
    Permission.integrations: 'manage webhooks or API keys', Permission.settings: 'change settings',
    Permission.fairness: 'open the bias audit', Permission.system: 'open the system view',
}

_REVIEWER = frozenset({Permission.signed_in, Permission.jobs_read, Permission.candidates_read, Permission.review})
_RECRUITER = _REVIEWER | {Permission.jobs_write, Permission.decide, Permission.delete, Permission.export,
                          Permission.invitations, Permission.audit}
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.admin.value: frozenset(Permission),
    Role.recruiter.value: _RECRUITER,
    Role.reviewer.value: _REVIEWER,
}
ROLE_LABELS = {Role.recruiter.value: 'Recruiter', Role.reviewer.value: 'Reviewer', Role.admin.value: 'Admin'}
UNASSIGNED = 'You are not assigned to this job. Ask an admin to assign you as a reviewer.'


def can(user: User, permission: Permission) -> bool:
    return permission == Permission.public or permission in ROLE_PERMISSIONS.get(user.role, frozenset())


def require(user: User, permission: Permission) -> None:
    if not can(user, permission):
        raise Forbidden(f'Your role ({user.role}) cannot {ACTIONS[permission]}.')


def job_scoped(user: User) -> bool:
    """True when the user sees only assigned jobs (reviewers)."""
    return user.role == Role.reviewer


def visible_job_ids(session: Session, user: User) -> list[int] | None:
    """The jobs this user may see, or None for every job of the organization."""
    if not job_scoped(user):
        return None
    return list(session.exec(select(JobReviewer.job_id).where(
        JobReviewer.user_id == user.id, JobReviewer.organization_id == user.organization_id)).all())


def require_job(session: Session, user: User, job_id: int) -> None:
    """Forbidden for a reviewer's unassigned job of their own organization. A missing job or another
    organization's is left to the service, which answers 404 exactly like for anyone else."""
    if not job_scoped(user):
        return
    job = session.get(Job, job_id)
    if job is None or job.organization_id != user.organization_id:
        return
    if job_id not in (visible_job_ids(session, user) or []):
        raise Forbidden(UNASSIGNED)


def _candidate_job(session: Session, candidate_id: int) -> int | None:
    candidate = session.get(Candidate, candidate_id)
    return candidate.job_id if candidate is not None else None


def _answer_job(session: Session, answer_id: int) -> int | None:
    row = session.exec(select(Candidate.job_id)
                       .join(Interview, col(Interview.candidate_id) == col(Candidate.id))
                       .join(Answer, col(Answer.interview_id) == col(Interview.id))
                       .where(Answer.id == answer_id)).first()
    return int(row) if row is not None else None


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


JOB_PARAMS = ('job_id', 'candidate_id', 'answer_id')


def needs_job_check(user: User, params: Mapping[str, object]) -> bool:
    """Does this request need the database to check assignments (a reviewer naming a job's ids)? Everyone
    else is decided by role alone, without a database round trip on every page and request."""
    return job_scoped(user) and any(params.get(name) not in (None, '') for name in JOB_PARAMS)


def authorize(session: Session, user: User, permission: Permission, params: Mapping[str, object]) -> None:
    """Refuse (Forbidden) unless the role has the permission and, for reviewers, every job the request
    names (by job_id, candidate_id or answer_id) is assigned to them."""
    require(user, permission)
    if not job_scoped(user):
        return
    lookups = (('job_id', lambda job: job), ('candidate_id', lambda c: _candidate_job(session, c)),
               ('answer_id', lambda a: _answer_job(session, a)))
    for name, job_of in lookups:
        value = _int(params[name]) if params.get(name) not in (None, '') else None
        if value is None:
            continue
        job_id = job_of(value)
        if job_id is not None:
            require_job(session, user, job_id)
