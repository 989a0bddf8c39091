"""How far a transcript can be trusted: skill terms, invented terms, deleted words, quiet speech.

    python bench/transcripts.py [--quick]

Answers containing skill terms (and words a skill prompt turns into skill names: 'readiness probe',
'EXPLAIN ANALYZE', 'a table') are spoken by piper (the bundled joe voice), then played clean, with
noise (white noise at ~12 dB SNR), quiet (scaled to a peak of -40 and -48 dBFS) and, standing in for
other voices (only one piper voice is packaged), pitched and paced 10 % lower and higher. Each recording is
transcribed by the bundled whisper tiny.en three ways, each followed by the vocabulary pass:
no prompt, the skill prompt as before (no verification), and the skill prompt with every prompted
term checked against an unprompted decode (the default now). Figures:

- skill-term recall: terms said that the transcript writes (any spelling of the same letters);
- skill names written that were never said: job terms in the transcript that the script lacks;
- words deleted by the vocabulary pass: answers where a word of the script that the raw transcript
  had is gone after the pass, old pass (main before this change) and new;
- quiet detection: quiet answers transcribed (speech found, words out) now, and how many the old
  fixed -45 dBFS threshold called silence;
- review: answers the quality gate holds (speech should not be held; silence and noise must be);
- CPU seconds per answer for each way (process time, 2 cores).
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.providers.audio import Pcm, decode_audio, join_wavs, peak_dbfs  # noqa: E402
from app.providers.stt.base import Transcription  # noqa: E402
from app.providers.stt.whisper import WhisperSTT, bundled_model_path  # noqa: E402
from app.transcript_quality import clean, review_reason  # noqa: E402
from app.vocabulary import apply_vocabulary, deleted_words, prompt_terms  # noqa: E402

BASELINE = '6878903'  # main before this change: the old vocabulary pass
SKILLS = ['PostgreSQL', 'Kubernetes', 'Redis', 'CI/CD', 'AWS', 'pytest', 'Kafka', 'GraphQL', 'Docker',
          'Terraform', 'FastAPI', 'React', 'JavaScript']
# (script, the skill terms it says)
ANSWERS: list[tuple[str, list[str]]] = [
    ('I would start with the slow query log in PostgreSQL and read the plan with EXPLAIN ANALYZE.',
     ['PostgreSQL']),
    ('Each pod has a readiness probe, so traffic only reaches healthy instances.', []),
    ('We deploy on Kubernetes, and every service has a liveness probe and a readiness probe.', ['Kubernetes']),
    ('Our CI/CD pipeline runs the tests with pytest before every deployment to AWS.', ['CI/CD', 'pytest', 'AWS']),
    ('For caching we keep the product catalogue in Redis with a short expiry.', ['Redis']),
    ('I put the numbers in a table and shared it with the team on Friday.', []),
    ('Events go through Kafka, and a consumer writes them to PostgreSQL in batches.', ['Kafka', 'PostgreSQL']),
    ('The API is written with FastAPI, and the frontend uses React with a GraphQL client.',
     ['FastAPI', 'React', 'GraphQL']),
    ('We build a Docker image for each commit and Terraform creates the infrastructure.', ['Docker', 'Terraform']),
    ('I explained the trade-offs to the product manager and we agreed on a smaller first release.', []),
    ('The CI/CD jobs push images to a registry on AWS, then Kubernetes rolls them out.',
     ['CI/CD', 'AWS', 'Kubernetes']),
    ('When the cache misses, the service reads from the database and writes the result back.', []),
    ('I wrote unit tests with pytest and added an index when EXPLAIN ANALYZE showed a sequential scan.',
     ['pytest']),
    ('Our read replicas lag a little, so reads that follow a write go to the primary.', []),
    ('We moved the sessions to Redis and the queue to Kafka, which cut latency in half.', ['Redis', 'Kafka']),
    ('Infrastructure lives in Terraform, and Docker images are scanned before they reach AWS.',
     ['Terraform', 'Docker', 'AWS']),
    # Names followed by short words: the old pass merged 'graph QL is' into 'GraphQL', deleting 'is'.
    ('Our GraphQL is typed end to end, and the JavaScript is checked by the compiler.', ['GraphQL', 'JavaScript']),
    ('Postgres is our main database; we tune it with EXPLAIN ANALYZE.', []),
]
WAYS = ('unprompted', 'prompted', 'verified')
QUIET_PEAKS = (-40.0, -48.0)
SHIFTS = (0.9, 1.1)  # playback rate: lower and slower, higher and faster


def _key(text: str) -> str:
    return re.sub(r'[^a-z0-9+#]', '', text.lower())


def _has(text: str, term: str) -> bool:
    return _key(term) in _key(text) if len(_key(term)) > 3 else bool(
        re.search(rf'(?<![a-z0-9]){re.escape(term.lower())}(?![a-z0-9])', text.lower()))


def _old_vocabulary() -> ModuleType:
    source = subprocess.run(['git', '-C', str(ROOT), 'show', f'{BASELINE}:app/vocabulary.py'],
                            capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / 'old_vocabulary.py'
    path.write_text(source)
    spec = importlib.util.spec_from_file_location('old_vocabulary', path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _old_threshold_silent(pcm: Pcm, threshold: float = -45.0, min_ms: int = 300) -> bool:
    """The removed rule: no 300 ms stretch louder than -45 dBFS (RMS over 20 ms steps) is silence."""
    frame = pcm.sample_rate // 50
    samples = pcm.samples[: len(pcm.samples) // frame * frame].astype(np.float64).reshape(-1, frame)
    rms = np.sqrt(np.mean(samples ** 2, axis=1)) / 32768.0
    loud = 20 * np.log10(np.maximum(rms, 1e-9)) > threshold
    run = best = 0
    for flag in loud:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best * 20 < min_ms


def _scaled(pcm: Pcm, peak: float) -> Pcm:
    current = peak_dbfs(pcm) or 0.0
    factor = 10 ** ((peak - current) / 20)
    return Pcm((pcm.samples.astype(np.float32) * factor).round().astype(np.int16), pcm.sample_rate)


def _shifted(pcm: Pcm, rate: float) -> Pcm:
    positions = np.arange(0, len(pcm.samples) - 1, rate)
    return Pcm(np.interp(positions, np.arange(len(pcm.samples)), pcm.samples).astype(np.int16), pcm.sample_rate)


def _noisy(pcm: Pcm, snr_db: float = 12.0, seed: int = 7) -> Pcm:
    signal = pcm.samples.astype(np.float32)
    power = float(np.mean(signal ** 2)) or 1.0
    noise = np.random.default_rng(seed).normal(0, np.sqrt(power / 10 ** (snr_db / 10)), signal.size)
    return Pcm(np.clip(signal + noise, -32768, 32767).astype(np.int16), pcm.sample_rate)


async def _speak(scripts: list[str]) -> list[Pcm]:
    from app.providers.tts.cache import AudioCache
    from app.providers.tts.piper import PiperTTS, bundled_voice_path

    tts = PiperTTS(bundled_voice_path(), AudioCache(Path(tempfile.mkdtemp()), 64))
    out = []
    for script in scripts:
        audio = await tts.synthesize(script, 'en')
        assert audio is not None
        out.append(decode_audio(join_wavs([audio.data])))
    return out


def _transcribe(stt: WhisperSTT, pcm: Pcm, hints: list[str] | None) -> tuple[Transcription, float]:
    started = time.process_time()
    result = stt.transcribe_pcm(pcm, hints, 'en')
    return result, time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--quick', action='store_true', help='6 answers, clean and quiet only')
    args = parser.parse_args()
    answers = ANSWERS[:6] if args.quick else ANSWERS
    conditions = ('clean', 'quiet') if args.quick else ('clean', 'noisy', 'quiet', 'voices')
    old_vocabulary = _old_vocabulary()
    hints = prompt_terms(SKILLS)
    all_terms = list(dict.fromkeys([*SKILLS, *hints]))
    model = str(bundled_model_path())
    stts = {'unprompted': WhisperSTT(model, workers=1, verify_terms=False),
            'prompted': WhisperSTT(model, workers=1, verify_terms=False),
            'verified': WhisperSTT(model, workers=1, verify_terms=True)}
    pcms = asyncio.run(_speak([script for script, _ in answers]))
    said = {way: 0 for way in WAYS}
    found = {way: 0 for way in WAYS}
    never_said = {way: 0 for way in WAYS}
    never_said_examples: dict[str, list[str]] = {way: [] for way in WAYS}
    cpu = {way: 0.0 for way in WAYS}
    deleted = {'old': 0, 'new': 0}
    deleted_examples: list[str] = []
    quiet = {'total': 0, 'transcribed': 0, 'old_threshold_silent': 0}
    held = {'speech': 0, 'speech_total': 0}
    runs = 0
    for (script, terms), base in zip(answers, pcms, strict=True):
        variants = []
        for condition in conditions:
            if condition == 'quiet':
                variants.extend(('quiet', _scaled(base, peak)) for peak in QUIET_PEAKS)
            elif condition == 'voices':
                variants.extend(('voices', _shifted(base, rate)) for rate in SHIFTS)
            else:
                variants.append((condition, _noisy(base) if condition == 'noisy' else base))
        script_words = {w.lower() for w in re.findall(r"[A-Za-z0-9+#']+", script)}
        for condition, pcm in variants:
            runs += 1
            for way in WAYS:
                result, seconds = _transcribe(stts[way], pcm, None if way == 'unprompted' else hints)
                cpu[way] += seconds
                text = apply_vocabulary(result.text, SKILLS)
                said[way] += len(terms)
                found[way] += sum(_has(text, term) for term in terms)
                invented = [t for t in all_terms if _has(text, t) and not _has(script, t)
                            and not any(_has(t, s) for s in terms)]
                never_said[way] += len(invented)
                never_said_examples[way].extend(invented[:2])
                if way == 'verified':
                    held['speech_total'] += 1
                    held['speech'] += review_reason(result, clean(text)) is not None
                    if condition == 'quiet':
                        quiet['total'] += 1
                        quiet['transcribed'] += bool(result.speech_detected and result.text.strip())
                        quiet['old_threshold_silent'] += _old_threshold_silent(pcm)
                if way == 'prompted':  # the old pipeline's raw text: did a pass delete a real word?
                    old = old_vocabulary.apply_vocabulary(result.text, SKILLS)
                    lost_old = [w for w in deleted_words(result.text, old) if w.lower() in script_words]
                    lost_new = [w for w in deleted_words(result.text, text) if w.lower() in script_words]
                    deleted['old'] += bool(lost_old)
                    deleted['new'] += bool(lost_new)
                    if lost_old and len(deleted_examples) < 4:
                        deleted_examples.append(f'{result.text!r} -> {old!r}')
    # Recordings with no answer in them: digital silence, a dead microphone's hiss, a fan hum.
    rng = np.random.default_rng(3)
    empties = {
        'silence': Pcm(np.zeros(16000 * 4, dtype=np.int16)),
        'hiss': Pcm(rng.normal(0, 30, 16000 * 4).astype(np.int16)),
        'hum': Pcm((800 * np.sin(2 * np.pi * 60 * np.arange(16000 * 4) / 16000)).astype(np.int16)),
    }
    no_speech_held = 0
    for pcm in empties.values():
        result, _ = _transcribe(stts['verified'], pcm, hints)
        no_speech_held += review_reason(result, clean(result.text)) is not None
    figures: dict[str, Any] = {
        'answers': runs, 'conditions': list(conditions),
        'skill_term_recall': {way: round(found[way] / said[way], 3) if said[way] else None for way in WAYS},
        'skill_names_never_said': never_said,
        'never_said_examples': {way: sorted(set(v))[:6] for way, v in never_said_examples.items()},
        'answers_with_a_deleted_word': deleted, 'deleted_examples_old': deleted_examples,
        'quiet_transcribed_rate': round(quiet['transcribed'] / quiet['total'], 3) if quiet['total'] else None,
        'quiet_called_silence_by_old_threshold': round(quiet['old_threshold_silent'] / quiet['total'], 3)
        if quiet['total'] else None,
        'speech_held_for_review': f"{held['speech']}/{held['speech_total']}",
        'no_speech_held_for_review': f'{no_speech_held}/{len(empties)}',
        'cpu_s_per_answer': {way: round(cpu[way] / runs, 3) for way in WAYS},
    }
    print(json.dumps(figures))


if __name__ == '__main__':
    main()
