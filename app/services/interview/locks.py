"""One asyncio lock per interview, shared by every step that changes an interview's plan or result.

Serving a question, inserting a follow-up and finalizing must not interleave for one interview
(a follow-up could take a slot between "look" and "mark served"). One process runs one pipeline,
so in-process locks are enough; the database row locks guard the same steps across processes.
"""

from __future__ import annotations

import asyncio
import weakref


class InterviewLocks:
    def __init__(self) -> None:
        # Weak values: the lock of an interview nobody is working on is dropped by itself.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def __call__(self, interview_id: int) -> asyncio.Lock:
        lock = self._locks.get(interview_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[interview_id] = lock
        return lock
