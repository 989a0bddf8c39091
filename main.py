"""Panelist: start the web app (NiceGUI UI + JSON API) and the interview runtime in one process.

`python main.py worker` starts an answer worker instead (PostgreSQL only, see app/worker_process.py).
"""

from __future__ import annotations

import logging
import os
import sys

from nicegui import app, background_tasks, core, run, ui
from nicegui.storage import Storage

from app import links
from app.api import install_api
from app.api.health import component_checks, providers_check
from app.config import get_settings
from app.db import reset_engine, upgrade_schema
from app.delivery_runtime import DeliveryRuntime
from app.documents.worker import document_pool
from app.i18n import translated_languages
from app.monitoring.logs import configure_logging
from app.monitoring.sentry import init_sentry
from app.providers.registry import build_providers
from app.runtime import build_runtime, set_runtime
from app.security import derive_key
from app.server_setup import make_private, session_cookie_options, storage_path, uvicorn_options
from components import a11y, client_address


def main() -> None:
    # Background threads (DB pools, speech models) hold the GIL in 5 ms slices by default, and the event
    # loop waits up to one slice each time it takes the GIL back: at 100 concurrent interviews that
    # doubled the candidates' turn gap. 1 ms slices keep the loop responsive.
    sys.setswitchinterval(0.001)
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    init_sentry(settings)  # only when SENTRY_DSN is set
    logging.getLogger('alembic').setLevel(logging.WARNING)
    try:
        settings.check_multi_instance()  # several instances: one SECRET_KEY and one MEDIA_DIR, or refuse to start
    except ValueError as exc:
        raise SystemExit(f'panelist: {exc}') from None
    # NiceGUI's test fixture runs this file inside pytest (runpy), whose own arguments are then in sys.argv.
    arguments = [] if os.environ.get('NICEGUI_USER_SIMULATION') else sys.argv[1:]
    if arguments[:1] == ['worker']:
        from app.worker_process import run_worker

        run_worker(settings)
        return
    if arguments:
        raise SystemExit(f'unknown arguments {sys.argv[1:]}: run `python main.py` (web) or `python main.py worker`')
    make_private(settings)  # umask 077 and a 0700 DATA_DIR, before the database or any file is created
    Storage.path = storage_path(settings)
    # Several instances: sign-ins and per-browser state in Redis, so an instance that takes over a browser
    # (the balancer re-routes when its instance dies) knows who is signed in.
    Storage.redis_url = settings.redis_url.strip() or None
    Storage.redis_key_prefix = f'{settings.redis_key_prefix}ui:'
    upgrade_schema(settings)
    # Fails fast with a message naming the missing setting (e.g. LLM_PROVIDER=gemini without a key).
    runtime = build_runtime(settings, build_providers(settings))
    if (warning := links.startup_link_warning(settings)) is not None:
        logging.getLogger('panelist').warning(warning)

    async def start_runtime() -> None:
        set_runtime(runtime)
        await runtime.start()  # processes answers here unless EMBEDDED_WORKER=false

    async def stop_runtime() -> None:
        await runtime.stop()
        set_runtime(None)
        reset_engine()

    mail = DeliveryRuntime(settings, leads=runtime.leads)
    component_checks['providers'] = providers_check(runtime.providers)
    assert runtime.warm_up is not None
    component_checks['models'] = runtime.warm_up.health
    install_api(app)
    import pages  # noqa: F401 - registers every @ui.page

    core.sio.eio.max_http_buffer_size = settings.max_request_body_kb * 1024  # socket messages, like bodies
    a11y.install()
    client_address.install()  # audit rows of UI actions record the client's address

    app.on_startup(start_runtime)
    app.on_startup(mail.start)  # sends what an earlier run left in the outbox, then new mail and webhooks
    app.on_shutdown(mail.stop)
    app.on_shutdown(stop_runtime)
    # The first resume upload should not wait for a document worker's cold start (~0.4 s).
    app.on_startup(lambda: background_tasks.create(run.io_bound(document_pool().warm), name='warm document worker'))
    # Reading the .po catalogs takes ~1 s on a busy machine: not on the event loop, in the first candidate's page.
    app.on_startup(lambda: background_tasks.create(run.io_bound(translated_languages), name='load translations'))
    ui.run(
        host=settings.host,
        port=settings.port,
        title='Panelist',
        language='en-US',  # the html lang attribute screen readers pronounce the pages by
        favicon='🎙️',
        storage_secret=derive_key(settings.resolved_secret_key(), 'ui-storage'),
        session_middleware_kwargs=session_cookie_options(settings),
        fastapi_docs=True,
        reload=False,
        show=False,
        **uvicorn_options(settings),
    )


if __name__ in {'__main__', '__mp_main__'}:
    main()
