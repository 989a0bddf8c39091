"""Install-wide switches an admin changes at run time: open sign-up (issue 11).

The environment gives the default (ALLOW_SIGNUP); a row in site_settings, written from the Settings
page, overrides it. These switches affect every organization on the server, so only the site admin
may change them: an admin of the first organization created, i.e. whoever installed Panelist.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.config import get_settings
from app.db_types import utcnow
from app.errors import Forbidden
from app.models import Organization, Role, SiteSetting, User
from app.services import audit

ALLOW_SIGNUP = 'allow_signup'


def signup_allowed(session: Session) -> bool:
    """Whether anyone may create an organization. Always on while none exists (the first admin)."""
    if session.exec(select(Organization.id).limit(1)).first() is None:
        return True
    row = _row(session, ALLOW_SIGNUP)
    if row is not None and isinstance(row.value.get('enabled'), bool):
        return bool(row.value['enabled'])
    return get_settings().allow_signup


def is_site_admin(session: Session, user: User) -> bool:
    first = session.exec(select(Organization.id).order_by(col(Organization.id)).limit(1)).first()
    return user.role == Role.admin and user.organization_id == first


def set_signup_allowed(session: Session, user: User, enabled: bool) -> bool:
    if not is_site_admin(session, user):
        raise Forbidden('Only the admin of the first organization on this server can change sign-up.')
    row = _row(session, ALLOW_SIGNUP) or SiteSetting(key=ALLOW_SIGNUP)
    row.value = {'enabled': enabled}
    row.updated_by = user.email
    row.updated_at = utcnow()
    session.add(row)
    audit.record(session, organization_id=user.organization_id, actor=user, action='site.signup',
                 detail={'enabled': enabled})
    session.commit()
    return enabled


def _row(session: Session, key: str) -> SiteSetting | None:
    return session.exec(select(SiteSetting).where(SiteSetting.key == key)).first()
