"""FastAPI dependencies: a DB session per request, the bearer-token user, the client IP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from app.db import session_scope
from app.errors import AuthError
from app.models import User
from app.services import accounts

_bearer = HTTPBearer(auto_error=False, description='The access_token from POST /api/v1/auth/token')


def db_session() -> Iterator[Session]:
    # A sync dependency: FastAPI runs it (and the sync route using it) on its thread pool.
    with session_scope() as session:
        yield session


def read_session() -> Iterator[Session]:
    with session_scope(read_only=True) as session:
        yield session


DbSession = Annotated[Session, Depends(db_session)]
ReadSession = Annotated[Session, Depends(read_session)]


def current_user(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> User:
    """The token's user, read in its own short read-only session.

    Not the route's DbSession: that would make every signed-in request, reads included, hold the
    SQLite writer lock until its response is sent. Services take a user from another session, as
    the UI's do.
    """
    if credentials is None or credentials.scheme.lower() != 'bearer':
        raise AuthError('Sign in first: send an Authorization: Bearer <token> header.')
    with session_scope(read_only=True) as session:
        return accounts.user_from_token(session, credentials.credentials)


CurrentUser = Annotated[User, Depends(current_user)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else 'unknown'


ClientIp = Annotated[str, Depends(client_ip)]
