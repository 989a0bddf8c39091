"""Answer claims: the PostgreSQL answer queue lives on the answers table itself.

An answer that is `received` or `transcribed`, due (`next_attempt_at` passed or unset) and not held
by a live lease is work. A worker takes some with one UPDATE over `FOR UPDATE SKIP LOCKED` rows —
two workers never take the same answer — and stamps `claimed_by` and `claimed_until` (database
clock). While it works it renews the lease; when it is done it releases it. A worker killed with
kill -9 stops renewing, its lease runs out and any other worker takes the answer over; nothing is
scanned or re-queued at start.

Why the row and not a separate job table: storing the answer *is* enqueuing it (same row, same
transaction, no outbox to reconcile), a retry is just `next_attempt_at` in the row, and HR's re-score
or retry is the same UPDATE that already resets the state. PostgreSQL only: SQLite deployments are
one process and keep the in-process queue (processing.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import bindparam, text
from sqlmodel import Session

from app.services.interview.queue import StepRefused

T = TypeVar('T')

_CLAIM = text("""
    UPDATE answers SET claimed_by = :owner, claimed_until = now() + make_interval(secs => :lease)
    WHERE id IN (
        SELECT id FROM answers
        WHERE status IN ('received', 'transcribed')
          AND (next_attempt_at IS NULL OR next_attempt_at <= now())
          AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY coalesce(next_attempt_at, created_at), id
        LIMIT :limit
        FOR UPDATE SKIP LOCKED)
    RETURNING id""")

_RENEW = text("""
    UPDATE answers SET claimed_until = now() + make_interval(secs => :lease)
    WHERE id IN :ids AND claimed_by = :owner
    RETURNING id""").bindparams(bindparam('ids', expanding=True))

_RELEASE = text('UPDATE answers SET claimed_by = NULL, claimed_until = NULL WHERE id = :id AND claimed_by = :owner')

# Seconds until the next answer becomes claimable: a retry falling due or a lease running out.
_NEXT_DUE = text("""
    SELECT extract(epoch FROM min(greatest(coalesce(next_attempt_at, now()), coalesce(claimed_until, now())))
                   - now())
    FROM answers WHERE status IN ('received', 'transcribed')""")


def claim_due(session: Session, owner: str, lease_seconds: float, limit: int) -> list[int]:
    """Take up to `limit` due, unclaimed answers (oldest first) for `owner`; committed at once."""
    if limit <= 0:
        return []
    ids = [row[0] for row in session.execute(_CLAIM, {'owner': owner, 'lease': lease_seconds, 'limit': limit})]
    session.commit()
    return ids


def renew(session: Session, owner: str, answer_ids: list[int], lease_seconds: float) -> set[int]:
    """Extend `owner`'s leases; returns the ids it still holds (a missing one was taken over)."""
    if not answer_ids:
        return set()
    held = {row[0] for row in session.execute(_RENEW, {'owner': owner, 'ids': answer_ids, 'lease': lease_seconds})}
    session.commit()
    return held


def release(session: Session, answer_id: int, owner: str) -> None:
    """Done with the answer (whatever its state now): a retry becomes claimable when it is due."""
    session.execute(_RELEASE, {'id': answer_id, 'owner': owner})
    session.commit()


class LeaseLost(StepRefused):
    """This worker no longer holds the answer: another worker took it over; nothing was written."""


def fenced(session: Session, step: Callable[..., T], answer_id: int, owner: str, *args: Any, **kwargs: Any) -> T:
    """Run the answer state change `step` only while `owner` still holds the answer's claim, in the
    same transaction (the row stays locked until `step` commits), so a worker that stalled past its
    lease can never overwrite the result of the worker that took over."""
    row = session.execute(text('SELECT claimed_by FROM answers WHERE id = :id FOR UPDATE'), {'id': answer_id}).first()
    if row is None or row[0] != owner:
        session.rollback()
        raise LeaseLost(f'answer {answer_id} is now held by {row[0] if row else "nobody"}')
    return step(session, answer_id, *args, **kwargs)


def next_due_seconds(session: Session) -> float | None:
    """Seconds until some unfinished answer can be claimed (0 when one can now), None when none waits."""
    value = session.execute(_NEXT_DUE).scalar()
    return None if value is None else max(0.0, float(value))
