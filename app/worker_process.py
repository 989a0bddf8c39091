"""`python main.py worker`: a process that only transcribes and scores answers (and takes its turn at
the once-per-cluster housekeeping). No web server, no UI; PostgreSQL only.

Start as many as the machines allow next to web instances running with EMBEDDED_WORKER=false. SIGTERM
or SIGINT stops it gracefully: answers in progress are released at once for another worker (a kill -9
instead leaves them to run out their lease, ANSWER_LEASE_SECONDS).
"""

from __future__ import annotations

import asyncio
import logging
import signal

from app.config import Settings
from app.db import reset_engine, upgrade_schema
from app.providers.registry import build_providers
from app.runtime import Runtime, build_runtime, set_runtime
from app.server_setup import make_private

log = logging.getLogger('panelist.worker')


def run_worker(settings: Settings) -> None:
    if not settings.sqlalchemy_url.startswith('postgresql'):
        raise SystemExit('python main.py worker needs DATABASE_URL set to a PostgreSQL database '
                         '(on SQLite the web process processes answers itself).')
    make_private(settings)  # umask 077 and a 0700 DATA_DIR, as the web process does
    upgrade_schema(settings)  # safe when several processes start at once (advisory lock)
    runtime = build_runtime(settings, build_providers(settings), role='worker')
    asyncio.run(_serve(runtime))


async def _serve(runtime: Runtime) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    set_runtime(runtime)
    await runtime.start()
    log.info('answer worker started (%d at a time)', runtime.settings.answer_workers)
    try:
        await stopping.wait()
    finally:
        log.info('answer worker stopping')
        await runtime.stop()
        set_runtime(None)
        reset_engine()
