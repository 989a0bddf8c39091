"""The question supply: serve question k, and make question k + 1 (text and audio) while the
candidate answers k, so the turn gap does not wait on the LLM or TTS.

Each (interview, index) is generated at most once at a time; a generated question is stored only
if its plan entry is still the one it was made for (a follow-up may have taken the slot meanwhile).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from app import media
from app.db import background_priority, run_in_session, run_read
from app.models import Question, QuestionType
from app.providers.errors import ProviderError
from app.providers.llm.base import GeneratedQuestion
from app.providers.tts.base import TTSProvider
from app.services.coding.planning import coding_task
from app.services.interview import rows
from app.services.interview.follow_ups import follow_up_rubric
from app.services.interview.interviewer import Interviewer
from app.services.interview.locks import InterviewLocks
from app.services.interview.plan import PlanEntry
from app.services.interview.rows import InterviewStateError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AskedQuestion:
    """A question as the candidate sees it once it is served."""

    index: int
    total: int
    text: str
    type: str
    has_audio: bool


class QuestionSupply:
    def __init__(self, interviewer: Interviewer, tts: TTSProvider, locks: InterviewLocks) -> None:
        self.interviewer = interviewer
        self.tts = tts
        self._locks = locks
        self._generating: dict[tuple[int, int], asyncio.Task[Question | None]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._changed = asyncio.Event()  # set whenever a background task ends

    async def serve(self, interview_id: int, index: int) -> AskedQuestion:
        """Mark question `index` as shown (making it now if it was not pre-generated) and start on the next."""
        while True:
            # Under the interview's lock, so a follow-up cannot take the slot between look and mark.
            async with self._locks(interview_id):
                served_total = await run_in_session(rows.serve_question, interview_id, index)
            if served_total is not None:
                break
            await self._ensure_question(interview_id, index)  # not pre-generated (yet): make it now
        served, total = served_total
        if index + 1 < total:
            self.prepare(interview_id, index + 1)
        return AskedQuestion(index, total, served.text, served.type, served.audio_file is not None)

    def prepare(self, interview_id: int, index: int) -> None:
        """Start generating question `index` in the background unless it exists or is under way."""
        task = asyncio.create_task(self._pregenerate(interview_id, index))
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    async def make(self, interview_id: int, index: int) -> Question:
        """Question `index` made now (or joined where under way); the preparation before Start waits on it."""
        return await self._ensure_question(interview_id, index)

    @property
    def idle(self) -> bool:
        return not (self._tasks or self._generating)

    async def wait_idle(self) -> None:
        """Until no question is being made in the background."""
        while not self.idle:
            self._changed.clear()
            await self._changed.wait()

    async def aclose(self) -> None:
        for task in list(self._tasks) + list(self._generating.values()):
            task.cancel()
        await asyncio.gather(*self._tasks, *self._generating.values(), return_exceptions=True)

    async def _pregenerate(self, interview_id: int, index: int) -> None:
        with background_priority():
            await self._ensure_question(interview_id, index, quiet=True)

    async def _ensure_question(self, interview_id: int, index: int, quiet: bool = False) -> Question:
        for _ in range(5):
            existing = await run_read(rows.question_at, interview_id, index)
            if existing is not None:
                return existing
            key = (interview_id, index)
            task = self._generating.get(key)
            if task is None:
                task = asyncio.create_task(self._generate(interview_id, index))
                self._generating[key] = task
                task.add_done_callback(self._forget_generation(key))
            try:
                result = await asyncio.shield(task)
            except Exception:
                if quiet:
                    log.exception('pre-generating question %s of interview %s failed', index + 1, interview_id)
                raise
            if result is not None:
                return result
        raise RuntimeError(f'question {index + 1} of interview {interview_id} kept changing while generated')

    async def _generate(self, interview_id: int, index: int) -> Question | None:
        ctx = await run_read(rows.context, interview_id)
        if index >= len(ctx.plan):
            raise InterviewStateError('There is no such question in this interview.')
        entry = ctx.plan[index]
        text, rubric, extra = await self._content(interview_id, entry, ctx)
        fields: dict[str, Any] = {
            'text': text, 'type': entry.type, 'skill': entry.skill, 'difficulty': entry.difficulty,
            'focus': entry.focus, 'rubric': rubric, 'parent_index': entry.parent_index, **extra,
            **await self._speak(text, ctx.job.language),
        }
        question = await run_in_session(rows.save_question, interview_id, index, entry, fields)
        if question is None or question.audio_file != fields.get('audio_file'):
            media.delete(fields.get('audio_file'))  # stale or lost the race: its audio is not needed
        return question

    async def _content(self, interview_id: int, entry: PlanEntry, ctx: rows.InterviewContext,
                       ) -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
        """The question's text, its rubric and any columns of its kind, for one plan entry."""
        if entry.type == QuestionType.coding:
            task = coding_task(entry)
            return task.spoken_text, task.rubric_points(), {'coding_task': task.id}
        if entry.is_live and entry.text:  # HR's own words and key points (maybe none: shown unscored)
            return entry.text, list(entry.rubric or []), {'asked_by_id': entry.asked_by_id,
                                                          'asked_by_label': entry.asked_by}
        if entry.is_follow_up and entry.parent_index is not None and entry.text:
            rubric = await run_read(follow_up_rubric, interview_id, entry.parent_index)
            generated = GeneratedQuestion(text=entry.text, rubric=rubric)
        elif (rule := ctx.job.question_rule(entry.question_key)) is not None and len(rule.rubric) >= 3:
            generated = GeneratedQuestion(text=rule.text, rubric=rule.rubric)  # HR's wording, whatever the LLM
        else:
            previous = await run_read(rows.question_texts, interview_id)
            generated = await self.interviewer.question(entry.plan_item(), ctx.job, ctx.resume, previous)
        return generated.text, [p.model_dump() for p in generated.rubric], {}

    async def _speak(self, text: str, language: str) -> dict[str, Any]:
        if not self.tts.speaks_on_server:
            return {}
        try:
            audio = await self.tts.synthesize(text, language)
        except ProviderError as exc:
            # The room reads the question aloud with the browser's voice instead.
            log.warning('text-to-speech failed, the browser will speak the question: %s', exc)
            return {}
        if audio is None:
            return {}
        name = media.new_name('questions', media.audio_extension(audio.mime) or 'wav')
        await asyncio.to_thread(partial(media.write, name, audio.data, durable=False))  # regenerable
        return {'audio_file': name, 'audio_mime': audio.mime, 'audio_duration': audio.duration_seconds}

    def _forget_generation(self, key: tuple[int, int]) -> Callable[[asyncio.Task[Question | None]], None]:
        def done(_task: asyncio.Task[Question | None]) -> None:
            self._generating.pop(key, None)
            self._changed.set()
        return done

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        self._changed.set()
        if not task.cancelled() and task.exception() is not None:
            log.error('background question task failed: %s', task.exception())
