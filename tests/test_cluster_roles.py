"""Roles and once-per-cluster housekeeping: the advisory-lock leader, and the settings that split answer
work off web instances (PostgreSQL only)."""

from __future__ import annotations

import asyncio

import pytest

from app.config import Settings, get_settings
from app.delivery_runtime import DeliveryRuntime
from app.leader import ClusterLeader
from app.runtime import build_runtime
from tests.support.db_backends import postgres_unavailable_reason

needs_postgres = pytest.mark.skipif(postgres_unavailable_reason() is not None,
                                    reason=postgres_unavailable_reason() or '')


@pytest.mark.postgres  # an advisory lock: PostgreSQL only
@needs_postgres
async def test_one_leader_at_a_time_and_a_dead_leader_is_replaced(database: str) -> None:
    if database != 'postgresql':
        pytest.skip('the leader lock is a PostgreSQL advisory lock')
    url = get_settings().sqlalchemy_url  # this test's own database: advisory locks are per database
    first, second = ClusterLeader(url), ClusterLeader(url)
    try:
        assert await first.holds()
        assert not await second.holds()
        assert await first.holds()  # still leading: the lock lives with its connection
        await first.close()  # the leader's process died: its connection, and the lock, are gone
        for _ in range(50):  # the server ends the closed session's backend asynchronously
            if await second.holds():
                break
            await asyncio.sleep(0.1)
        assert await second.holds()
        assert not await first.holds()
    finally:
        await first.close()
        await second.close()


async def test_sqlite_has_one_process_which_always_leads() -> None:
    assert await ClusterLeader('sqlite:///x.db').holds()


@pytest.mark.parametrize('role, embedded', [('worker', True), ('web', False)])
def test_separate_workers_need_postgresql(role: str, embedded: bool) -> None:
    settings = Settings(database_url='sqlite:///x.db', embedded_worker=embedded)
    with pytest.raises(ValueError, match='need a PostgreSQL DATABASE_URL'):
        build_runtime(settings, providers=None, role=role)


async def test_reminders_run_only_where_the_process_leads(monkeypatch: pytest.MonkeyPatch) -> None:
    async def queue_reminders(self: DeliveryRuntime) -> int:
        return 3

    async def follower() -> bool:
        return False

    async def leader() -> bool:
        return True

    monkeypatch.setattr(DeliveryRuntime, 'queue_reminders', queue_reminders)
    assert await DeliveryRuntime(Settings(), leads=follower).reminder_pass() is None
    assert await DeliveryRuntime(Settings(), leads=leader).reminder_pass() == 3
    assert await DeliveryRuntime(Settings()).reminder_pass() == 3  # one process: it always runs
