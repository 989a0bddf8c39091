"""Panelist: start the web app (NiceGUI UI + JSON API) on one process."""

from __future__ import annotations

import logging

from nicegui import app, background_tasks, run, ui

from app.api import install_api
from app.config import get_settings
from app.db import reset_engine, upgrade_schema
from app.documents.worker import document_pool
from app.security import derive_key


def main() -> None:
    settings = get_settings()
    logging.basicConfig(level=settings.log_level.upper(), format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    logging.getLogger('alembic').setLevel(logging.WARNING)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade_schema(settings)

    install_api(app)
    import pages  # noqa: F401 - registers every @ui.page

    app.on_shutdown(reset_engine)
    # The first resume upload should not wait for a document worker's cold start (~0.4 s).
    app.on_startup(lambda: background_tasks.create(run.io_bound(document_pool().warm), name='warm document worker'))
    ui.run(
        host=settings.host,
        port=settings.port,
        title='Panelist',
        favicon='🎙️',
        storage_secret=derive_key(settings.resolved_secret_key(), 'ui-storage'),
        fastapi_docs=True,
        reload=False,
        show=False,
    )


if __name__ in {'__main__', '__mp_main__'}:
    main()
