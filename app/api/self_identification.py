"""/api/v1/interview/{token}/self-identification: the candidate's voluntary answers, after the interview.

The token is the credential (as for the rest of the candidate's side). Nothing here is readable by HR.
"""

from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import PUBLIC, ReadSession
from app.db import run_in_session
from app.services import self_identification
from app.services.self_identification import SelfIdAnswers

router = APIRouter(prefix='/interview/{token}', tags=['candidate'], dependencies=PUBLIC)


@router.get('/self-identification', response_model=SelfIdAnswers | None)
def get_answers(token: str, session: ReadSession) -> SelfIdAnswers | None:
    """The candidate's own answers, or null when they gave none."""
    return self_identification.stored_answers(session, token)


@router.put('/self-identification', response_model=SelfIdAnswers)
async def put_answers(token: str, body: SelfIdAnswers) -> SelfIdAnswers:
    """Optional, after the last answer (409 before). sex: female | male | declined; race_ethnicity:
    hispanic_latino | white | black | pacific_islander | asian | american_indian | two_or_more | declined.
    A field left out is "declined" (prefer not to say)."""
    return await run_in_session(self_identification.save_answers, token, body)
