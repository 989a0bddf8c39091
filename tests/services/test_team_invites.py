"""Teammates invited by email: admin only, the link works once and expires, the role sticks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from app.config import get_settings
from app.db import session_scope
from app.db_types import utcnow
from app.errors import Conflict, Forbidden, NotFound
from app.models import AuditEvent, OutboxMessage, Role, TeamInvite, User
from app.security import sign_link
from app.services import accounts, team_invites
from tests.support.factories import PASSWORD, make_admin

pytestmark = pytest.mark.usefixtures('database')


def invite(admin: User, email: str = 'rae@example.com', role: str = 'recruiter') -> str:
    with session_scope() as session:
        message = team_invites.invite(session, admin, {'name': 'Rae', 'email': email, 'role': role}, 'http://h')
    assert message.link is not None and message.link.startswith('http://h/join/')
    return message.link.rsplit('/', 1)[1]


def test_join_once_with_the_invited_role() -> None:
    admin = make_admin(org='Acme')
    token = invite(admin, role='admin')
    with session_scope(read_only=True) as session:
        [message] = session.exec(select(OutboxMessage)).all()
        stored = session.exec(select(TeamInvite)).one()
        assert team_invites.view(session, token).organization == 'Acme'
    assert message.kind == 'team_invite' and token in message.body_text and 'as an admin' in message.body_text
    assert token not in stored.token_hash
    with session_scope() as session:
        user = team_invites.join(session, token, {'name': 'Rae Roe', 'password': PASSWORD})
    assert (user.role, user.email, user.organization_id) == (Role.admin, 'rae@example.com', admin.organization_id)
    with session_scope() as session:
        assert accounts.authenticate(session, 'rae@example.com', PASSWORD, None).id == user.id
    with pytest.raises(Conflict, match='already used'), session_scope() as session:
        team_invites.join(session, token, {'name': 'Again', 'password': PASSWORD})
    with session_scope(read_only=True) as session:
        actions = set(session.exec(select(AuditEvent.action)).all())
    assert {'team.invite', 'team.joined'} <= actions


def test_expired_unknown_and_non_admin() -> None:
    admin = make_admin()
    token = invite(admin)
    with session_scope() as session:
        row = session.exec(select(TeamInvite)).one()
        row.expires_at = utcnow() - timedelta(minutes=1)
        session.add(row)
    with pytest.raises(Conflict, match='expired'), session_scope() as session:
        team_invites.join(session, token, {'name': 'Rae', 'password': PASSWORD})
    with pytest.raises(NotFound), session_scope() as session:
        team_invites.view(session, 'made-up-token')
    with session_scope() as session:
        recruiter = accounts.add_teammate(session, admin, {'name': 'Rec', 'email': 'rec@example.com',
                                                           'password': PASSWORD, 'role': 'recruiter'})
    with pytest.raises(Forbidden), session_scope() as session:
        team_invites.invite(session, recruiter, {'name': 'X', 'email': 'x@example.com'}, None)
    with pytest.raises(Conflict, match='already exists'), session_scope() as session:
        team_invites.invite(session, admin, {'name': 'Dup', 'email': 'rec@example.com'}, None)


class _NoDatabase:
    """A session stand-in that fails on any use: proves a link was refused before any lookup."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f'the database was consulted ({name}) for a link that should fail its signature')


def test_forged_tampered_and_expired_links_are_refused_without_a_lookup() -> None:
    admin = make_admin()
    token = invite(admin, role='reviewer')
    secret = get_settings().resolved_secret_key()
    with session_scope(read_only=True) as session:
        assert team_invites.view(session, token).role == 'a reviewer'
    header, payload, signature = token.split('.')
    flipped = signature[:-2] + ('AA' if signature[-2:] != 'AA' else 'BB')
    forged = sign_link('another-secret-entirely', team_invites.LINK_PURPOSE, 'n' * 43, utcnow() + timedelta(hours=1))
    expired = sign_link(secret, team_invites.LINK_PURPOSE, 'n' * 43, utcnow() - timedelta(seconds=5))
    other_purpose = sign_link(secret, 'candidate-invite', 'n' * 43, utcnow() + timedelta(hours=1))
    for bad in (f'{header}.{payload}.{flipped}', forged, expired, other_purpose, 'made-up-token', 'x' * 500):
        with pytest.raises(NotFound, match='not valid'):
            team_invites.view(_NoDatabase(), bad)  # type: ignore[arg-type,unused-ignore]
    # Well signed but never issued (its nonce is not stored): refused after the lookup.
    unknown = sign_link(secret, team_invites.LINK_PURPOSE, 'n' * 43, utcnow() + timedelta(hours=1))
    with pytest.raises(NotFound, match='not valid'), session_scope(read_only=True) as session:
        team_invites.view(session, unknown)
    with session_scope() as session:
        user = team_invites.join(session, token, {'name': 'Rev', 'password': PASSWORD})
    assert user.role == Role.reviewer
