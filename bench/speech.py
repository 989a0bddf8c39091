"""Speech benchmark: real-time factors of piper (TTS) and whisper (STT) on this machine, and the
memory of one process with both models loaded.

    python bench/speech.py [--quick]

The multilingual path is measured too: espeak-ng speaks Spanish questions and whisper base (the model
other languages use) transcribes them pinned to Spanish; the figures add its RTF, the RSS it adds to
the process, and how many of the sentences' key words came back.

RTF = processing seconds / audio seconds (lower is faster; 0.1 means ten times faster than real
time). Piper speaks question-length sentences; whisper transcribes them joined into one answer-length
recording (and, for comparison, each sentence alone), after one warm-up run; the figures are the median over
rounds (3, or 1 with --quick), with the best round alongside. Each model run uses the thread count
the app gives it (cores / pool size), so the figures match the server's behaviour. Targets on 2 cores:
whisper ≤ 0.15, piper ≤ 0.10, RSS < 700 MB. The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault('HF_HUB_OFFLINE', '1')

from app.providers.audio import join_wavs, wav_duration
from app.providers.local_pool import configure_pool, threads_per_job
from app.providers.stt.whisper import WhisperSTT, bundled_model_path
from app.providers.tts.cache import AudioCache
from app.providers.tts.piper import PiperTTS, bundled_voice_path

SENTENCES = [
    'Tell me about a time you had to debug a slow PostgreSQL query in production. How did you find the cause?',
    'How would you design a rate limiter for a public API that runs on several Kubernetes pods?',
    'Walk me through how Python manages memory, and what the garbage collector does with reference cycles.',
    'What are the trade-offs between using Redis as a cache and keeping the data only in the database?',
    'Describe a project where you used Docker and a CI/CD pipeline to ship changes several times a day.',
    'How do you decide what to cover with unit tests with pytest, and what to leave for integration tests?',
]
HINTS = ['PostgreSQL', 'Kubernetes', 'Python', 'Redis', 'Docker', 'CI/CD', 'pytest']
# Spanish sentences and the content words a listener would hold on to.
SPANISH = [
    ('Un índice hace que las consultas sean más rápidas, pero las escrituras son más lentas.',
     ['índice', 'consultas', 'rápidas', 'escrituras', 'lentas']),
    ('Cuéntame sobre un proyecto en el que trabajaste con un equipo pequeño y una fecha límite.',
     ['proyecto', 'equipo', 'pequeño', 'fecha']),
    ('Siempre reviso el plan de ejecución antes de cambiar una consulta en producción.',
     ['reviso', 'plan', 'ejecución', 'consulta', 'producción']),
]


def rss_mb() -> float:
    with open('/proc/self/status', encoding='ascii') as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(quick: bool) -> dict[str, float]:
    workers = os.cpu_count() or 1
    configure_pool(workers)
    threads = threads_per_job(workers)  # what the app uses: a full pool uses each core once
    sentences = SENTENCES[:2] if quick else SENTENCES
    rounds = 1 if quick else 3
    load_before = os.getloadavg()[0]
    piper = PiperTTS(bundled_voice_path(), AudioCache(None, 0), threads=threads)  # no cache: always synthesize
    whisper = WhisperSTT(str(bundled_model_path()), workers=workers, threads=threads, beam_size=5)

    started = time.perf_counter()
    await piper.warm_up()
    await whisper.warm_up()
    load_seconds = time.perf_counter() - started

    piper_rtfs: list[float] = []
    whisper_rtfs: list[float] = []
    short_rtfs: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / 'warm.wav'
        audio = await piper.synthesize('Warming up the models.')
        assert audio is not None
        warm.write_bytes(audio.data)
        await whisper.transcribe(warm, hints=HINTS)

        for round_number in range(rounds):
            tts_seconds = tts_audio = short_seconds = short_audio = 0.0
            clips: list[bytes] = []
            for number, sentence in enumerate(sentences):
                started = time.perf_counter()
                audio = await piper.synthesize(sentence)
                tts_seconds += time.perf_counter() - started
                assert audio is not None
                tts_audio += wav_duration(audio.data)
                clips.append(audio.data)
                path = Path(tmp) / f's{number}.wav'
                path.write_bytes(audio.data)

                started = time.perf_counter()
                result = await whisper.transcribe(path, hints=HINTS)
                short_seconds += time.perf_counter() - started
                short_audio += result.duration_seconds
                if round_number == 0:
                    print(f'  {audio.duration_seconds:5.1f}s  heard: {result.text}', flush=True)
            # An interview answer is one longer recording; whisper pads every window to 30 s, so a
            # few-second clip is its worst case and the answer-length figure is what the app sees.
            answer = Path(tmp) / 'answer.wav'
            answer.write_bytes(join_wavs(clips))
            started = time.perf_counter()
            result = await whisper.transcribe(answer, hints=HINTS)
            answer_seconds = time.perf_counter() - started
            answer_audio = result.duration_seconds
            piper_rtfs.append(tts_seconds / tts_audio)
            whisper_rtfs.append(answer_seconds / answer_audio)
            short_rtfs.append(short_seconds / short_audio)
            print(f'  round {round_number + 1}: piper RTF {piper_rtfs[-1]:.3f}, whisper RTF {whisper_rtfs[-1]:.3f} '
                  f'on a {answer_audio:.0f}s answer, {short_rtfs[-1]:.3f} on single sentences', flush=True)

    multilingual = await run_multilingual(workers, threads, SPANISH[:1] if quick else SPANISH)
    return {
        **multilingual,
        'piper_rtf': round(statistics.median(piper_rtfs), 3),
        'whisper_rtf': round(statistics.median(whisper_rtfs), 3),
        'piper_rtf_best': round(min(piper_rtfs), 3),
        'whisper_rtf_best': round(min(whisper_rtfs), 3),
        'whisper_rtf_short_clips': round(statistics.median(short_rtfs), 3),
        'rss_mb': round(rss_mb(), 1),
        'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        'load_s': round(load_seconds, 2),
        'answer_audio_s': round(answer_audio, 1),
        'cpu_cores': float(workers),
        'load_avg_1m_before': round(load_before, 2),  # other work on the machine inflates the RTFs
    }


async def run_multilingual(workers: int, threads: int, sentences: list[tuple[str, list[str]]]) -> dict[str, float]:
    """espeak-ng (Spanish) → whisper base pinned to Spanish: RTFs, added RSS and key-word recall."""
    from app.providers.stt.multilingual import MultilingualWhisperSTT, bundled_multilingual_path
    from app.providers.tts.espeak import EspeakTTS, voice_for

    if voice_for('es') is None:
        print('  espeak-ng with a Spanish voice is not installed: multilingual figures skipped', flush=True)
        return {}
    espeak = EspeakTTS(AudioCache(None, 0))
    base = MultilingualWhisperSTT(str(bundled_multilingual_path()), workers=workers, threads=threads, beam_size=5)
    before = rss_mb()
    await base.warm_up()
    added = rss_mb() - before
    tts_seconds = tts_audio = stt_seconds = stt_audio = 0.0
    found = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for number, (sentence, words) in enumerate(sentences):
            started = time.perf_counter()
            audio = await espeak.synthesize(sentence, 'es')
            tts_seconds += time.perf_counter() - started
            assert audio is not None
            tts_audio += audio.duration_seconds
            path = Path(tmp) / f'es{number}.wav'
            path.write_bytes(audio.data)
            started = time.perf_counter()
            result = await base.transcribe(path, language='es')
            stt_seconds += time.perf_counter() - started
            stt_audio += result.duration_seconds
            heard = result.text.lower()
            found += sum(word in heard for word in words)
            total += len(words)
            print(f'  es {audio.duration_seconds:5.1f}s  heard: {result.text}', flush=True)
    return {
        'espeak_rtf': round(tts_seconds / tts_audio, 3),
        'whisper_base_rtf': round(stt_seconds / stt_audio, 3),
        'whisper_base_added_rss_mb': round(added, 1),
        'spanish_key_word_recall': round(found / total, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--quick', action='store_true', help='one round of two sentences instead of three of six')
    args = parser.parse_args()
    figures = asyncio.run(run(args.quick))
    print(f'piper  RTF {figures["piper_rtf"]:.3f}  (target <= 0.10)')
    print(f'whisper RTF {figures["whisper_rtf"]:.3f}  (target <= 0.15; {figures["whisper_rtf_short_clips"]:.3f} on '
          'single-sentence clips)')
    print(f'RSS with both loaded {figures["rss_mb"]:.0f} MB (peak {figures["peak_rss_mb"]:.0f} MB, target < 700)')
    if 'whisper_base_rtf' in figures:
        f = figures
        print(f'Spanish: espeak-ng RTF {f["espeak_rtf"]:.3f}, whisper base RTF {f["whisper_base_rtf"]:.3f}, '
              f'+{f["whisper_base_added_rss_mb"]:.0f} MB, key words heard {f["spanish_key_word_recall"]:.2f}')
    print(json.dumps(figures))


if __name__ == '__main__':
    main()
