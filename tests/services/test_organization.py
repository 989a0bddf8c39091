"""Organization settings: the recording retention period."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.db import session_scope
from app.errors import Forbidden, Invalid
from app.models import AuditEvent, Role
from app.services import accounts, organization
from tests.support.factories import PASSWORD, make_admin

pytestmark = pytest.mark.usefixtures('database')


def test_retention_setting_is_validated_admin_only_and_audited() -> None:
    admin = make_admin()
    with session_scope() as session:
        hr = accounts.add_teammate(session, admin, {'name': 'Hana', 'email': 'hana@example.com',
                                                    'password': PASSWORD, 'role': Role.recruiter})
        with pytest.raises(Forbidden):
            organization.update_settings(session, hr, {'recording_retention_days': 30})
        for bad in (0, -1, 3651, 'soon'):
            with pytest.raises(Invalid):
                organization.update_settings(session, admin, {'recording_retention_days': bad})
        organization.update_settings(session, admin, {'recording_retention_days': 30})
        organization.update_settings(session, admin, {'recording_retention_days': None})
        events = session.exec(select(AuditEvent).where(AuditEvent.action == 'organization.retention')).all()
    assert [(e.detail['from'], e.detail['to']) for e in events] == [(None, 30), (30, None)]
