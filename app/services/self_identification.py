"""Voluntary self-identification (sex, race/ethnicity in the EEO-1 categories), after the interview.

The candidate may answer on their interview link once they have answered the last question, never
before and never as a condition of anything. The answers live in their own table
(models.SelfIdentification) and leave it only as counts in the bias audit (app.services.bias_audit):
this module and that one are the only readers, which tests/services/test_self_id_privacy.py checks.
The interview token is the credential, as for the rest of the candidate's side.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import BaseModel
from sqlmodel import Session, select

from app.db_types import utcnow
from app.errors import Conflict, NotFound
from app.i18n import N_
from app.models import Interview, SelfIdentification
from app.services.interview.rows import INVALID_LINK, after_last_answer
from app.validation import parse_input

DECLINED: Final = 'declined'  # "prefer not to say": stored as an answer, counted as unknown in the audit
SEX_LABELS: dict[str, str] = {'female': N_('Female'), 'male': N_('Male'), DECLINED: N_('Prefer not to say')}
# EEO-1 order.
RACE_LABELS: dict[str, str] = {
    'hispanic_latino': N_('Hispanic or Latino'),
    'white': N_('White'),
    'black': N_('Black or African American'),
    'pacific_islander': N_('Native Hawaiian or Other Pacific Islander'),
    'asian': N_('Asian'),
    'american_indian': N_('American Indian or Alaska Native'),
    'two_or_more': N_('Two or More Races'),
    DECLINED: N_('Prefer not to say'),
}
SexCode = Literal['female', 'male', 'declined']
RaceCode = Literal['hispanic_latino', 'white', 'black', 'pacific_islander', 'asian', 'american_indian',
                   'two_or_more', 'declined']
NOT_YET = 'These questions open once you have answered the last interview question.'


class SelfIdAnswers(BaseModel):
    """A question left unanswered is "prefer not to say"."""

    sex: SexCode = DECLINED
    race_ethnicity: RaceCode = DECLINED


def can_answer(interview: Interview) -> bool:
    """After the candidate's last answer; an abandoned interview is closed to everything."""
    return after_last_answer(interview)


def stored_answers(session: Session, token: str) -> SelfIdAnswers | None:
    """The candidate's own answers (to show them on their link), None when they gave none."""
    row = _row(session, _interview(session, token))
    return SelfIdAnswers.model_validate(row, from_attributes=True) if row is not None else None


def save_answers(session: Session, token: str, data: SelfIdAnswers | dict[str, Any]) -> SelfIdAnswers:
    """Store (or change) the candidate's answers; NotFound for an unknown link, Conflict before the end."""
    values = parse_input(SelfIdAnswers, data)
    interview = _interview(session, token)
    if not can_answer(interview):
        raise Conflict(NOT_YET)
    row = _row(session, interview)
    if row is None:
        row = SelfIdentification(organization_id=interview.organization_id, candidate_id=interview.candidate_id,
                                 sex=values.sex, race_ethnicity=values.race_ethnicity)
    else:
        row.sex, row.race_ethnicity, row.updated_at = values.sex, values.race_ethnicity, utcnow()
    session.add(row)
    session.commit()
    return values


def _interview(session: Session, token: str) -> Interview:
    interview = session.exec(select(Interview).where(Interview.token == token)).first() if 0 < len(token) <= 64 \
        else None
    if interview is None:
        raise NotFound(INVALID_LINK)
    return interview


def _row(session: Session, interview: Interview) -> SelfIdentification | None:
    return session.exec(select(SelfIdentification).where(
        SelfIdentification.candidate_id == interview.candidate_id)).first()
