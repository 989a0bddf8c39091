"""Rows for bias-audit and analytics tests: candidates with scored interviews and self-identification,
inserted directly (the interview flow itself is tested elsewhere)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from itertools import count

from app.db import session_scope
from app.db_types import utcnow
from app.models import Candidate, Interview, Job, SelfIdentification, User
from app.services import accounts
from app.services.bias_math import Person
from tests.support.factories import PASSWORD

_numbers = count(1)


def make_hr(admin: User) -> User:
    n = next(_numbers)
    with session_scope() as session:
        return accounts.add_teammate(session, admin, {'name': f'Hana {n}', 'email': f'hana{n}@example.com',
                                                      'password': PASSWORD, 'role': 'recruiter'})


def seed_people(job: Job, ai: list[Person], effective: list[Person] | None = None,
                applied_at: datetime | None = None, name: str = 'Person') -> list[int]:
    """One completed, scored candidate per Person (a self-identification row unless both are None);
    returns the candidate ids."""
    effective = effective or ai
    when = applied_at or utcnow()
    ids = []
    with session_scope() as session:
        for n, (mine, eff) in enumerate(zip(ai, effective, strict=True)):
            candidate = Candidate(organization_id=job.organization_id, job_id=job.id or 0, name=f'{name} {n}',
                                  email=f'{name.lower().replace(" ", ".")}{n}.{next(_numbers)}@example.com',
                                  created_at=when)
            session.add(candidate)
            session.flush()
            session.add(Interview(
                organization_id=job.organization_id, candidate_id=candidate.id or 0, token=secrets.token_urlsafe(24),
                status='completed', started_at=when, ended_at=when + timedelta(minutes=20),
                scored_at=when + timedelta(minutes=21), final_score=mine.score, recommendation=mine.recommendation,
                effective_score=eff.score, effective_recommendation=eff.recommendation))
            if mine.sex is not None or mine.race is not None:
                session.add(SelfIdentification(organization_id=job.organization_id, candidate_id=candidate.id or 0,
                                               sex=mine.sex or 'declined', race_ethnicity=mine.race or 'declined'))
            ids.append(candidate.id or 0)
        session.commit()
    return ids


def seed_unscored(job: Job, statuses: list[str], applied_at: datetime | None = None) -> None:
    """Candidates whose interview has no score (scheduled, in progress, abandoned)."""
    when = applied_at or utcnow()
    with session_scope() as session:
        for status in statuses:
            candidate = Candidate(organization_id=job.organization_id, job_id=job.id or 0, name='Unscored',
                                  email=f'unscored{next(_numbers)}@example.com', created_at=when)
            session.add(candidate)
            session.flush()
            started = when if status != 'scheduled' else None
            session.add(Interview(organization_id=job.organization_id, candidate_id=candidate.id or 0,
                                  token=secrets.token_urlsafe(24), status=status, started_at=started,
                                  ended_at=when + timedelta(minutes=5) if status == 'abandoned' else None))
        session.commit()
