"""Accounts: sign-up, sign-in, revocation, teammates, rate limits — through the services."""

from __future__ import annotations

import os
import stat
import time

import pytest
from sqlmodel import func, select

from app.config import get_settings, reset_settings
from app.db import session_scope
from app.errors import AuthError, Conflict, Forbidden, Invalid, RateLimited
from app.models import AuditEvent, Organization, Role, User
from app.services import accounts, site_settings
from tests.support.factories import PASSWORD, make_admin

pytestmark = pytest.mark.usefixtures('database')


def _count(model: type) -> int:
    with session_scope(read_only=True) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_signup_creates_organization_and_admin() -> None:
    user = make_admin(org='Acme Corp', email='Ann@Acme.io')
    assert user.role == Role.admin
    assert user.email == 'ann@acme.io'  # emails are matched case-insensitively
    with session_scope() as session:
        assert session.get(Organization, user.organization_id).name == 'Acme Corp'
        assert user.password_hash.startswith('$argon2id$') and PASSWORD not in user.password_hash


def test_duplicate_email_is_refused_and_writes_nothing() -> None:
    make_admin(email='dup@example.com')
    with session_scope() as session, pytest.raises(Conflict, match='already exists'):
        accounts.signup(session, {'organization': 'Other', 'name': 'X', 'email': 'DUP@example.com',
                                  'password': PASSWORD})
    assert _count(Organization) == 1 and _count(User) == 1


@pytest.mark.parametrize(('field', 'value', 'message'), [
    ('email', 'not-an-email', 'email'),
    ('email', 'a@b', 'email'),
    ('password', 'short', 'at least 8'),
    ('password', 'x' * 129, 'at most 128'),
    ('organization', '   ', 'organization'),
    ('name', '', 'name'),
])
def test_signup_bad_input_gets_a_clear_error(field: str, value: str, message: str) -> None:
    data = {'organization': 'Acme', 'name': 'Ann', 'email': 'ann@example.com', 'password': PASSWORD, field: value}
    with session_scope() as session, pytest.raises(Invalid) as caught:
        accounts.signup(session, data)
    assert field in caught.value.fields
    assert message in caught.value.message
    assert _count(Organization) == 0 and _count(User) == 0


def test_password_length_limits_are_inclusive() -> None:
    for password in ('x' * 8, 'y' * 128):
        with session_scope() as session:
            accounts.signup(session, {'organization': 'O', 'name': 'N', 'email': f'{len(password)}@ex.com',
                                      'password': password})
    assert _count(User) == 2


def test_login_failures_look_the_same_for_unknown_email_and_wrong_password() -> None:
    make_admin(email='real@example.com')
    messages, durations = [], []
    for email, password in (('real@example.com', 'wrong password'), ('ghost@example.com', 'wrong password')):
        start = time.perf_counter()
        with session_scope() as session, pytest.raises(AuthError) as caught:
            accounts.authenticate(session, email, password, '10.0.0.1')
        durations.append(time.perf_counter() - start)
        messages.append(caught.value.message)
    assert messages[0] == messages[1] == 'Incorrect email or password.'
    # Both paths run one argon2 verification; an unknown email must not answer visibly faster.
    assert min(durations) > 0.3 * max(durations)


def test_login_succeeds_and_is_audited() -> None:
    admin = make_admin(email='ok@example.com')
    with session_scope() as session:
        user = accounts.authenticate(session, ' OK@example.com ', PASSWORD, '10.0.0.2')
    assert user.id == admin.id and user.last_login_at is not None
    with session_scope() as session:
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.actor_user_id == admin.id)).all()
    assert 'auth.login' in actions


def test_overlong_password_never_matches_its_prefix() -> None:
    make_admin(email='long@example.com')
    with session_scope() as session, pytest.raises(AuthError):
        accounts.authenticate(session, 'long@example.com', PASSWORD + 'x' * 200, None)


def test_wrong_guesses_lock_the_guesser_out_not_the_owner() -> None:
    make_admin(email='target@example.com')
    limit = get_settings().login_max_failures_per_account
    for i in range(limit):
        with session_scope() as session, pytest.raises(AuthError):
            accounts.authenticate(session, 'target@example.com', f'guess {i}', '10.1.0.1')
    # The guessing client is locked out of this account, even with the right password…
    with session_scope() as session, pytest.raises(RateLimited) as caught:
        accounts.authenticate(session, 'target@example.com', PASSWORD, '10.1.0.1')
    assert caught.value.retry_after > 0
    assert 'Too many failed sign-in attempts' in caught.value.message
    # …while the owner, from their own address, signs in with the right password.
    with session_scope() as session:
        assert accounts.authenticate(session, 'target@example.com', PASSWORD, '10.9.9.9').email == 'target@example.com'


