"""The answer queue: the one seam between "an answer was stored" and "process it in the background".

Everything that wants an answer transcribed and scored — a new upload, HR's re-score, HR's retry —
calls `enqueue(answer_id)` on the queue the runtime injected. The database row is the record of
what is left to do (`received` / `transcribed`); a queue only decides *when* it happens, so losing
a queued id loses nothing. Two implementations: on SQLite the in-process AnswerWorker
(processing.py; the next start resumes what was left); on PostgreSQL the ClaimingWorker
(claiming.py), where the row is the job, workers in any process claim it under a lease, and
enqueue() is only a wake-up (local, and NOTIFY for the other processes).
"""

from __future__ import annotations

from typing import Protocol


class AnswerQueue(Protocol):
    def enqueue(self, answer_id: int) -> None:
        """Have the answer processed soon. Returns at once; safe from the event loop and from worker
        threads (sync routes). Call it only after the answer's new state is committed."""


class StepRefused(Exception):
    """The queue would not record a processing step because the answer is no longer this worker's
    (the claim queue: another worker took it over). Nothing was written; processing stops there."""
