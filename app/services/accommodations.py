"""Accommodations: how a candidate may take the interview (typed answers, extra time, redoing an answer).

The job sets the defaults every candidate gets; HR may override any of them for one candidate
(Candidate.accommodations holds only the keys HR set). The room, the upload checks and the report
all read the effective values from here, so what the candidate was offered is what the report shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from app.config import get_settings
from app.i18n import ENGLISH, N_, Translator
from app.models import Candidate, Job

TypedAnswers = Literal['off', 'fallback', 'allowed']
TYPED_ANSWER_CHOICES: dict[str, str] = {
    'off': 'Spoken answers only',
    'fallback': 'Typed answers when no microphone works',
    'allowed': 'Typed answers allowed',
}
# 0 means untimed: no answer limit and no countdown before recording (the candidate starts it).
TIME_MULTIPLIERS: dict[float, str] = {1.0: 'Standard time', 1.5: '1.5× time', 2.0: '2× time', 0.0: 'Untimed'}
MAX_RERECORDS = 5
OVERRIDE_KEYS = ('typed_answers', 'time_multiplier', 'rerecord_limit')


def _multiplier(value: float | None) -> float | None:
    if value is not None and not any(math.isclose(value, m) for m in TIME_MULTIPLIERS):
        raise ValueError('extra time is one of 1, 1.5, 2 or 0 (untimed)')
    return value


Multiplier = Annotated[float | None, AfterValidator(_multiplier)]


class JobAccommodations(BaseModel):
    """The job form's and API's accommodation fields (validated here, stored on the Job)."""

    typed_answers: TypedAnswers | None = None
    time_multiplier: Multiplier = None
    rerecord_limit: int | None = Field(default=None, ge=0, le=MAX_RERECORDS)
    accommodation_contact: str | None = Field(default=None, max_length=254)


class CandidateAccommodations(BaseModel):
    """HR's override for one candidate; a None field follows the job's default."""

    typed_answers: TypedAnswers | None = None
    time_multiplier: Multiplier = None
    rerecord_limit: int | None = Field(default=None, ge=0, le=MAX_RERECORDS)


@dataclass(frozen=True)
class Accommodations:
    typed_answers: str  # off | fallback | allowed
    time_multiplier: float  # 0 = untimed
    rerecord_limit: int
    contact: str  # whom to ask for an alternative process ('' when none is configured)
    overridden: tuple[str, ...] = ()  # the keys HR set for this candidate

    @property
    def untimed(self) -> bool:
        return self.time_multiplier == 0

    def answer_limit(self, base_seconds: int) -> int | None:
        """The answer time limit in seconds; None when untimed."""
        return None if self.untimed else round(base_seconds * self.time_multiplier)

    def thinking_seconds(self, base_seconds: int) -> int | None:
        """The countdown before recording; None when untimed (the candidate starts when ready)."""
        return None if self.untimed else round(base_seconds * self.time_multiplier)

    @property
    def typing_possible(self) -> bool:
        """May a typed answer be accepted at all (allowed, or as the no-microphone fallback)."""
        return self.typed_answers != 'off'

    def labels(self) -> list[str]:
        """What differs from a standard interview, in words (for the report and HR's pages)."""
        out = []
        if self.typed_answers != 'off':
            out.append(TYPED_ANSWER_CHOICES[self.typed_answers])
        if self.time_multiplier != 1:
            out.append(TIME_MULTIPLIERS.get(self.time_multiplier, f'{self.time_multiplier}× time'))
        out.append('No re-recording' if self.rerecord_limit == 0 else
                   f'May redo an answer {self.rerecord_limit} time{"s" if self.rerecord_limit != 1 else ""}')
        return out


def effective(job: Job, candidate: Candidate | None) -> Accommodations:
    """The job's defaults with HR's per-candidate overrides applied."""
    override = CandidateAccommodations.model_validate(candidate.accommodations if candidate else {})
    set_keys = tuple(k for k in OVERRIDE_KEYS if getattr(override, k) is not None)
    return Accommodations(
        typed_answers=override.typed_answers or job.typed_answers,
        time_multiplier=override.time_multiplier if override.time_multiplier is not None else job.time_multiplier,
        rerecord_limit=override.rerecord_limit if override.rerecord_limit is not None else job.rerecord_limit,
        contact=contact_for(job),
        overridden=set_keys,
    )


def contact_for(job: Job) -> str:
    return job.accommodation_contact.strip() or get_settings().accommodation_contact


def offered_sentence(acc: Accommodations, t: Translator = ENGLISH) -> str:
    """What every candidate of the job is offered already, for the consent notice (in t's language)."""
    parts = []
    if acc.typed_answers == 'allowed':
        parts.append(t(N_('you may type any answer instead of speaking')))
    elif acc.typed_answers == 'fallback':
        parts.append(t(N_('you may type your answers if no microphone works')))
    if acc.untimed:
        parts.append(t(N_('answers are not timed')))
    elif acc.time_multiplier != 1:
        parts.append(t(N_('you have {multiple}× the usual time'), multiple=f'{acc.time_multiplier:g}'))
    if acc.rerecord_limit == 1:
        parts.append(t(N_('you may start an answer over once')))
    elif acc.rerecord_limit:
        parts.append(t.ngettext('you may start an answer over {count} time',
                                'you may start an answer over {count} times', acc.rerecord_limit))
    parts.append(t(N_('you may pause between questions')))
    listed = t(N_('{items} and {last}'), items=', '.join(parts[:-1]), last=parts[-1]) if len(parts) > 1 \
        else parts[-1]
    return t(N_('In this interview {offers}.'), offers=listed)
