"""/api/v1/scoring/try: HR scores a typed answer against a question and rubric, as an interview would."""

from __future__ import annotations

from fastapi import APIRouter

from app import runtime
from app.api.body_limit import limit_pattern
from app.api.deps import JobsWriter
from app.services import scoring_try
from app.services.scoring_try import TryRequest, TryResult

router = APIRouter(prefix='/scoring', tags=['scoring'])
limit_pattern(r'/api/v1/scoring/try', scoring_try.MAX_BODY_BYTES,
              f'The request is too large: the answer may have at most {scoring_try.MAX_ANSWER} characters.')


@router.post('/try', response_model=TryResult)
async def try_answer(body: TryRequest, user: JobsWriter) -> TryResult:
    """The four scores (0–5), the evidence quoted from the answer per rubric point, the matched and missing
    points and the comment, from the same evaluator that scores interviews (offline or remote per settings).
    Nothing is stored."""
    del user  # HR only: the dependency authenticates; the result belongs to nobody
    return await scoring_try.try_answer(runtime.get_runtime().pipeline.evaluator, body)
