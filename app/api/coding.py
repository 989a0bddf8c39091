"""/api/v1/interview/{token}/code/{index}: a coding question from outside the NiceGUI room (the token is
the credential) — the task, Run (visible examples), Submit (hidden tests) and answering without a
recording. The same services the room uses; code runs only in the sandbox."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.api.deps import PUBLIC, Index
from app.api.interview import TurnOut, turn_out
from app.db import run_read
from app.runtime import get_runtime
from app.services.coding import submissions
from app.services.coding.runs import MAX_CODE_CHARS, CodeRun

router = APIRouter(prefix='/interview/{token}/code/{index}', tags=['interview (candidate)'], dependencies=PUBLIC)


class CodeIn(BaseModel):
    code: str = Field(max_length=MAX_CODE_CHARS)
    examples_run: int = Field(default=0, ge=0, le=10_000)


class TaskOut(BaseModel):
    index: int
    title: str
    statement: str
    code: str  # the candidate's draft (kept by the room's editor) or the task's starter
    examples: list[dict[str, Any]]
    submitted: bool


class RunOut(BaseModel):
    passed: int
    total: int
    verdict: str
    message: str
    printed: str
    wall_ms: int
    results: list[dict[str, Any]]


def run_out(run: CodeRun) -> RunOut:
    return RunOut(passed=run.passed, total=run.total, verdict=run.verdict, message=run.message, printed=run.printed,
                  wall_ms=run.wall_ms, results=[result.stored() for result in run.results])


@router.get('', response_model=TaskOut)
async def task(token: str, index: Index) -> TaskOut:
    return TaskOut(**asdict(await run_read(submissions.room_task, token, index)))


@router.post('/run', response_model=RunOut)
async def run_examples(token: str, index: Index, body: CodeIn) -> RunOut:
    """Run the visible examples; nothing is stored."""
    return run_out(await submissions.run_examples(token, index, body.code))


@router.post('/submit', response_model=RunOut)
async def submit(token: str, index: Index, body: CodeIn) -> RunOut:
    """Run the hidden tests and store the submission; then answer by a recording (POST …/answers/{index},
    the spoken explanation) or by POST …/code/{index}/answer without one."""
    return run_out(await submissions.submit_code(token, index, body.code, body.examples_run))


@router.post('/answer', response_model=TurnOut)
async def answer_without_recording(token: str, index: Index) -> TurnOut:
    return turn_out(token, await get_runtime().engine.submit_code_answer(token, index))
