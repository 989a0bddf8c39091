"""/api/v1/auth: sign-up, token, logout, current user, teammates."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel
from sqlmodel import Session

from app.api.deps import PUBLIC, ClientIp, ReadSession, TeamAdmin, Teammate
from app.config import get_settings
from app.db import run_in_session
from app.models import Role, User
from app.services import accounts, organization

router = APIRouter(prefix='/auth', tags=['auth'])


class TokenOut(BaseModel):
    access_token: str
    token_type: str = 'bearer'  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


class Credentials(BaseModel):
    email: str
    password: str


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    role: Role
    organization_id: int
    organization: str


def _token(user_token: str) -> TokenOut:
    return TokenOut(access_token=user_token, expires_in=get_settings().jwt_ttl_minutes * 60)


@router.post('/signup', status_code=status.HTTP_201_CREATED, response_model=TokenOut, dependencies=PUBLIC)
async def signup(body: accounts.SignupInput, ip: ClientIp) -> TokenOut:
    """Create an organization and its first admin; returns a token for the new admin.

    403 when sign-up is switched off on this server; 429 past SIGNUP_MAX_PER_IP_PER_HOUR.
    """
    user = await run_in_session(accounts.signup, body, ip)
    return _token(accounts.issue_api_token(user))


@router.post('/token', response_model=TokenOut, dependencies=PUBLIC)
async def token(body: Credentials, ip: ClientIp) -> TokenOut:
    user = await run_in_session(accounts.authenticate, body.email, body.password, ip)
    return _token(accounts.issue_api_token(user))


@router.post('/logout', status_code=status.HTTP_204_NO_CONTENT)
async def logout(user: Teammate, ip: ClientIp) -> None:
    """Revoke this and every other token (and UI session) of the user."""
    await run_in_session(accounts.logout, user, ip)


@router.get('/me', response_model=UserOut)
def me(user: Teammate, session: ReadSession) -> UserOut:
    return _user_out(user, organization.get_organization(session, user.organization_id).name)


@router.post('/password', status_code=status.HTTP_204_NO_CONTENT)
async def change_password(body: accounts.PasswordChange, user: Teammate) -> None:
    """Change the password; every existing token is revoked."""
    await run_in_session(accounts.change_password, user, body)


@router.get('/team', response_model=list[UserOut])
def team(user: Teammate, session: ReadSession) -> list[UserOut]:
    org = organization.get_organization(session, user.organization_id).name
    return [_user_out(member, org) for member in accounts.list_team(session, user.organization_id)]


@router.post('/team', status_code=status.HTTP_201_CREATED, response_model=UserOut)
async def add_teammate(body: accounts.TeammateInput, user: TeamAdmin) -> UserOut:
    def add(session: Session) -> UserOut:
        member = accounts.add_teammate(session, user, body)
        return _user_out(member, organization.get_organization(session, user.organization_id).name)
    return await run_in_session(add)


def _user_out(user: User, organization: str) -> UserOut:
    assert user.id is not None
    return UserOut(id=user.id, email=user.email, name=user.name, role=Role(user.role),
                   organization_id=user.organization_id, organization=organization)
