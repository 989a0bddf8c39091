"""Admins assign reviewers to jobs: a reviewer sees only the jobs assigned to them (app.permissions)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.errors import Conflict, Invalid, NotFound
from app.models import JobReviewer, Role, User
from app.permissions import Permission, require
from app.services import audit
from app.services.jobs import get_job


@dataclass(frozen=True)
class Assignment:
    user_id: int
    name: str
    email: str


def reviewers_of(session: Session, organization_id: int, job_id: int) -> list[Assignment]:
    rows = session.exec(select(User).join(JobReviewer, col(JobReviewer.user_id) == col(User.id))
                        .where(JobReviewer.job_id == job_id, JobReviewer.organization_id == organization_id)
                        .order_by(col(User.name))).all()
    return [Assignment(user.id, user.name, user.email) for user in rows if user.id is not None]


def assignments(session: Session, organization_id: int) -> dict[int, list[int]]:
    """Reviewer id → the ids of the jobs assigned to them, in one query (for the team page)."""
    rows = session.exec(select(JobReviewer.user_id, JobReviewer.job_id)
                        .where(JobReviewer.organization_id == organization_id).order_by(col(JobReviewer.id))).all()
    result: dict[int, list[int]] = {}
    for user_id, job_id in rows:
        result.setdefault(user_id, []).append(job_id)
    return result


def assignable(session: Session, organization_id: int) -> list[User]:
    """The organization's active reviewers (the only role the assignment limits)."""
    return list(session.exec(select(User).where(User.organization_id == organization_id, User.role == Role.reviewer,
                                                col(User.is_active).is_(True)).order_by(col(User.name))).all())


def _reviewer(session: Session, admin: User, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.organization_id != admin.organization_id:
        raise NotFound('Teammate not found.')
    if user.role != Role.reviewer:
        raise Invalid(f'{user.name} is not a reviewer: only reviewers are assigned to jobs '
                      '(admins and recruiters see every job).')
    return user


def assign(session: Session, admin: User, job_id: int, user_id: int) -> None:
    require(admin, Permission.team)
    job = get_job(session, admin.organization_id, job_id)
    reviewer = _reviewer(session, admin, user_id)
    exists = session.exec(select(JobReviewer).where(JobReviewer.job_id == job_id,
                                                    JobReviewer.user_id == user_id)).first()
    if exists is not None:
        raise Conflict(f'{reviewer.name} is already assigned to this job.')
    session.add(JobReviewer(organization_id=admin.organization_id, job_id=job_id, user_id=user_id,
                            assigned_by_id=admin.id))
    audit.record(session, organization_id=admin.organization_id, actor=admin, action='job.reviewer_assigned',
                 subject_type='job', subject_id=job.id, detail={'user_id': user_id, 'email': reviewer.email})
    session.commit()


def unassign(session: Session, admin: User, job_id: int, user_id: int) -> None:
    require(admin, Permission.team)
    job = get_job(session, admin.organization_id, job_id)
    row = session.exec(select(JobReviewer).where(JobReviewer.job_id == job_id, JobReviewer.user_id == user_id,
                                                 JobReviewer.organization_id == admin.organization_id)).first()
    if row is None:
        raise NotFound('This reviewer is not assigned to this job.')
    session.delete(row)
    audit.record(session, organization_id=admin.organization_id, actor=admin, action='job.reviewer_unassigned',
                 subject_type='job', subject_id=job.id, detail={'user_id': user_id})
    session.commit()
