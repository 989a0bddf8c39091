"""A quick look at an uploaded answer's level, so the room can tell the candidate at once that their
microphone seems quiet (the answer itself is still stored and transcribed: quiet speech is read
after level normalisation, and an answer without speech goes to HR for review, never to a 0)."""

from __future__ import annotations

from dataclasses import dataclass

from app.providers.audio import MAX_DECODE_SECONDS, AudioDecodeError, decode_audio, peak_dbfs
from app.providers.voice import has_speech

QUIET_PEAK_DBFS = -30.0  # a peak below this is a microphone set very low or far away


@dataclass(frozen=True)
class AudioCheck:
    peak_dbfs: float | None
    speech_detected: bool
    message: str | None  # for the candidate; None when the recording sounds fine


def check_audio(data: bytes, mime: str | None = None) -> AudioCheck | None:
    """None when the upload cannot be decoded here (its processing reports that to HR)."""
    try:
        pcm = decode_audio(data, mime=mime, max_seconds=MAX_DECODE_SECONDS)
    except AudioDecodeError:
        return None
    peak = peak_dbfs(pcm)
    speech = has_speech(pcm)
    message = None
    if not speech:
        message = ('We could not hear you in that answer: your microphone seems quiet or muted. '
                   'Check it before you answer the next question.')
    elif peak is not None and peak < QUIET_PEAK_DBFS:
        message = 'Your microphone seems quiet. Move closer to it or raise its volume for the next answer.'
    return AudioCheck(peak_dbfs=peak, speech_detected=speech, message=message)
