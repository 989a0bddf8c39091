"""NiceGUI pages, one module per route group. Importing this package registers every page."""

# Order matters: /jobs/new must be registered before /jobs/{job_id} (first matching route wins).
from nicegui import app

from pages import (  # noqa: F401
    analytics,
    apply,
    audit,
    auth,
    candidates,
    compare,
    fairness,
    files,
    home,
    integrations,
    interview,
    invite,
    job_form,
    jobs,
    join,
    live,
    outbox,
    settings,
    system,
    team,
)

# The HR session's file routes (recordings, resume, exports); re-included whenever this package is
# imported again (the test harness resets the app's routes between tests). The app's lifespan is kept as
# it was: include_router would wrap it once more on every import (see app.api.install_api).
_lifespan = app.router.lifespan_context
app.include_router(files.router)
app.router.lifespan_context = _lifespan
