"""The outbox table's operations. A message is committed here before anything is sent; a sender claims a
row (pending → sending, one conditional UPDATE) before it talks to the SMTP server, so two senders — or
one sender after a restart — never send the same row twice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import CursorResult, update
from sqlmodel import Session, col, or_, select

from app.db_types import utcnow
from app.errors import Conflict, NotFound
from app.models import OutboxMessage, OutboxStatus, User
from app.services import audit
from app.services.email.templates import Rendered

INTERRUPTED = ('The app stopped while this message was being sent, so it may or may not have arrived. '
               'It is not sent again automatically; use "Send again" if the candidate did not get it.')
ERROR_MAX = 2000


@dataclass(frozen=True)
class NewMessage:
    organization_id: int
    kind: str
    to_email: str
    to_name: str
    rendered: Rendered
    link: str | None = None
    candidate_id: int | None = None
    ics: str | None = None


def enqueue(session: Session, message: NewMessage) -> OutboxMessage:
    """Add the message to the caller's transaction: it exists (and will be sent) only if that commits."""
    row = OutboxMessage(
        organization_id=message.organization_id, candidate_id=message.candidate_id, kind=message.kind,
        to_email=message.to_email, to_name=message.to_name, subject=message.rendered.subject,
        body_text=message.rendered.text, body_html=message.rendered.html, ics=message.ics, link=message.link,
        status=OutboxStatus.pending, next_attempt_at=utcnow(),
    )
    session.add(row)
    return row


def due_ids(session: Session, now: datetime | None = None, limit: int = 50) -> list[int]:
    """Pending messages whose next attempt is due, oldest first."""
    now = now or utcnow()
    query = (select(OutboxMessage.id)
             .where(OutboxMessage.status == OutboxStatus.pending,
                    or_(col(OutboxMessage.next_attempt_at).is_(None), col(OutboxMessage.next_attempt_at) <= now))
             .order_by(col(OutboxMessage.id)).limit(limit))
    return [int(i) for i in session.exec(query).all() if i is not None]


def next_due_at(session: Session) -> datetime | None:
    query = (select(OutboxMessage.next_attempt_at).where(OutboxMessage.status == OutboxStatus.pending)
             .order_by(col(OutboxMessage.next_attempt_at)).limit(1))
    return session.exec(query).first()


def claim(session: Session, message_id: int) -> OutboxMessage | None:
    """pending → sending, counted as an attempt, committed before the send. None: someone else has it."""
    now = utcnow()
    result = session.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == message_id, col(OutboxMessage.status) == OutboxStatus.pending)
        .values(status=OutboxStatus.sending, claimed_at=now, attempts=OutboxMessage.attempts + 1))
    assert isinstance(result, CursorResult)
    if result.rowcount != 1:
        session.rollback()
        return None
    session.commit()
    row = session.get(OutboxMessage, message_id)
    assert row is not None
    session.expunge(row)
    return row


def mark_sent(session: Session, message_id: int) -> None:
    row = _claimed(session, message_id)
    row.status = OutboxStatus.sent
    row.sent_at = utcnow()
    row.last_error = None
    row.next_attempt_at = None
    session.add(row)
    session.commit()


def mark_failed(session: Session, message_id: int, error: str, *, retry_in: float | None) -> OutboxMessage:
    """After a failed attempt: back to pending for another try in `retry_in` seconds, or failed (None)."""
    row = _claimed(session, message_id)
    row.last_error = error[:ERROR_MAX]
    if retry_in is None:
        row.status = OutboxStatus.failed
        row.next_attempt_at = None
    else:
        row.status = OutboxStatus.pending
        row.next_attempt_at = utcnow() + timedelta(seconds=retry_in)
    session.add(row)
    session.commit()
    return row


def recover_interrupted(session: Session) -> int:
    """At startup: rows a previous run claimed but never settled. Their send may have happened, so they
    are not sent again (never twice); they become failed with a message HR can act on."""
    result = session.exec(
        update(OutboxMessage).where(col(OutboxMessage.status) == OutboxStatus.sending)
        .values(status=OutboxStatus.failed, last_error=INTERRUPTED, next_attempt_at=None))
    session.commit()
    return int(result.rowcount or 0)


def send_again(session: Session, user: User, message_id: int) -> OutboxMessage:
    """HR's "Send again" for a failed message: back in the queue now, with a fresh attempt count."""
    row = get_message(session, user.organization_id, message_id)
    if row.status != OutboxStatus.failed:
        raise Conflict('Only a failed message can be sent again.')
    row.status = OutboxStatus.pending
    row.attempts = 0
    row.next_attempt_at = utcnow()
    session.add(row)
    audit.record(session, organization_id=user.organization_id, actor=user, action='email.send_again',
                 subject_type='outbox', subject_id=row.id, detail={'kind': row.kind})
    session.commit()
    session.refresh(row)
    return row


def get_message(session: Session, organization_id: int, message_id: int) -> OutboxMessage:
    row = session.get(OutboxMessage, message_id)
    if row is None or row.organization_id != organization_id:
        raise NotFound('No such message.')
    return row


def list_messages(session: Session, organization_id: int, *, candidate_id: int | None = None,
                  status: str | None = None, limit: int = 200) -> Sequence[OutboxMessage]:
    """Newest first."""
    query = select(OutboxMessage).where(OutboxMessage.organization_id == organization_id)
    if candidate_id is not None:
        query = query.where(OutboxMessage.candidate_id == candidate_id)
    if status:
        query = query.where(OutboxMessage.status == status)
    return session.exec(query.order_by(col(OutboxMessage.id).desc()).limit(max(1, min(limit, 1000)))).all()


def _claimed(session: Session, message_id: int) -> OutboxMessage:
    row = session.get(OutboxMessage, message_id)
    if row is None or row.status != OutboxStatus.sending:
        raise Conflict(f'outbox message {message_id} is not being sent')
    return row
