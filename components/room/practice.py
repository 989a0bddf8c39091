"""The practice question before question 1: hear it, answer it, play the answer back, then start.

Nothing is stored or scored: the recorder keeps the practice recording in the browser (it is never
uploaded) and the video only starts with the real interview. The room (pages/interview_room.py)
owns the panel and forwards the recorder's events here while `active`.
"""

from __future__ import annotations

from app import links
from app.i18n import Translator
from app.languages import SPEECH_LANG
from app.runtime import get_runtime
from app.services.accommodations import Accommodations
from app.services.interview.practice import PRACTICE_QUESTION, PRACTICE_SECONDS
from components.recorder import Recorder
from components.recorder.texts import ROOM
from components.room.question_panel import QuestionPanel


class PracticeRun:
    def __init__(self, token: str, recorder: Recorder, acc: Accommodations, thinking: int | None,
                 t: Translator) -> None:
        self.token = token
        self.t = t
        self.recorder = recorder
        self.acc = acc
        self.thinking = thinking
        self.active = False

    def ask(self, panel: QuestionPanel) -> None:
        """Play the practice question; recording follows as in the real interview."""
        self.active = True
        question = self.t(PRACTICE_QUESTION)
        panel.show_text(self.t('Practice question'), question)
        # The server's practice audio is the English question: another language is read by the browser.
        speaks = get_runtime().pipeline.practice.tts.speaks_on_server and question == PRACTICE_QUESTION
        audio = links.practice_audio_path(self.token) if speaks else None
        limit = self.acc.answer_limit(PRACTICE_SECONDS)
        self.recorder.ask({
            'upload_url': '',  # never used: a practice answer is not uploaded
            'audio_url': audio,
            'speak_text': None if audio else question,
            'lang': SPEECH_LANG.get(self.t.html_lang, 'en-US'),
            'max_seconds': limit,
            'thinking_seconds': self.thinking,
            'untimed': limit is None,
            'practice': True,
            'redos_left': 0,
        })
        panel.status(self.t(ROOM['practice']), 'answer_now', 'start_real')

    def recorded(self, panel: QuestionPanel) -> None:
        panel.status(self.t(ROOM['practice_recorded']), 'play_mine', 'practice_again', 'start_real')

    def play(self, panel: QuestionPanel) -> None:
        self.recorder.play_practice()
        panel.status(self.t(ROOM['practice_playing']), 'play_mine', 'practice_again', 'start_real')
