"""Teammates join by email: an admin invites a name and address with a role; the emailed link lets that
person choose a password once, before it expires.

The link's token is signed (app.security.sign_link: a random nonce plus the expiry, HS256 with a key derived
from SECRET_KEY), so a forged or expired link is refused before any database lookup; only the nonce's
SHA-256 is stored, and spending it in the join transaction makes the link single-use.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from pydantic import BaseModel, EmailStr
from sqlalchemy import CursorResult, update
from sqlmodel import Session, col, select

from app import links
from app.config import get_settings
from app.db_types import utcnow
from app.errors import Conflict, Forbidden, NotFound
from app.models import Organization, OutboxMessage, Role, TeamInvite, User
from app.security import hash_password, read_link, sign_link
from app.services import audit
from app.services.accounts import Name, Password, ensure_email_free, flush_unique
from app.services.email import outbox, templates
from app.services.invitations.messages import format_deadline
from app.validation import parse_input

ROLE_LABELS = {Role.admin.value: 'an admin', Role.recruiter.value: 'a recruiter', Role.reviewer.value: 'a reviewer'}
INVALID = 'This invitation link is not valid. Ask your admin to invite you again.'
EXPIRED_OR_INVALID = 'This invitation link is not valid or has expired. Ask your admin to invite you again.'
LINK_PURPOSE = 'team-invite'
MAX_TOKEN = 400  # a signed token is ~170 characters; anything much longer is not one of ours


class TeamInviteIn(BaseModel):
    name: Name
    email: EmailStr
    role: Role = Role.recruiter


class JoinIn(BaseModel):
    name: Name
    password: Password


@dataclass(frozen=True)
class InviteView:
    organization: str
    name: str
    email: str
    role: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(session: Session, admin: User, data: TeamInviteIn | dict[str, object],
           request_base_url: str | None) -> OutboxMessage:
    """Queue the join email; only admins invite, and not an address that already has an account."""
    if admin.role != Role.admin:
        raise Forbidden('Only an organization admin can invite teammates.')
    values = parse_input(TeamInviteIn, data)
    email = values.email.lower()
    ensure_email_free(session, email)
    nonce = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(hours=get_settings().team_invite_hours)
    token = sign_link(get_settings().resolved_secret_key(), LINK_PURPOSE, nonce, expires)
    row = TeamInvite(organization_id=admin.organization_id, email=email, name=values.name, role=values.role,
                     token_hash=_hash(nonce), expires_at=expires, invited_by_id=admin.id)
    session.add(row)
    session.flush()
    organization = session.get(Organization, admin.organization_id)
    assert organization is not None
    link = links.public_link(request_base_url, f'/join/{token}')
    rendered = templates.render('team_invite', {
        'org': organization.name, 'name': values.name, 'inviter': admin.name, 'link': link,
        'role': ROLE_LABELS.get(values.role, values.role), 'deadline': format_deadline(expires)})
    message = outbox.enqueue(session, outbox.NewMessage(
        organization_id=admin.organization_id, kind='team_invite', to_email=email, to_name=values.name,
        rendered=rendered, link=link))
    audit.record(session, organization_id=admin.organization_id, actor=admin, action='team.invite',
                 subject_type='team_invite', subject_id=row.id, detail={'email': email, 'role': values.role.value})
    session.commit()
    return message


def view(session: Session, token: str) -> InviteView:
    row = _usable(session, token)
    organization = session.get(Organization, row.organization_id)
    assert organization is not None
    return InviteView(organization.name, row.name, row.email, ROLE_LABELS.get(row.role, row.role))


def join(session: Session, token: str, data: JoinIn | dict[str, object]) -> User:
    """Create the account; the link is spent in the same transaction (a second use finds it used)."""
    values = parse_input(JoinIn, data)
    row = _usable(session, token)
    spent = session.exec(update(TeamInvite).where(col(TeamInvite.id) == row.id, col(TeamInvite.used_at).is_(None))
                         .values(used_at=utcnow()))
    assert isinstance(spent, CursorResult)
    if spent.rowcount != 1:
        raise Conflict('This invitation link was already used. Sign in instead.')
    ensure_email_free(session, row.email)
    user = User(organization_id=row.organization_id, email=row.email, name=values.name,
                password_hash=hash_password(values.password), role=row.role, last_login_at=utcnow())
    session.add(user)
    flush_unique(session, row.email)
    audit.record(session, organization_id=row.organization_id, actor=user, action='team.joined',
                 subject_type='user', subject_id=user.id, detail={'role': row.role, 'invite_id': row.id})
    session.commit()
    return user


def _usable(session: Session, token: str) -> TeamInvite:
    if not token or len(token) > MAX_TOKEN:
        raise NotFound(INVALID)
    # Signature and expiry first: a forged or expired link never reaches the database.
    nonce = read_link(get_settings().resolved_secret_key(), LINK_PURPOSE, token)
    if nonce is None:
        raise NotFound(EXPIRED_OR_INVALID)
    row = session.exec(select(TeamInvite).where(TeamInvite.token_hash == _hash(nonce))).first()
    if row is None:
        raise NotFound(INVALID)
    if row.used_at is not None:
        raise Conflict('This invitation link was already used. Sign in instead.')
    if row.expires_at <= utcnow():
        raise Conflict('This invitation link has expired. Ask your admin to invite you again.')
    return row
