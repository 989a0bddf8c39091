"""NiceGUI pages, one module per route group. Importing this package registers every page."""

# Order matters: /jobs/new must be registered before /jobs/{job_id} (first matching route wins).
from pages import (  # noqa: F401
    apply,
    audit,
    auth,
    candidates,
    compare,
    files,
    home,
    interview,
    job_form,
    jobs,
    settings,
    team,
)

files.register()
