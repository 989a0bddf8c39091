"""Page tests drive the real app (main.py) with NiceGUI's simulated user, on each database backend."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from nicegui.testing import User

from tests.support.factories import PASSWORD


@pytest.fixture
def page_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # The browser speaks questions in page tests: no piper model load for every test's app instance.
    monkeypatch.setenv('TTS_PROVIDER', 'browser')
    monkeypatch.setenv('WARM_UP_MODELS', 'false')  # every test starts the app: no model loads in the background


@pytest.fixture
async def user(page_settings: None, database: str, user: User) -> AsyncIterator[User]:
    # Requesting `database` first points the settings at a fresh database before main.py runs.
    yield user


# Actions that go through the DB thread pool can take more than the default 0.3 s on a busy 2-core
# machine, so checks after an action retry for up to ~3 s.
async def sign_in(user: User, email: str, password: str = PASSWORD) -> None:
    await user.open('/login')
    user.find(marker='email').type(email)
    user.find(marker='password').type(password)
    user.find(marker='submit').click()
    await user.should_see(marker='user-menu', retries=30)


async def log_out(user: User) -> None:
    """What the user menu's "Log out" does: a same-site POST to /logout."""
    response = await user.http_client.post('/logout', headers={'Origin': str(user.http_client.base_url)})
    assert response.status_code == 303 and response.headers['location'] == '/login'
    await user.open('/login')


def table_rows(user: User, marker: str) -> list[dict]:
    """Rows of the one ui.table with this marker (table cells are not text the simulated user can see)."""
    table = user.find(marker=marker).elements.pop()
    return list(table.rows)
