"""Building blocks for tests: organizations, users and jobs created through the real services."""

from __future__ import annotations

import secrets
from itertools import count
from typing import Any

from app.db import session_scope
from app.models import Candidate, Interview, Job, User
from app.services import accounts, jobs

_numbers = count(1)
PASSWORD = 'correct horse battery'


def make_admin(org: str | None = None, email: str | None = None) -> User:
    n = next(_numbers)
    with session_scope() as session:
        return accounts.signup(session, {
            'organization': org or f'Org {n}', 'name': f'Admin {n}',
            'email': email or f'admin{n}@example.com', 'password': PASSWORD,
        })


def make_job(user: User, **fields: Any) -> Job:
    data: dict[str, Any] = {'title': 'Backend Engineer', 'description': 'Build APIs in Python and PostgreSQL.',
                            'must_have_skills': ['Python', 'PostgreSQL'], 'nice_to_have_skills': ['Docker']}
    data.update(fields)
    with session_scope() as session:
        return jobs.create_job(session, user, data)


def make_interview(job: Job, name: str = 'Cara Candidate', email: str | None = None,
                   resume: dict[str, Any] | None = None) -> Interview:
    """A candidate who applied to `job`, with a scheduled interview (rows only, no resume file)."""
    n = next(_numbers)
    with session_scope() as session:
        candidate = Candidate(organization_id=job.organization_id, job_id=job.id or 0, name=name,
                              email=email or f'candidate{n}@example.com',
                              resume_parsed=resume or {'skills': ['Python', 'PostgreSQL'], 'projects': []})
        session.add(candidate)
        session.flush()
        interview = Interview(organization_id=job.organization_id, candidate_id=candidate.id or 0,
                              token=secrets.token_urlsafe(32))
        session.add(interview)
        session.commit()
        return interview


def apply(job: Job, email: str = 'jane@example.com', name: str = 'Jane Doe', data: bytes | None = None,
          filename: str = 'cv.pdf') -> Any:
    """Apply to a job the way the apply page does; returns the ApplicationResult."""
    from app.services import applications
    from tests.support.resumes import pdf_resume

    return applications.submit_application(job.job_code, {'name': name, 'email': email, 'consent': True},
                                           filename, data if data is not None else pdf_resume())
