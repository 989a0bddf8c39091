"""The interview runtime in tests: a pipeline on scripted providers, installed as the process's runtime.

Installed means get_runtime() and answer_queue() return it, so API routes and pages (HR's re-score
and retry buttons, the candidate endpoints) reach this pipeline instead of real providers. The
`rig` fixture (tests/conftest.py) is the usual way in; scripted_runtime() is the same thing for a
test that needs other settings (max_attempts) or several in a row.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from app import runtime
from app.config import get_settings
from tests.support.engine_setup import Rig, build_rig


@contextmanager
def installed(rig: Rig) -> Iterator[Rig]:
    """Make `rig` the process's runtime until the block ends, then put back whatever was there."""
    try:
        previous: runtime.Runtime | None = runtime.get_runtime()
    except RuntimeError:
        previous = None
    # Scripted providers stand in for the registry's; nothing here calls runtime.stop().
    runtime.set_runtime(runtime.Runtime(providers=None, pipeline=rig.pipeline, settings=get_settings()))
    try:
        yield rig
    finally:
        runtime.set_runtime(previous)


@asynccontextmanager
async def scripted_runtime(max_attempts: int = 3) -> AsyncIterator[Rig]:
    """A started pipeline, installed; stopped (background tasks cancelled) when the block ends."""
    rig = build_rig(max_attempts=max_attempts)
    await rig.pipeline.start()
    try:
        with installed(rig):
            yield rig
    finally:
        await rig.pipeline.stop()
