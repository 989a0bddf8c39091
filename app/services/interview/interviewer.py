"""The LLM as the candidate meets it: planning, question writing and the narrative report.

These steps fall back to the offline interviewer when a remote model fails, so nobody is left
waiting on a broken provider. Scoring (`evaluate`) and follow-ups never fall back: they use the
configured LLM directly (a made-up score would be worse than a visible failure).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from app.providers.errors import ProviderError
from app.providers.llm.base import GeneratedQuestion, LLMProvider, PlanItem, ReportInput
from app.schemas import JobContext, ParsedResume

log = logging.getLogger(__name__)
T = TypeVar('T')


class Interviewer:
    def __init__(self, llm: LLMProvider, fallback: LLMProvider | None = None) -> None:
        self.llm = llm
        self.fallback = fallback

    @property
    def name(self) -> str:
        return self.llm.name

    async def plan(self, job: JobContext, resume: ParsedResume, count: int, *, seed: str = '') -> list[PlanItem]:
        return await self._with_fallback('plan', lambda llm: llm.plan(job, resume, count, seed=seed))

    async def question(self, item: PlanItem, job: JobContext, resume: ParsedResume,
                       previous: list[str]) -> GeneratedQuestion:
        return await self._with_fallback('question', lambda llm: llm.question(item, job, resume, previous))

    async def report(self, data: ReportInput) -> str:
        return await self._with_fallback('report', lambda llm: llm.report(data))

    async def _with_fallback(self, step: str, call: Callable[[LLMProvider], Coroutine[Any, Any, T]]) -> T:
        try:
            return await call(self.llm)
        except ProviderError as exc:
            if self.fallback is None:
                raise
            log.warning('%s with %s failed (%s); using the offline interviewer', step, self.llm.name, exc)
            return await call(self.fallback)
