"""Is anyone speaking? Voice activity (Silero VAD, shipped with faster-whisper) on the recording
after its level is normalised.

A fixed level threshold (−45 dBFS) called quiet speech silence and scored it 0, while whisper
reads speech fine down to −48 dBFS; a hum or fan above the threshold counted as an answer. Voice
activity on normalised audio separates the two whatever the microphone's gain.
"""

from __future__ import annotations

import numpy as np

from app.providers.audio import Pcm, normalize_level, peak_dbfs

MIN_SPEECH_SECONDS = 0.3  # less voice than this in a recording is no answer
MAX_PIECE_SECONDS = 28  # under whisper's 30 s window (see stt/whisper.py)

Span = dict[str, int]  # {'start': sample, 'end': sample}, as faster_whisper.vad returns them


def speech_spans(pcm: Pcm) -> tuple[np.ndarray, list[Span]]:
    """The normalised recording as float32 and the stretches of it that are speech."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if peak_dbfs(pcm) is None or pcm.duration_seconds < MIN_SPEECH_SECONDS:
        return pcm.as_float32(), []
    audio = normalize_level(pcm).as_float32()
    spans = get_speech_timestamps(audio, VadOptions(max_speech_duration_s=MAX_PIECE_SECONDS,
                                                    min_silence_duration_ms=160))
    if sum(s['end'] - s['start'] for s in spans) < MIN_SPEECH_SECONDS * pcm.sample_rate:
        return audio, []
    return audio, spans


def has_speech(pcm: Pcm) -> bool:
    return bool(speech_spans(pcm)[1])
