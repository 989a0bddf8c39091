"""The practice question: heard, answered and played back in the room before question 1.

Nothing about it is stored or scored: the recording never leaves the candidate's browser. The
server only speaks the question (once per process, kept in memory), so the practice run also
shows whether the candidate can hear the interviewer's voice.
"""

from __future__ import annotations

import asyncio
import logging

from app.i18n import N_
from app.providers.errors import ProviderError
from app.providers.tts.base import SpeechAudio, TTSProvider

log = logging.getLogger(__name__)

PRACTICE_QUESTION = N_('This is a practice question: your answer is not saved and not scored. In a sentence or '
                       'two, what did you do yesterday?')
PRACTICE_SECONDS = 60  # answer limit of the practice recording (before any extra time)


class PracticeAudio:
    def __init__(self, tts: TTSProvider) -> None:
        self.tts = tts
        self._audio: SpeechAudio | None = None
        self._done = False
        self._lock = asyncio.Lock()

    async def audio(self) -> SpeechAudio | None:
        """The spoken practice question; None when the server does not speak (the browser then does)."""
        if not self.tts.speaks_on_server:
            return None
        async with self._lock:
            if not self._done:
                try:
                    self._audio = await self.tts.synthesize(PRACTICE_QUESTION, 'en')
                except ProviderError as exc:
                    log.warning('text-to-speech failed for the practice question: %s', exc)
                self._done = self._audio is not None  # a failure is tried again by the next candidate
        return self._audio
