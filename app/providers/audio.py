"""Audio plumbing shared by the speech providers: decoding browser formats with PyAV (no system
ffmpeg), levels (peak, normalisation) and WAV packing. Silence is voice activity: providers/voice.py.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from app.providers.errors import ProviderError, UnreadableAudio

SAMPLE_RATE = 16_000  # what whisper expects, and plenty for speech
# No answer is decoded past this (the longest answer limit a job can set, 600 s, plus slack): about
# 21 MB of samples, whatever a hostile file claims. The upload check refuses long files earlier.
MAX_DECODE_SECONDS = 660.0


class AudioDecodeError(ValueError):
    """The upload is not audio PyAV can read (corrupt, empty, or not a media file)."""


class AudioTooLong(AudioDecodeError):
    """The audio runs past the most an answer may last (a tiny file can decompress to hours)."""


# The container each accepted upload type must be: a file declared as webm is read as webm only, so
# a hostile upload cannot pick an exotic demuxer by content sniffing.
CONTAINER_FORMATS = {
    'audio/webm': 'matroska', 'video/webm': 'matroska', 'audio/ogg': 'ogg', 'audio/opus': 'ogg',
    'audio/mp4': 'mp4', 'audio/m4a': 'mp4', 'audio/x-m4a': 'mp4', 'audio/aac': 'aac', 'audio/mpeg': 'mp3',
    'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/wave': 'wav',
}


def container_format(mime: str | None) -> str | None:
    """PyAV's demuxer for a declared type; None (sniff the content) when no type is known."""
    if not mime:
        return None
    return CONTAINER_FORMATS.get(mime.split(';', 1)[0].strip().lower())


@dataclass(frozen=True)
class Pcm:
    """Mono signed 16-bit PCM."""

    samples: np.ndarray  # int16, shape (n,)
    sample_rate: int = SAMPLE_RATE

    @property
    def duration_seconds(self) -> float:
        return len(self.samples) / self.sample_rate

    def as_float32(self) -> np.ndarray:
        return self.samples.astype(np.float32) / 32768.0

    def to_wav(self) -> bytes:
        return pcm_to_wav(self.samples.tobytes(), self.sample_rate)


@contextmanager
def reading_audio(provider: str, path: Path) -> Iterator[None]:
    """Report a recording that is missing or not decodable as the provider's error. Undecodable
    audio is UnreadableAudio: retrying cannot help, so the answer worker fails it at once."""
    try:
        yield
    except FileNotFoundError as error:
        raise ProviderError(provider, f'audio file missing: {path}') from error
    except AudioDecodeError as error:
        raise UnreadableAudio(provider, str(error)) from error


def decode_audio(source: Path | bytes, sample_rate: int = SAMPLE_RATE, *, mime: str | None = None,
                 max_seconds: float | None = None) -> Pcm:
    """Decode any container/codec PyAV knows (webm/opus, ogg, mp4/aac, wav, mp3) to mono 16 kHz PCM.

    `mime` pins the container to the declared type; decoding stops with AudioTooLong once more than
    `max_seconds` of samples came out (the memory of a decoded answer is bounded, whatever the file).
    """
    handle: Path | io.BytesIO = io.BytesIO(source) if isinstance(source, bytes) else source
    chunks: list[np.ndarray] = []
    cap = int(max_seconds * sample_rate) if max_seconds is not None else None
    decoded = 0
    try:
        with av.open(handle, mode='r', format=container_format(mime)) as container:
            if not container.streams.audio:
                raise AudioDecodeError('the file has no audio track')
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format='s16', layout='mono', rate=sample_rate)
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
                    decoded += len(chunks[-1])
                if cap is not None and decoded > cap:
                    raise AudioTooLong(f'the recording is longer than {max_seconds:.0f} seconds')
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except AudioDecodeError:
        raise
    except (av.FFmpegError, OSError, ValueError) as error:
        raise AudioDecodeError(f'could not decode the audio: {error}') from error
    samples = np.concatenate(chunks).astype(np.int16) if chunks else np.zeros(0, dtype=np.int16)
    return Pcm(samples=samples, sample_rate=sample_rate)


