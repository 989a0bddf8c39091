"""Coding questions in the room: the task as the candidate sees it, Run, Submit, and the stored
submission that the answer (with or without a spoken explanation) is scored from.

Sync functions take a Session (run them through app.db); the async ones run code in the sandbox on
a worker thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from app.db import run_in_session, run_read
from app.errors import Conflict, NotFound
from app.models import Answer, CodeSubmission, Interview, InterviewStatus, Question, QuestionType
from app.services.coding.bank import CodingTask, task_by_id
from app.services.coding.runs import MAX_CODE_CHARS, CodeRun, check_code, run_cases
from app.services.interview.rows import InterviewStateError, interview_by_token, question_at

NOT_CODING = 'This question is not a coding exercise.'
_running: set[int] = set()  # interviews with a sandboxed run under way (event-loop state: no lock needed)
# The editor's latest text per (token, question), so a reload does not lose the candidate's work. In
# process memory (one server), bounded: the oldest drafts go first.
MAX_DRAFTS = 2000
_drafts: OrderedDict[tuple[str, int], str] = OrderedDict()


@dataclass(frozen=True)
class RoomTask:
    """What the room shows for a coding question."""

    index: int
    title: str
    statement: str
    code: str  # the candidate's draft when there is one, else the task's starter
    examples: list[dict[str, Any]]  # [{'call': 'count_vowels("Hello")', 'expected': '2'}]
    submitted: bool


def _coding_question(session: Session, token: str, index: int) -> tuple[Interview, Question, CodingTask]:
    interview = interview_by_token(session, token)
    assert interview.id is not None
    question = question_at(session, interview.id, index)
    if question is None or question.served_at is None:
        raise NotFound(f'Question {index + 1} has not been asked yet.')
    task = task_by_id(question.coding_task) if question.type == QuestionType.coding else None
    if task is None:
        raise Conflict(NOT_CODING)
    return interview, question, task


def room_task(session: Session, token: str, index: int) -> RoomTask:
    _, question, task = _coding_question(session, token, index)
    submitted = session.exec(select(CodeSubmission.id).where(CodeSubmission.question_id == question.id)).first()
    examples = [{'call': f'{task.entry}({", ".join(_literal(a) for a in case.args)})',
                 'expected': _literal(case.expected)} for case in task.examples]
    code = _drafts.get((token, index), task.starter)
    return RoomTask(index, task.title, task.statement, code, examples, submitted is not None)


def save_draft(token: str, index: int, code: str) -> None:
    """Keep what is in the editor (not run, not stored): shown again after a reload."""
    if len(code) > MAX_CODE_CHARS:
        return
    _drafts[(token, index)] = code
    _drafts.move_to_end((token, index))
    while len(_drafts) > MAX_DRAFTS:
        _drafts.popitem(last=False)


def _open_task(session: Session, token: str, index: int) -> tuple[int, int, CodingTask]:
    """The task of a coding question the candidate may still answer: (interview id, question id, task)."""
    interview, question, task = _coding_question(session, token, index)
    if interview.status != InterviewStatus.in_progress or interview.ended_at is not None:
        raise InterviewStateError(f'This interview is {interview.status.replace("_", " ")}; it takes no more answers.')
    if session.exec(select(Answer.id).where(Answer.question_id == question.id)).first() is not None:
        raise Conflict(f'Question {index + 1} was already answered.')
    assert interview.id is not None and question.id is not None
    return interview.id, question.id, task


@contextmanager
def _one_run_at_a_time(interview_id: int) -> Iterator[None]:
    """A candidate's runs go one after another (a double click or a script must not fill the sandbox slots)."""
    if interview_id in _running:
        raise Conflict('Your code is still running; wait for its result.')
    _running.add(interview_id)
    try:
        yield
    finally:
        _running.discard(interview_id)


async def run_examples(token: str, index: int, code: str) -> CodeRun:
    """The Run button: the visible examples only; nothing is stored."""
    check_code(code)
    interview_id, _, task = await run_read(_open_task, token, index)
    with _one_run_at_a_time(interview_id):
        return await asyncio.to_thread(run_cases, task, code, 'examples')


async def submit_code(token: str, index: int, code: str, examples_run: int = 0) -> CodeRun:
    """Submit: run the hidden tests and store the submission (replacing one not yet answered)."""
    check_code(code)
    interview_id, question_id, task = await run_read(_open_task, token, index)
    with _one_run_at_a_time(interview_id):
        run = await asyncio.to_thread(run_cases, task, code, 'hidden')
    await run_in_session(save_submission, interview_id, question_id, code, run, examples_run)
    return run


def save_submission(session: Session, interview_id: int, question_id: int, code: str, run: CodeRun,
                    examples_run: int) -> CodeSubmission:
    if session.exec(select(Answer.id).where(Answer.question_id == question_id)).first() is not None:
        raise Conflict('This question was already answered.')
    row = session.exec(select(CodeSubmission).where(CodeSubmission.question_id == question_id)).first()
    row = row or CodeSubmission(interview_id=interview_id, question_id=question_id)
    row.code = code
    row.results = [result.stored() for result in run.results]
    row.tests_passed, row.tests_total = run.passed, run.total
    row.verdict, row.message, row.run_ms = run.verdict, run.message or None, run.wall_ms
    row.examples_run = max(0, examples_run)
    session.add(row)
    session.commit()
    return row


def submission_for(session: Session, question_id: int | None) -> CodeSubmission | None:
    if question_id is None:
        return None
    return session.exec(select(CodeSubmission).where(CodeSubmission.question_id == question_id)).first()


def _literal(value: Any) -> str:
    return repr(value) if not isinstance(value, bool) else str(value)
