"""Load the local models in the background at startup, so the first candidate after a restart does
not wait for them (piper ~1 s, whisper ~2 s, the scorer's sentence model ~1 s on the 2-core machine).

Each step is reported as pending → loading → ready (or failed: the error) and GET /health shows
them, so an operator or a load balancer can tell when the first interview will be fast. A failed
step is not fatal: the model is loaded again on first use and that use reports the error.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from app.providers.embedding import embedder_for
from app.providers.local_pool import run_local
from app.providers.registry import Providers
from app.services.interview.practice import PracticeAudio

log = logging.getLogger(__name__)


class ModelWarmUp:
    def __init__(self, providers: Providers, practice: PracticeAudio, *, stt: bool = True, tts: bool = True) -> None:
        """`stt` / `tts`: whether this process transcribes answers / speaks questions (roles, app.runtime)."""
        steps: dict[str, Callable[[], Awaitable[Any]]] = {}
        for kind, provider, used in (('tts', providers.tts, tts), ('stt', providers.stt, stt)):
            warm = getattr(provider, 'warm_up', None)
            if warm is not None and used:  # local models only: remote and browser providers have nothing to load
                steps[f'{kind}:{provider.name}'] = warm
        if providers.llm.name == 'offline' and stt:  # the sentence model scores answers
            steps['scoring:sentence-model'] = lambda: run_local(embedder_for, 'en')
        if providers.tts.speaks_on_server and tts:
            steps['practice-question'] = practice.audio  # also proves the voice speaks
        self._steps = steps
        self.state: dict[str, str] = dict.fromkeys(steps, 'pending')
        self.seconds: dict[str, float] = {}

    @property
    def ready(self) -> bool:
        return all(value == 'ready' for value in self.state.values())

    async def run(self) -> None:
        """One step at a time: the models share the machine's cores with the candidates' requests."""
        for name, step in self._steps.items():
            self.state[name] = 'loading'
            started = time.perf_counter()
            try:
                await step()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - reported on /health; the first real use retries
                self.state[name] = f'failed: {exc}'[:300]
                log.warning('warming up %s failed: %s', name, exc)
                continue
            self.seconds[name] = round(time.perf_counter() - started, 2)
            self.state[name] = 'ready'
        log.info('models warmed up: %s', self.seconds)

    def health(self) -> dict[str, Any]:
        """For GET /health: loading is healthy (requests still work, only slower); a failure is not."""
        failed = [name for name, value in self.state.items() if value.startswith('failed')]
        return {'ok': not failed, 'ready': self.ready, 'models': dict(self.state), 'seconds': dict(self.seconds)}
