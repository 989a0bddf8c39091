"""FastAPI dependencies: a read-only DB session per request, the bearer-token user, the client IP.

There is deliberately no write-session dependency: FastAPI runs the enter and the exit of a sync yield
dependency on different pool threads, and a write session holds the SQLite writer lock from enter to
exit (held across the response, released on another thread). Write routes are async and run their
service call through app.db.run_in_session, which opens, commits and closes on one thread.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from functools import cache
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from app.db import session_scope
from app.errors import AuthError
from app.models import User
from app.permissions import Permission, authorize, needs_job_check, require
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
        raise AuthError("This route needs a signed-in user's token, not an API key.")
    with session_scope(read_only=True) as session:
        return accounts.user_from_token(session, credentials.credentials)


CurrentUser = Annotated[User, Depends(current_user)]
TeammateUser = Annotated[User, Depends(teammate)]


@cache  # one dependency per (permission, kind): FastAPI then resolves it once per request
def _policy(permission: Permission, teammate_only: bool) -> Callable[..., User]:
    principal = teammate if teammate_only else current_user

    def check(request: Request, user: User) -> User:
        params = {**request.query_params, **request.path_params}
        require(user, permission)
        if needs_job_check(user, params):
            with session_scope(read_only=True) as session:
                authorize(session, user, permission, params)
        return user

    # Spelled out: `principal` is a local, which the postponed annotations FastAPI reads cannot name.
    check.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        inspect.Parameter('request', inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        inspect.Parameter('user', inspect.Parameter.POSITIONAL_OR_KEYWORD,
                          annotation=Annotated[User, Depends(principal)]),
    ], return_annotation=User)
    check.__permission__ = permission  # type: ignore[attr-defined]  # read by the route-policy test
    check.__teammate_only__ = teammate_only  # type: ignore[attr-defined]
    check.__name__ = f'requires_{permission.value}'
    return check


def policy(permission: Permission, *, teammate_only: bool = False) -> Any:
    """`Depends(policy(Permission.x))`: the signed-in user (or API key principal) after the role check and,
    for reviewers, the assigned-job check of the request's ids (app.permissions.authorize). With
    teammate_only, API keys are refused (account, team and key management need a person)."""
    return Depends(_policy(permission, teammate_only))


# The route signatures' annotations, one per permission (mypy needs plain aliases, not calls).
Teammate = Annotated[User, policy(Permission.signed_in, teammate_only=True)]
JobsReader = Annotated[User, policy(Permission.jobs_read)]
JobsWriter = Annotated[User, policy(Permission.jobs_write)]
CandidatesReader = Annotated[User, policy(Permission.candidates_read)]
Reviewing = Annotated[User, policy(Permission.review)]
Deciding = Annotated[User, policy(Permission.decide)]
Deleting = Annotated[User, policy(Permission.delete)]
Exporting = Annotated[User, policy(Permission.export)]
Inviting = Annotated[User, policy(Permission.invitations)]
Auditing = Annotated[User, policy(Permission.audit)]
TeamAdmin = Annotated[User, policy(Permission.team, teammate_only=True)]
KeysAdmin = Annotated[User, policy(Permission.integrations, teammate_only=True)]
IntegrationsAdmin = Annotated[User, policy(Permission.integrations)]
SettingsAdmin = Annotated[User, policy(Permission.settings)]
FairnessAdmin = Annotated[User, policy(Permission.fairness)]
SignedIn = Annotated[User, policy(Permission.signed_in)]


def declared_policy(dependant: Dependant) -> tuple[Permission, bool] | None:
    """The (permission, teammate_only) a route's dependency tree declares (policy() or PUBLIC), or None."""
    permission = getattr(dependant.call, '__permission__', None)
    if permission is not None:
        return permission, bool(getattr(dependant.call, '__teammate_only__', False))
    for sub in dependant.dependencies:
        found = declared_policy(sub)
        if found is not None:
            return found
    return None


def public_route() -> None:
    """Marks a route as deliberately open to anyone (candidate pages, apply, health)."""


public_route.__permission__ = Permission.public  # type: ignore[attr-defined]
PUBLIC = [Depends(public_route)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else 'unknown'


ClientIp = Annotated[str, Depends(client_ip)]
