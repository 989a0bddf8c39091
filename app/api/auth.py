"""/api/v1/auth: sign-up, token, logout, current user, teammates."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel

from app.api.deps import ClientIp, CurrentUser, DbSession, ReadSession
from app.config import get_settings
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


@router.post('/signup', status_code=status.HTTP_201_CREATED, response_model=TokenOut)
def signup(body: accounts.SignupInput, session: DbSession) -> TokenOut:
    """Create an organization and its first admin; returns a token for the new admin."""
    user = accounts.signup(session, body)
    return _token(accounts.issue_api_token(user))


@router.post('/token', response_model=TokenOut)
def token(body: Credentials, session: DbSession, ip: ClientIp) -> TokenOut:
    user = accounts.authenticate(session, body.email, body.password, ip)
    return _token(accounts.issue_api_token(user))


@router.post('/logout', status_code=status.HTTP_204_NO_CONTENT)
def logout(user: CurrentUser, session: DbSession, ip: ClientIp) -> None:
    """Revoke this and every other token (and UI session) of the user."""
    accounts.logout(session, user, ip)


@router.get('/me', response_model=UserOut)
def me(user: CurrentUser, session: ReadSession) -> UserOut:
    return _user_out(user, organization.get_organization(session, user.organization_id).name)


@router.post('/password', status_code=status.HTTP_204_NO_CONTENT)
def change_password(body: accounts.PasswordChange, user: CurrentUser, session: DbSession) -> None:
    """Change the password; every existing token is revoked."""
    accounts.change_password(session, user, body)


@router.get('/team', response_model=list[UserOut])
def team(user: CurrentUser, session: ReadSession) -> list[UserOut]:
    org = organization.get_organization(session, user.organization_id).name
    return [_user_out(member, org) for member in accounts.list_team(session, user.organization_id)]


@router.post('/team', status_code=status.HTTP_201_CREATED, response_model=UserOut)
def add_teammate(body: accounts.TeammateInput, user: CurrentUser, session: DbSession) -> UserOut:
    member = accounts.add_teammate(session, user, body)
    return _user_out(member, organization.get_organization(session, user.organization_id).name)


def _user_out(user: User, organization: str) -> UserOut:
    assert user.id is not None
    return UserOut(id=user.id, email=user.email, name=user.name, role=Role(user.role),
                   organization_id=user.organization_id, organization=organization)