def test_repeated_failures_are_rate_limited_per_ip() -> None:
    limit = get_settings().login_max_failures_per_ip
    for i in range(limit):
        with session_scope() as session, pytest.raises(AuthError):
            accounts.authenticate(session, f'nobody{i}@example.com', 'guess', '10.2.0.1')
    make_admin(email='innocent@example.com')
    with session_scope() as session, pytest.raises(RateLimited):
        accounts.authenticate(session, 'innocent@example.com', PASSWORD, '10.2.0.1')
    with session_scope() as session:  # another address is unaffected
        assert accounts.authenticate(session, 'innocent@example.com', PASSWORD, '10.2.0.2')


def test_tokens_are_revoked_by_logout_and_password_change() -> None:
    admin = make_admin()
    token = accounts.issue_api_token(admin)
    with session_scope() as session:
        assert accounts.user_from_token(session, token).id == admin.id
        accounts.logout(session, admin)
    with session_scope() as session, pytest.raises(AuthError):
        accounts.user_from_token(session, token)
    token2 = accounts.issue_api_token(admin)
    with session_scope() as session:
        accounts.change_password(session, admin, {'current_password': PASSWORD, 'new_password': 'a new secret'})
    with session_scope() as session, pytest.raises(AuthError):
        accounts.user_from_token(session, token2)
    with session_scope() as session:
        assert accounts.authenticate(session, admin.email, 'a new secret', None).id == admin.id


def test_wrong_current_password_does_not_change_anything() -> None:
    admin = make_admin()
    with session_scope() as session, pytest.raises(Invalid, match='current password'):
        accounts.change_password(session, admin, {'current_password': 'nope', 'new_password': 'another one'})
    with session_scope() as session:
        assert accounts.authenticate(session, admin.email, PASSWORD, None)


def test_admin_adds_teammates_and_hr_cannot() -> None:
    admin = make_admin(org='Team Org')
    with session_scope() as session:
        hr = accounts.add_teammate(session, admin, {'name': 'Hana', 'email': 'hana@example.com',
                                                    'password': 'hana password'})
    assert hr.role == Role.recruiter and hr.organization_id == admin.organization_id
    with session_scope() as session, pytest.raises(Forbidden):
        accounts.add_teammate(session, hr, {'name': 'Eve', 'email': 'eve@example.com', 'password': 'eve password'})
    with session_scope() as session:
        assert [u.email for u in accounts.list_team(session, admin.organization_id)] == [admin.email,
                                                                                            'hana@example.com']
        assert accounts.authenticate(session, 'hana@example.com', 'hana password', None).id == hr.id


def test_secret_key_is_generated_once_with_private_permissions(data_dir: os.PathLike[str]) -> None:
    settings = get_settings()
    first = settings.resolved_secret_key()
    assert first == settings.resolved_secret_key()
    path = settings.data_dir / 'secret_key'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 40
    reset_settings()  # a restart reads the kept key, it does not make a new one
    assert get_settings().resolved_secret_key() == first


def test_sign_up_can_be_closed_but_never_before_the_first_organization(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('ALLOW_SIGNUP', 'false')
    reset_settings()
    first = make_admin(email='first@example.com')  # a fresh install: the first admin can always sign up
    with session_scope() as session, pytest.raises(Forbidden, match='Sign-up is closed'):
        accounts.signup(session, {'organization': 'B', 'name': 'B', 'email': 'b@example.com', 'password': PASSWORD})
    with session_scope() as session:
        site_settings.set_signup_allowed(session, first, True)  # the site admin overrides the environment
    assert make_admin(email='second@example.com').role == Role.admin
    second = make_admin(email='third@example.com')
    with session_scope() as session, pytest.raises(Forbidden, match='first organization'):
        site_settings.set_signup_allowed(session, second, False)  # another organization's admin cannot


def test_sign_ups_from_one_address_are_rate_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('SIGNUP_MAX_PER_IP_PER_HOUR', '2')
    reset_settings()
    accounts.reset_login_limits()

    def sign_up(n: int, ip: str) -> User:
        with session_scope() as session:
            return accounts.signup(session, {'organization': f'O{n}', 'name': 'N', 'email': f'u{n}@example.com',
                                             'password': PASSWORD}, ip)

    sign_up(1, '10.3.0.1')
    sign_up(2, '10.3.0.1')
    with pytest.raises(RateLimited, match='Too many new organizations') as caught:
        sign_up(3, '10.3.0.1')
    assert 0 < caught.value.retry_after <= 3600
    assert sign_up(4, '10.3.0.2').email == 'u4@example.com'
    with session_scope(read_only=True) as session:
        assert session.exec(select(func.count()).select_from(Organization)).one() == 3
