"""How well a resume covers a job's must-have skills, as the percentage HR sorts candidates by."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session, select

from app.documents.raw import HIDDEN_HEADING
from app.models import Candidate, Job
from app.skills import taxonomy


def must_have_match(must_have: list[str], resume_skills: list[str], resume_text: str = '') -> float | None:
    """Share of must-haves the resume shows, 0–100 with one decimal; None when the job lists none.

    Taxonomy skills count when the parser found them (aliases included). A must-have the taxonomy
    does not know (HR may list niche tools) counts when the resume names it as a whole word.
    """
    if not must_have:
        return None
    found = {skill.casefold() for skill in resume_skills}
    hits = sum(1 for skill in must_have if skill.casefold() in found
               or (taxonomy().canonical(skill) is None and _names(resume_text, skill)))
    return round(100 * hits / len(must_have), 1)


def match_for(job: Job, parsed: dict[str, Any], resume_text: str) -> float | None:
    return must_have_match(job.must_have_skills, list(parsed.get('skills') or []), _visible(resume_text))


def recompute_job_matches(session: Session, job: Job) -> int:
    """Refresh every candidate's match after the job's must-haves changed; returns how many changed."""
    changed = 0
    for candidate in session.exec(select(Candidate).where(Candidate.job_id == job.id)).all():
        value = match_for(job, candidate.resume_parsed, candidate.resume_text)
        if value != candidate.must_have_match:
            candidate.must_have_match = value
            session.add(candidate)
            changed += 1
    return changed


def _names(text: str, skill: str) -> bool:
    pattern = rf'(?<![\w+#.]){re.escape(skill.strip())}(?![\w+#])'
    return re.search(pattern, text, re.IGNORECASE) is not None


def _visible(resume_text: str) -> str:
    # Hidden text is stored after a marker (see app.documents.pipeline); it must not earn a match.
    return resume_text.split(HIDDEN_HEADING, 1)[0]
