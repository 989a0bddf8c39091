"""Capacity benchmark: how many real interview answers one machine processes with the offline models,
what each costs in CPU, and what the process's memory does during and after a burst.

    python bench/capacity.py [--quick] [--answers N] [--variants a,b,...] [--parallel]

Piper speaks three ~30-second technical answers (synthesized once, as WAV, before any measurement).
Each variant then runs in a fresh process built like the server (app.providers.registry: the same
local-model pool size, whisper settings and offline scorer; answers processed at most ANSWER_WORKERS
at a time, as the answer queue does): it loads every model, processes one answer to warm up, records
the idle RSS, processes a burst of N answers submitted at once (transcribe with the job's skill
hints, then score against the question's rubric), samples RSS every 50 ms for the peak, then waits
for the burst to drain and settle and records the RSS again, and once more after one malloc_trim(0).

Variants (memory settings a process is started with):
  no_trim       glibc defaults, no trimming (how the app ran when issue 15 measured 852-913 MB after bursts)
  per_job_trim  malloc_trim(0) after every model job (app/providers/local_pool.py, as shipped)
  arena2        MALLOC_ARENA_MAX=2, no trimming
  arena2_trim   MALLOC_ARENA_MAX=2 and malloc_trim(0) after every model job

Capacity figures come from the as-shipped variant. Answers per minute is what this machine did with
everything else running on it (the load average is reported); CPU-s per answer is the cost that
does not depend on the neighbours, so the per-core figures use it: 60 / cpu_s answers per minute per
core, one answer per ANSWER_CYCLE_S (a 30-s answer plus hearing and thinking about the question) for
each interview that is answering, six answers per interview and an 8-hour day. The last line is one
JSON object with the figures (names with units).
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import ctypes.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault('HF_HUB_OFFLINE', '1')

ANSWER_CYCLE_S = 60.0  # one answer per minute per answering interview: ~30 s speaking, ~30 s question + thought
QUESTIONS_PER_INTERVIEW = 6
WORKDAY_HOURS = 8
SETTLE_S = 5.0
VARIANTS: dict[str, dict[str, str]] = {
    'no_trim': {'PANELIST_BENCH_TRIM': '0'},
    'per_job_trim': {'PANELIST_BENCH_TRIM': '1'},
    'arena2': {'PANELIST_BENCH_TRIM': '0', 'MALLOC_ARENA_MAX': '2'},
    'arena2_trim': {'PANELIST_BENCH_TRIM': '1', 'MALLOC_ARENA_MAX': '2'},
}
SHIPPED = 'per_job_trim'
SKILLS = ['PostgreSQL', 'Python', 'Redis', 'Kubernetes', 'Docker', 'pytest']
# (question, rubric points, a ~30-second spoken answer that covers some of them)
ANSWERS: list[tuple[str, list[str], str]] = [
    ('How would you find and fix a slow PostgreSQL query in production?',
     ['read the query plan with EXPLAIN ANALYZE', 'add or fix an index', 'measure before and after'],
     'First I would look at the slow query log and find the statement that takes the most total time. Then I run '
     'explain analyze on it to see the real plan, and usually it is a sequential scan on a big table. I add an index '
     'on the column in the where clause, or a composite index when we also sort. After the change I measure again '
     'with the same parameters, and I watch the write latency too, because every index makes inserts a bit slower. '
     'If the plan is still bad I check the statistics and run analyze.'),
    ('What are the trade-offs of using Redis as a cache in front of the database?',
     ['faster reads for hot data', 'cache invalidation and stale data', 'extra system to run and monitor'],
     'Redis makes the hot reads much faster, because the data is in memory and we skip the database round trip. '
     'The hard part is invalidation: when the row changes, the cached copy is stale until we delete it or it '
     'expires, so I use short time to live values and delete the key on every write. It is also one more system to '
     'run, monitor and back up, and the application must still work when Redis is down, so every cache read falls '
     'back to the database. I only cache what we measured as slow.'),
    ('How do you decide what to test with pytest unit tests and what with integration tests?',
     ['unit tests for pure logic', 'integration tests for the database and network edges', 'fast feedback'],
     'I write unit tests with pytest for the pure logic, like parsing, validation and the pricing rules, because '
     'they run in milliseconds and tell me exactly what broke. Everything that talks to the database, the network or '
     'the file system gets integration tests against a real PostgreSQL in Docker, since mocks hide the bugs that '
     'matter there. I keep the integration suite small and focused on the important paths, and both run in the '
     'pipeline on every push, so the feedback stays fast and I trust a green build.'),
]


# ---- measuring -------------------------------------------------------------------------------------

def rss_mb() -> float:
    with open('/proc/self/status', encoding='ascii') as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    raise RuntimeError('no VmRSS in /proc/self/status (Linux only)')


class PeakSampler:
    """Samples the process's RSS every 50 ms on a thread (the burst keeps the event loop busy)."""

    def __init__(self) -> None:
        self.peak = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, rss_mb())


