"""Sign-up, sign-in, API tokens, logout/password change (token revocation) and team members."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from functools import lru_cache
from typing import Annotated

from pydantic import BaseModel, EmailStr, Field, StringConstraints
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.config import get_settings
from app.db_types import utcnow
from app.errors import AuthError, Conflict, Forbidden, Invalid, NotFound, RateLimited
from app.models import Organization, Role, User
from app.rate_limits import Limiter, window_limiter
from app.security import (
    PASSWORD_MAX,
    PASSWORD_MIN,
    TokenClaims,
    hash_password,
    human_wait,
    issue_token,
    read_token,
    verify_password,
)
from app.services import audit, site_settings
from app.validation import parse_input

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# No composition rules (NIST 800-63B): length is what matters.
Password = Annotated[str, Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)]

LOGIN_FAILED = 'Incorrect email or password.'


class SignupInput(BaseModel):
    organization: Name
    name: Name
    email: EmailStr
    password: Password


class TeammateInput(BaseModel):
    name: Name
    email: EmailStr
    password: Password
    role: Role = Role.recruiter


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=PASSWORD_MAX)
    new_password: Password


SIGNUP_CLOSED = 'Sign-up is closed on this server. Ask an admin of your organization to add you as a teammate.'


def signup(session: Session, data: SignupInput | dict[str, object], ip: str | None = None) -> User:
    """Create an organization and its first admin.

    Refused when sign-up is switched off (site_settings), and beyond SIGNUP_MAX_PER_IP_PER_HOUR new
    organizations from one client (`ip`; None: not a public request), before any password hashing.
    """
    values = parse_input(SignupInput, data)
    if not site_settings.signup_allowed(session):
        raise Forbidden(SIGNUP_CLOSED)
    ip_key = f'ip:{ip}'
    if ip is not None and (wait := _signup_limiter().retry_after(ip_key)):
        raise RateLimited(f'Too many new organizations from your network. Try again in {human_wait(wait)}.', wait)
    email = values.email.lower()
    ensure_email_free(session, email)
    org = Organization(name=values.organization)
    session.add(org)
    session.flush()
    assert org.id is not None
    user = User(
        organization_id=org.id, email=email, name=values.name,
        password_hash=hash_password(values.password), role=Role.admin, last_login_at=utcnow(),
    )
    session.add(user)
    flush_unique(session, email)
    audit.record(session, organization_id=org.id, actor=user, action='account.signup', subject_type='user',
                 subject_id=user.id, ip=ip)
    session.commit()
    if ip is not None:
        _signup_limiter().record(ip_key)
    return user


def add_teammate(session: Session, admin: User, data: TeammateInput | dict[str, object]) -> User:
    if admin.role != Role.admin:
        raise Forbidden('Only an organization admin can add teammates.')
    values = parse_input(TeammateInput, data)
    email = values.email.lower()
    ensure_email_free(session, email)
    user = User(
        organization_id=admin.organization_id, email=email, name=values.name,
        password_hash=hash_password(values.password), role=values.role,
    )
    session.add(user)
    flush_unique(session, email)
    audit.record(session, organization_id=admin.organization_id, actor=admin, action='team.add',
                 subject_type='user', subject_id=user.id, detail={'email': email, 'role': str(values.role)})
    session.commit()
    return user


def list_team(session: Session, organization_id: int) -> Sequence[User]:
    return session.exec(
        select(User).where(User.organization_id == organization_id).order_by(col(User.created_at))
    ).all()


def authenticate(session: Session, email: str, password: str, ip: str | None = None) -> User:
    """The user for valid credentials. Unknown email and wrong password fail alike, in message and time.

    Failures lock an account for one client only (the key is account and client address): someone
    guessing a password cannot lock its owner out. A client is also limited across all accounts.
    """
    ip_key = f'ip:{ip or "unknown"}'
    account_key = f'account:{email.strip().lower()}|{ip_key}'
    limits = _login_limiters()
    wait = max(limits.account.retry_after(account_key), limits.ip.retry_after(ip_key))
    if wait:
        raise RateLimited(f'Too many failed sign-in attempts. Try again in {human_wait(wait)}.', wait)
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is not None and not user.is_active:
        user = None
    # Over-long passwords are cut, not skipped, so they cost the same argon2 work as any other try.
    matches = verify_password(password[:PASSWORD_MAX], user.password_hash if user else None)
    if user is None or not matches or len(password) > PASSWORD_MAX:
        limits.account.record(account_key)
        limits.ip.record(ip_key)
        raise AuthError(LOGIN_FAILED)
    limits.account.reset(account_key)
    user.last_login_at = utcnow()
    session.add(user)
    audit.record(session, organization_id=user.organization_id, actor=user, action='auth.login',
                 subject_type='user', subject_id=user.id, ip=ip)
    session.commit()
    return user


def issue_api_token(user: User) -> str:
    settings = get_settings()
    assert user.id is not None
    claims = TokenClaims(user.id, user.organization_id, user.token_version)
    return issue_token(settings.resolved_secret_key(), claims, timedelta(minutes=settings.jwt_ttl_minutes))


def user_from_token(session: Session, token: str) -> User:
    claims = read_token(get_settings().resolved_secret_key(), token)
    if claims is None:
        raise AuthError('Invalid or expired token.')
    user = session.get(User, claims.user_id)
    if (user is None or not user.is_active or user.token_version != claims.token_version
            or user.organization_id != claims.organization_id):
        raise AuthError('Invalid or expired token.')
    return user


def session_user(session: Session, user_id: int, token_version: int) -> User | None:
    """The signed-in user of a UI session, or None when the session was revoked."""
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.token_version != token_version:
        return None
    return user


def logout(session: Session, user: User, ip: str | None = None) -> None:
    """Revoke every token and UI session of the user."""
    _bump_token_version(session, user)
    audit.record(session, organization_id=user.organization_id, actor=user, action='auth.logout',
                 subject_type='user', subject_id=user.id, ip=ip)
    session.commit()


def change_password(session: Session, user: User, data: PasswordChange | dict[str, object]) -> User:
    values = parse_input(PasswordChange, data)
    fresh = session.get(User, user.id)
    if fresh is None:
        raise NotFound('User not found.')
    if not verify_password(values.current_password, fresh.password_hash):
        raise Invalid('The current password is not correct.', {'current_password': 'Not correct'})
    fresh.password_hash = hash_password(values.new_password)
    _bump_token_version(session, fresh)
    audit.record(session, organization_id=fresh.organization_id, actor=fresh, action='auth.password_change',
                 subject_type='user', subject_id=fresh.id)
    session.commit()
    return fresh


def _bump_token_version(session: Session, user: User) -> None:
    fresh = session.get(User, user.id)
    if fresh is None:
        raise NotFound('User not found.')
    fresh.token_version += 1
    session.add(fresh)
    user.token_version = fresh.token_version


def ensure_email_free(session: Session, email: str) -> None:
    taken = session.exec(select(func.count()).select_from(User).where(User.email == email)).one()
    if taken:
        raise Conflict('An account with this email already exists.')


def flush_unique(session: Session, email: str) -> None:
    try:
        session.flush()
    except IntegrityError:
        # Two sign-ups racing for one email: the loser gets the same clear answer.
        session.rollback()
        raise Conflict('An account with this email already exists.') from None


class _Limiters:
    def __init__(self) -> None:
        settings = get_settings()
        window = settings.login_failure_window_seconds
        self.account = window_limiter('login-account', settings.login_max_failures_per_account, window)
        self.ip = window_limiter('login-ip', settings.login_max_failures_per_ip, window)


@lru_cache(maxsize=1)
def _login_limiters() -> _Limiters:
    return _Limiters()


def reset_login_limits() -> None:
    _login_limiters.cache_clear()
    _signup_limiter.cache_clear()


@lru_cache(maxsize=1)
def _signup_limiter() -> Limiter:
    return window_limiter('signup-ip', get_settings().signup_max_per_ip_per_hour, 3600)
