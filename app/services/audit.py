"""Append-only audit trail of HR actions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col, func, select

from app import client_address
from app.models import AuditEvent, Candidate, Job, User

_NAME_KEYS = ('candidate', 'name', 'title', 'email')  # detail keys that name the subject
DELETED = ' — deleted'  # ends the name of a subject that no longer exists


def record(
    session: Session,
    *,
    organization_id: int,
    action: str,
    actor: User | None = None,
    subject_type: str | None = None,
    subject_id: int | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
    subject_label: str | None = None,
) -> AuditEvent:
    """Add an audit row to the caller's transaction (it commits with the action it describes).

    A person's action records the client address the request or UI event came from unless `ip` is
    given (system events have none). The subject is named now, so the row still reads after the
    subject is deleted: pass `subject_label` when the subject is already gone from the session.
    """
    if ip is None and actor is not None:
        ip = client_address.current()
    if subject_label is None and subject_type and subject_id is not None:
        subject_label = label_subject(session, organization_id, subject_type, subject_id, detail or {})
    event = AuditEvent(
        organization_id=organization_id,
        actor_user_id=actor.id if actor else None,
        actor_label=actor.email if actor else 'system',
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail or {},
        ip=ip,
        subject_label=subject_label[:300] if subject_label else None,
    )
    session.add(event)
    return event


def erased_candidate_label(candidate_id: int, job_title: str) -> str:
    """What a deleted candidate's rows say instead of their name: erasure leaves no personal data."""
    return f'candidate #{candidate_id} ({job_title})'[:300]


def label_subject(session: Session, organization_id: int, subject_type: str, subject_id: int,
                  detail: dict[str, Any]) -> str | None:
    """ "Jane Doe (candidate #1)", a job's title, a user's email; else a name the detail carries."""
    if subject_type == 'candidate':
        candidate = session.get(Candidate, subject_id)
        if candidate is not None and candidate.organization_id == organization_id:
            return f'{candidate.name} (candidate #{subject_id})'
    elif subject_type == 'job':
        job = session.get(Job, subject_id)
        if job is not None and job.organization_id == organization_id:
            return job.title
    elif subject_type == 'user':
        user = session.get(User, subject_id)
        if user is not None and user.organization_id == organization_id:
            return user.email
    return next((str(detail[k]) for k in _NAME_KEYS if detail.get(k)), None)


def list_events(
    session: Session,
    organization_id: int,
    *,
    subject_type: str | None = None,
    subject_id: int | None = None,
    action: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> Sequence[AuditEvent]:
    """Newest first. `action` matches exactly, or as a prefix when it ends in '.' (e.g. 'candidate.')."""
    query = select(AuditEvent).where(*_filters(organization_id, subject_type, subject_id, action))
    query = query.order_by(col(AuditEvent.created_at).desc(), col(AuditEvent.id).desc())
    return session.exec(query.offset(max(offset, 0)).limit(max(1, min(limit, 1000)))).all()


def page(session: Session, organization_id: int, *, limit: int, offset: int = 0, action: str | None = None,
         subject_type: str | None = None, subject_id: int | None = None) -> tuple[Sequence[AuditEvent], int]:
    """One page of list_events and how many events match the same filters, in one session."""
    events = list_events(session, organization_id, subject_type=subject_type, subject_id=subject_id, action=action,
                         limit=limit, offset=offset)
    total = session.exec(select(func.count()).select_from(AuditEvent).where(
        *_filters(organization_id, subject_type, subject_id, action))).one()
    return events, int(total)


def actions(session: Session, organization_id: int) -> list[str]:
    """The distinct actions this organization's trail holds (for a filter menu)."""
    return sorted(a for a in session.exec(select(AuditEvent.action).where(
        AuditEvent.organization_id == organization_id).distinct()).all())


def _filters(organization_id: int, subject_type: str | None, subject_id: int | None,
             action: str | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [col(AuditEvent.organization_id) == organization_id]
    if subject_type is not None:
        where.append(col(AuditEvent.subject_type) == subject_type)
    if subject_id is not None:
        where.append(col(AuditEvent.subject_id) == subject_id)
    if action:
        where.append(col(AuditEvent.action).startswith(action, autoescape=True) if action.endswith('.')
                     else col(AuditEvent.action) == action)
    return where


def subject_names(session: Session, organization_id: int, events: Sequence[AuditEvent]) -> dict[tuple[str, int], str]:
    """Readable subjects for a page of events: "Jane Doe (Backend Engineer)" for a candidate, a job's
    title, a teammate's name. A deleted subject keeps the name its event recorded, else "(deleted)"."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.subject_type and event.subject_id is not None:
            wanted.setdefault(event.subject_type, set()).add(event.subject_id)
    names: dict[tuple[str, int], str] = {}
    if wanted.get('job'):
        for job_id, title in session.exec(select(Job.id, Job.title).where(
                col(Job.id).in_(wanted['job']), Job.organization_id == organization_id)).all():
            names[('job', job_id or 0)] = title
    if wanted.get('candidate'):
        for candidate_id, name, title in session.exec(
                select(Candidate.id, Candidate.name, Job.title).join(Job, col(Job.id) == col(Candidate.job_id))
                .where(col(Candidate.id).in_(wanted['candidate']),
                       Candidate.organization_id == organization_id)).all():
            names[('candidate', candidate_id or 0)] = f'{name} ({title})'
    if wanted.get('user'):
        for user_id, name in session.exec(select(User.id, User.name).where(
                col(User.id).in_(wanted['user']), User.organization_id == organization_id)).all():
            names[('user', user_id or 0)] = name
    recorded: dict[tuple[str, int], str] = {}  # the name an event on the page wrote down for its subject
    for event in events:
        key = (event.subject_type or '', event.subject_id or 0)
        detail = event.detail if isinstance(event.detail, dict) else {}
        name = event.subject_label or next((str(detail[k]) for k in _NAME_KEYS if detail.get(k)), '')
        if event.subject_type and event.subject_id is not None and name:
            recorded.setdefault(key, name)
    for event in events:
        key = (event.subject_type or '', event.subject_id or 0)
        if event.subject_type and event.subject_id is not None and key not in names:
            names[key] = f'{recorded.get(key) or f"{event.subject_type} #{event.subject_id}"}{DELETED}'
    return names


def page_with_names(session: Session, organization_id: int, *, limit: int, offset: int = 0,
                    action: str | None = None) -> tuple[Sequence[AuditEvent], int, dict[tuple[str, int], str]]:
    """page() plus the readable subject of each event, in one session."""
    events, total = page(session, organization_id, limit=limit, offset=offset, action=action)
    return events, total, subject_names(session, organization_id, events)
