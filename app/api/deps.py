"""FastAPI dependencies: a read-only DB session per request, the bearer-token user, the client IP.

There is deliberately no write-session dependency: FastAPI runs the enter and the exit of a sync yield
dependency on different pool threads, and a write session holds the SQLite writer lock from enter to
exit (held across the response, released on another thread). Write routes are async and run their
service call through app.db.run_in_session, which opens, commits and closes on one thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from app.db import session_scope
from app.errors import AuthError
from app.models import User
from app.services import accounts, api_keys
from app.validation import MAX_ID

# Path and query ids are bounded like body ids (app.validation.MAX_ID): out of range is a 422, never a 500.
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Index = Annotated[int, Path(ge=0, le=1000)]

_bearer = HTTPBearer(auto_error=False, description='The access_token from POST /api/v1/auth/token')


def read_session() -> Iterator[Session]:
    with session_scope(read_only=True) as session:
        yield session


ReadSession = Annotated[Session, Depends(read_session)]


def current_user(request: Request,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> User:
    """The token's user — or, for an organization API key (`pnl_…`), a principal acting for that key
    (its use is recorded in a short write session of its own).

    A JWT's user is read in its own short read-only session.

    Not a write session: that would make every signed-in request, reads included, hold the
    SQLite writer lock until its response is sent. Services take a user from another session, as
    the UI's do.
    """
    if credentials is None or credentials.scheme.lower() != 'bearer':
        raise AuthError('Sign in first: send an Authorization: Bearer <token> header.')
    if api_keys.is_api_key(credentials.credentials):
        with session_scope() as session:
            return api_keys.authenticate(session, credentials.credentials, request.method, request.url.path,
                                         client_ip(request))
    return teammate(credentials)


def teammate(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> User:
    """A signed-in teammate (JWT) only: for routes about the account itself and for managing API keys."""
    if credentials is None or credentials.scheme.lower() != 'bearer':
        raise AuthError('Sign in first: send an Authorization: Bearer <token> header.')
    if api_keys.is_api_key(credentials.credentials):
        raise AuthError('This route needs a signed-in user\'s token, not an API key.')
    with session_scope(read_only=True) as session:
        return accounts.user_from_token(session, credentials.credentials)


CurrentUser = Annotated[User, Depends(current_user)]
TeammateUser = Annotated[User, Depends(teammate)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else 'unknown'


ClientIp = Annotated[str, Depends(client_ip)]
