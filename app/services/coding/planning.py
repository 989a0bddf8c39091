"""Coding exercises in the interview plan: slots after the spoken questions, one bank task each."""

from __future__ import annotations

import asyncio

from app.models import QuestionType
from app.sandbox import sandbox_status
from app.services.coding.bank import CodingTask, pick_tasks, task_by_id
from app.services.interview.plan import PlanEntry


async def coding_entries(count: int, seed: int) -> list[PlanEntry]:
    """Plan entries for `count` exercises; none when the sandbox cannot run here (the feature is off)."""
    if count <= 0:
        return []
    status = await asyncio.to_thread(sandbox_status)  # the first call probes bwrap: not on the event loop
    if not status.available:
        return []
    return [PlanEntry(type=QuestionType.coding, skill='Python', difficulty=task.difficulty, focus=task.id)
            for task in pick_tasks(count, seed)]


def coding_task(entry: PlanEntry) -> CodingTask:
    task = task_by_id(entry.focus)
    if task is None:
        raise ValueError(f'coding task {entry.focus!r} is not in the bank')
    return task