def malloc_trim() -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library('c') or 'libc.so.6')
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        return False  # not glibc
    return True


# ---- the parent: answers, variants, figures ------------------------------------------------------

async def synthesize_answers(directory: Path) -> list[float]:
    """Piper speaks each answer once; returns their durations in seconds."""
    from app.providers.local_pool import configure_pool, threads_per_job
    from app.providers.tts.cache import AudioCache
    from app.providers.tts.piper import PiperTTS, bundled_voice_path

    workers = os.cpu_count() or 1
    configure_pool(workers)
    piper = PiperTTS(bundled_voice_path(), AudioCache(None, 0), threads=threads_per_job(workers))
    durations = []
    for number, (_, _, text) in enumerate(ANSWERS):
        audio = await piper.synthesize(text)
        assert audio is not None, 'piper produced no audio'
        (directory / f'answer{number}.wav').write_bytes(audio.data)
        durations.append(audio.duration_seconds)
    return durations


def start_variant(name: str, audio_dir: Path, answers: int) -> subprocess.Popen[str]:
    env = {**os.environ, **VARIANTS[name], 'DATA_DIR': str(audio_dir / f'data-{name}'), 'LOG_LEVEL': 'WARNING'}
    for key in ('MALLOC_ARENA_MAX', 'PANELIST_BENCH_TRIM'):
        if key not in VARIANTS[name]:
            env.pop(key, None)
    return subprocess.Popen([sys.executable, __file__, '--child', name, '--audio-dir', str(audio_dir),
                             '--answers', str(answers)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def finish_variant(name: str, process: subprocess.Popen[str]) -> dict[str, Any]:
    stdout, stderr = process.communicate()
    lines = stdout.strip().splitlines()
    if process.returncode != 0 or not lines:
        raise SystemExit(f'variant {name} failed ({process.returncode}):\n{stderr[-3000:]}')
    return dict(json.loads(lines[-1]))


def capacity(figures: dict[str, Any], cores: int) -> dict[str, float]:
    per_core_per_min = 60.0 / figures['cpu_s_per_answer']
    return {
        'answers_per_min_per_core_cpu_bound': round(per_core_per_min, 1),
        'answering_interviews_per_core': round(per_core_per_min * ANSWER_CYCLE_S / 60.0, 1),
        'interviews_per_day_per_core': round(per_core_per_min * 60 * WORKDAY_HOURS / QUESTIONS_PER_INTERVIEW),
        'answering_interviews_this_machine': round(per_core_per_min * cores * ANSWER_CYCLE_S / 60.0, 1),
        'interviews_per_day_this_machine': round(per_core_per_min * cores * 60 * WORKDAY_HOURS
                                                 / QUESTIONS_PER_INTERVIEW),
    }


def parent(quick: bool, answers: int | None, variants: list[str], parallel: bool) -> None:
    burst = answers or (8 if quick else 50)
    cores = os.cpu_count() or 1
    load_before = os.getloadavg()[0]
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix='panelist-capacity-') as tmp:
        durations = asyncio.run(synthesize_answers(Path(tmp)))
        print(f'answers: {", ".join(f"{d:.1f}s" for d in durations)} (piper); burst of {burst}, {cores} cores, '
              f'load {load_before:.2f}', flush=True)
        if parallel:  # a busy shared machine: the variants share what CPU there is instead of queueing
            running = {name: start_variant(name, Path(tmp), burst) for name in variants}
            results = {name: finish_variant(name, process) for name, process in running.items()}
        for name in variants:
            if name not in results:
                results[name] = finish_variant(name, start_variant(name, Path(tmp), burst))
            r = results[name]
            print(f'  {name:13s} idle {r["idle_rss_mb"]:6.0f} MB  peak {r["peak_rss_mb"]:6.0f} MB  after burst '
                  f'{r["after_burst_rss_mb"]:6.0f} MB  after one trim {r["after_trim_rss_mb"]:6.0f} MB  '
                  f'{r["answers_per_min"]:5.1f} answers/min  {r["cpu_s_per_answer"]:.2f} CPU-s/answer', flush=True)
    main_figures = results.get(SHIPPED) or next(iter(results.values()))
    figures: dict[str, Any] = {
        'burst_answers': burst,
        'answer_audio_s_mean': round(sum(durations) / len(durations), 1),
        'cpu_cores': cores,
        'load_avg_1m_before': round(load_before, 2),
        'variants_in_parallel': parallel,
        'answers_per_min': main_figures['answers_per_min'],
        'cpu_s_per_answer': main_figures['cpu_s_per_answer'],
        'transcript_words_mean': main_figures['transcript_words_mean'],
        **capacity(main_figures, cores),
        'idle_rss_mb': main_figures['idle_rss_mb'],
        'peak_rss_mb': main_figures['peak_rss_mb'],
        'after_burst_rss_mb': main_figures['after_burst_rss_mb'],
    }
    for name, r in results.items():
        for key in ('idle_rss_mb', 'peak_rss_mb', 'after_burst_rss_mb', 'after_trim_rss_mb', 'answers_per_min',
                    'cpu_s_per_answer'):
            figures[f'{name}.{key}'] = r[key]
    print(json.dumps(figures))


# ---- the child: one server-shaped process per variant ---------------------------------------------

async def child(name: str, audio_dir: Path, burst: int) -> dict[str, Any]:
    from app.config import get_settings
    from app.providers import local_pool
    from app.providers.embedding import embedder_for
    from app.providers.registry import build_providers
    from app.schemas import RubricPoint

    if os.environ.get('PANELIST_BENCH_TRIM') == '0':
        local_pool._malloc_trim = None
    settings = get_settings()
    providers = build_providers(settings)
    for provider in (providers.tts, providers.stt):  # the models app/warmup.py loads at start
        await getattr(provider, 'warm_up')()  # noqa: B009 - only the local providers have it
    await local_pool.run_local(embedder_for, 'en')  # the scorer's sentence model, as app/warmup.py loads it
    work = [(audio_dir / f'answer{n}.wav', question, [RubricPoint(point=p) for p in rubric])
            for n, (question, rubric, _) in enumerate(ANSWERS)]
    gate = asyncio.Semaphore(settings.answer_workers)  # the answer queue's concurrency
    words: list[int] = []

    async def process(number: int) -> None:
        path, question, rubric = work[number % len(work)]
        async with gate:
            heard = await providers.stt.transcribe(path, mime='audio/wav', hints=SKILLS)
            await providers.llm.evaluate(question, rubric, heard.text, skill='Python',
                                         duration_seconds=heard.duration_seconds)
            words.append(len(heard.text.split()))

    await process(0)  # warm: first-call costs are not part of the capacity
    await asyncio.sleep(1.0)
    idle = rss_mb()
    words.clear()
    with PeakSampler() as sampler:
        cpu0, wall0 = time.process_time(), time.perf_counter()
        await asyncio.gather(*(process(n) for n in range(burst)))
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    await asyncio.sleep(SETTLE_S)  # drained: what an idle server keeps
    after = rss_mb()
    malloc_trim()
    return {
        'variant': name, 'pool_workers': local_pool.pool_size(), 'answer_workers': settings.answer_workers,
        'answers_per_min': round(burst / wall * 60, 1), 'cpu_s_per_answer': round(cpu / burst, 2),
        'burst_wall_s': round(wall, 1), 'transcript_words_mean': round(sum(words) / max(1, len(words)), 1),
        'idle_rss_mb': round(idle), 'peak_rss_mb': round(sampler.peak), 'after_burst_rss_mb': round(after),
        'after_trim_rss_mb': round(rss_mb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--quick', action='store_true', help='a burst of 8 answers instead of 50')
    parser.add_argument('--answers', type=int, help='answers in the burst (default 50, 8 with --quick)')
    parser.add_argument('--variants', default=','.join(VARIANTS), help='comma-separated: ' + ', '.join(VARIANTS))
    parser.add_argument('--parallel', action='store_true',
                        help='run the variants at the same time (memory figures stay per process; CPU-s per answer '
                             'stays comparable, answers per minute does not)')
    parser.add_argument('--child', help=argparse.SUPPRESS)
    parser.add_argument('--audio-dir', type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(child(args.child, args.audio_dir, args.answers))))
        return
    variants = [v.strip() for v in args.variants.split(',') if v.strip()]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or not variants:
        parser.error(f'unknown variant(s) {unknown}; choose from {", ".join(VARIANTS)}')
    if args.answers is not None and not 1 <= args.answers <= 1000:
        parser.error('--answers must be between 1 and 1000')
    parent(args.quick, args.answers, variants, args.parallel)


if __name__ == '__main__':
    main()
