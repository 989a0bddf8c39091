"""The interview room's coding exercise: the editor under a coding question, Run, Submit, and the spoken
explanation that goes with the code (the server takes the explanation only once the code is submitted).

The page side of components/room/coding_panel.py (which only shows and collects): this calls the coding
services and hands the turn back to the room (pages/interview_room.py) when the answer is stored.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from app.db import run_read
from app.errors import AppError
from app.i18n import Translator
from app.models import QuestionType
from app.runtime import get_runtime
from app.services.coding import submissions
from app.services.interview.questions import AskedQuestion
from components.recorder import Recorder
from components.recorder.texts import ROOM
from components.room.coding_panel import CodingPanel


class RoomCoding:
    def __init__(self, token: str, recorder: Recorder, t: Translator, *, warn: Callable[[str], None],
                 next_turn: Callable[[bool, AskedQuestion | None], Awaitable[None]]) -> None:
        self.token = token
        self.recorder = recorder
        self.t = t
        self._warn = warn
        self._next = next_turn
        self.box: ui.column | None = None  # under the question panel, once the room placed it
        self.coding: CodingPanel | None = None  # while a coding exercise is on screen
        self.index = 0  # the coding question's index
        self.explaining = False  # a spoken explanation of the current coding exercise was recorded
        self.explanation_held = False  # ... and refused until the code is submitted (kept in the tab)
        self.examples_run = 0

    @property
    def active(self) -> bool:
        return self.coding is not None

    def place(self) -> None:
        self.box = ui.column().classes('w-full gap-4')

    async def show(self, question: AskedQuestion) -> str | None:
        """The editor for a coding question (its title returned); nothing for any other question."""
        assert self.box is not None
        self.box.clear()
        self.coding, self.explaining, self.explanation_held, self.examples_run = None, False, False, 0
        if question.type != QuestionType.coding:
            return None
        self.index = question.index
        try:
            task = await run_read(submissions.room_task, self.token, question.index)
        except AppError as exc:
            self._warn(exc.message)
            return None
        with self.box:
            self.coding = CodingPanel(task, self.t, on_run=self._run_code, on_submit=self._submit_code,
                                      on_edit=lambda code: submissions.save_draft(self.token, question.index, code))
        return task.title

    async def _run_code(self) -> None:
        assert self.coding is not None
        self.coding.busy(True)
        self.coding.message.set_text(self.t(ROOM['coding_running']))
        try:
            run = await submissions.run_examples(self.token, self.index, self.coding.code)
        except AppError as exc:
            self.coding.message.set_text(exc.message)
            return
        finally:
            self.coding.busy(False)
        self.examples_run += 1
        self.coding.message.set_text('')
        self.coding.show_run(run, self.t('Examples'))

    async def _submit_code(self) -> None:
        assert self.coding is not None
        index = self.index
        self.coding.busy(True)
        self.coding.message.set_text(self.t(ROOM['coding_running']))
        try:
            run = await submissions.submit_code(self.token, index, self.coding.code, self.examples_run)
        except AppError as exc:
            self.coding.message.set_text(exc.message)
            self.coding.busy(False)
            return
        self.coding.show_run(run, self.t('Submitted'))
        self.coding.message.set_text(self.t(ROOM['saving']))
        if self.explanation_held:  # refused before the code existed: the same recording goes now
            self.recorder.retry_upload()
        elif self.explaining:
            self.recorder.done()  # its upload's reply moves the room on (InterviewRoom._answer_uploaded)
        else:
            try:
                turn = await get_runtime().engine.submit_code_answer(self.token, index)
            except AppError as exc:
                self.coding.message.set_text(exc.message)
                self.coding.busy(False)
                return
            await self._next(turn.finished, turn.next)
