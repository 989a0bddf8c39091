"""Organization API keys: an alternative to JWT for server-to-server use of /api/v1.

A key is `pnl_` + 43 random characters, shown once; only its SHA-256 is stored (a key has 256 bits of
entropy, so a fast hash is enough). Scope `read` allows GET/HEAD only; `write` everything an HR user may
do. Every use updates last_used_at and adds an audit event; revoking is immediate.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, StringConstraints
from sqlmodel import Session, col, select

from app.db_types import utcnow
from app.errors import AuthError, Forbidden, NotFound
from app.models import ApiKey, Role, User
from app.services import audit
from app.validation import parse_input

KEY_PREFIX = 'pnl_'
READ_METHODS = frozenset({'GET', 'HEAD', 'OPTIONS'})
MAX_KEYS = 50


class ApiKeyIn(BaseModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    scope: Literal['read', 'write'] = 'read'


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    secret: str  # the only time the full key exists outside the caller's hands


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def is_api_key(token: str) -> bool:
    return token.startswith(KEY_PREFIX)


def create(session: Session, user: User, data: ApiKeyIn | dict[str, object]) -> NewKey:
    values = parse_input(ApiKeyIn, data)
    if len(list_keys(session, user.organization_id)) >= MAX_KEYS:
        raise Forbidden(f'An organization can have at most {MAX_KEYS} active API keys. Revoke one first.')
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(organization_id=user.organization_id, name=values.name, prefix=secret[:10],
                 key_hash=hash_key(secret), scope=values.scope, created_by_id=user.id)
    session.add(key)
    session.flush()
    audit.record(session, organization_id=user.organization_id, actor=user, action='api_key.created',
                 subject_type='api_key', subject_id=key.id, detail={'name': key.name, 'scope': key.scope})
    session.commit()
    return NewKey(key, secret)


def list_keys(session: Session, organization_id: int) -> Sequence[ApiKey]:
    """Active keys, newest first."""
    return session.exec(select(ApiKey).where(ApiKey.organization_id == organization_id,
                                             col(ApiKey.revoked_at).is_(None))
                        .order_by(col(ApiKey.id).desc())).all()


def revoke(session: Session, user: User, key_id: int) -> None:
    key = session.get(ApiKey, key_id)
    if key is None or key.organization_id != user.organization_id or key.revoked_at is not None:
        raise NotFound('No such API key.')
    key.revoked_at = utcnow()
    session.add(key)
    audit.record(session, organization_id=user.organization_id, actor=user, action='api_key.revoked',
                 subject_type='api_key', subject_id=key.id, detail={'name': key.name})
    session.commit()


def authenticate(session: Session, secret: str, method: str, path: str, ip: str | None) -> User:
    """The principal acting for a key (an HR-level user that exists only for this request), with the use
    recorded. AuthError for an unknown or revoked key; Forbidden for a write with a read-only key."""
    key = session.exec(select(ApiKey).where(ApiKey.key_hash == hash_key(secret))).first()
    if key is None or key.revoked_at is not None:
        raise AuthError('Invalid or revoked API key.')
    if key.scope != 'write' and method.upper() not in READ_METHODS:
        raise Forbidden(f'The API key “{key.name}” is read-only: it cannot {method.upper()} {path}.')
    key.last_used_at = utcnow()
    session.add(key)
    principal = principal_for(key)
    audit.record(session, organization_id=key.organization_id, actor=principal, action='api_key.used',
                 subject_type='api_key', subject_id=key.id, detail={'method': method.upper(), 'path': path}, ip=ip)
    session.commit()
    return principal


def principal_for(key: ApiKey) -> User:
    # Not a stored row: id None means "no teammate", and the label says which key acted.
    return User(id=None, organization_id=key.organization_id, email=f'api-key:{key.name} ({key.prefix}…)',
                name=f'API key {key.name}', password_hash='', role=Role.recruiter)
