"""GET /health: component status for load balancers and operators."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.api.deps import PUBLIC
from app.config import get_settings
from app.db import check_database

if TYPE_CHECKING:
    from app.providers.registry import Providers

router = APIRouter(tags=['health'], dependencies=PUBLIC)
# A write that cannot start within this long means candidates' uploads would wait too: report 503.
WRITE_CHECK_SECONDS = 2.0

# Extra component checks registered at startup (e.g. providers): name → () -> {'ok': bool, ...}
component_checks: dict[str, Callable[[], dict[str, Any]]] = {}


def providers_check(providers: Providers) -> Callable[[], dict[str, Any]]:
    """The providers' readiness as a component check (main.py registers it as 'providers')."""
    def check() -> dict[str, Any]:
        statuses = providers.health()  # once per request: it checks model files on disk
        return {'ok': all(status.ready for status in statuses), 'providers': [status.as_dict() for status in statuses]}
    return check


@router.get('/health')
def health() -> JSONResponse:
    db_error = check_database(min(WRITE_CHECK_SECONDS, get_settings().write_timeout_seconds))
    components: dict[str, Any] = {'db': {'ok': db_error is None, **({'error': db_error} if db_error else {})}}
    for name, check in component_checks.items():
        try:
            components[name] = check()
        except Exception as exc:  # noqa: BLE001 - a failing check is reported, not raised
            components[name] = {'ok': False, 'error': type(exc).__name__}
    ok = all(part.get('ok', False) for part in components.values())
    return JSONResponse({'status': 'ok' if ok else 'degraded', 'components': components},
                        status_code=200 if ok else 503)