def probe_duration(source: Path | bytes, mime: str | None = None, stop_after: float | None = None) -> float:
    """Seconds of audio, read from packet timestamps without decoding (a few ms for an answer).

    Browser recordings (MediaRecorder webm) carry no duration in their header, so the packets are
    walked instead. `mime` pins the container. With `stop_after`, the walk ends at the first packet past
    that many seconds and returns its end: a few MB of opus can hold hours of 20 ms packets, and walking
    them all to refuse the file took ~7 s of CPU. Raises AudioDecodeError for files that are not audio.
    """
    handle: Path | io.BytesIO = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with av.open(handle, mode='r', format=container_format(mime)) as container:
            if not container.streams.audio:
                raise AudioDecodeError('the file has no audio track')
            stream = container.streams.audio[0]
            end = 0.0
            for packet in container.demux(stream):
                if packet.pts is not None and packet.time_base is not None:
                    end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
                    if stop_after is not None and end > stop_after:
                        break
            return end
    except AudioDecodeError:
        raise
    except (av.FFmpegError, OSError, ValueError) as error:
        raise AudioDecodeError(f'could not decode the audio: {error}') from error


def peak_dbfs(pcm: Pcm) -> float | None:
    """The loudest sample in dB below full scale; None for an empty or all-zero recording."""
    if pcm.samples.size == 0:
        return None
    peak = int(np.max(np.abs(pcm.samples.astype(np.int32))))
    return None if peak == 0 else round(20 * float(np.log10(peak / 32768.0)), 1)


def normalize_level(pcm: Pcm, target_dbfs: float = -3.0, max_gain_db: float = 50.0) -> Pcm:
    """Scale the recording so its loudest sample sits at `target_dbfs` (never by more than
    `max_gain_db`, so a dead microphone's hiss stays hiss). Quiet speech then reaches voice
    detection and whisper at a normal level: a fixed −45 dBFS threshold used to throw it away."""
    peak = peak_dbfs(pcm)
    if peak is None:
        return pcm
    gain_db = min(max_gain_db, target_dbfs - peak)
    if abs(gain_db) < 0.5:
        return pcm
    scaled = pcm.samples.astype(np.float32) * float(10 ** (gain_db / 20))
    return Pcm(np.clip(scaled, -32768, 32767).astype(np.int16), pcm.sample_rate)


def pcm_to_wav(frames: bytes, sample_rate: int, channels: int = 1, sample_width: int = 2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, 'wb') as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(sample_width)
        wav.setframerate(sample_rate)
        wav.writeframes(frames)
    return buffer.getvalue()


def wav_duration(data: bytes) -> float:
    """Duration of a WAV file in seconds; raises AudioDecodeError when the bytes are not a WAV."""
    try:
        with wave.open(io.BytesIO(data), 'rb') as wav:
            rate = wav.getframerate()
            return wav.getnframes() / rate if rate else 0.0
    except (wave.Error, EOFError) as error:
        raise AudioDecodeError(f'not a WAV file: {error}') from error


def join_wavs(parts: list[bytes]) -> bytes:
    """Concatenate WAV files that share one format (e.g. a long text synthesized in pieces)."""
    if len(parts) == 1:
        return parts[0]
    frames: list[bytes] = []
    params: tuple[int, int, int] | None = None
    for part in parts:
        with wave.open(io.BytesIO(part), 'rb') as wav:
            these = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
            if params is not None and these != params:
                raise AudioDecodeError('audio parts differ in format')
            params = these
            frames.append(wav.readframes(wav.getnframes()))
    assert params is not None
    return pcm_to_wav(b''.join(frames), params[2], channels=params[0], sample_width=params[1])
