"""/api/v1/api-keys: an organization's API keys, managed by signed-in teammates (not by keys themselves)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, status
from pydantic import BaseModel

from app.api.deps import Id, KeysAdmin, ReadSession
from app.db import run_in_session
from app.services import api_keys

router = APIRouter(prefix='/api-keys', tags=['api keys'])


class ApiKeyOut(BaseModel):
    id: int
    name: str
    prefix: str
    scope: str
    created_at: datetime
    last_used_at: datetime | None


class NewApiKeyOut(ApiKeyOut):
    key: str  # shown this once; only its hash is stored


@router.get('', response_model=list[ApiKeyOut])
def list_keys(user: KeysAdmin, session: ReadSession) -> list[ApiKeyOut]:
    keys = api_keys.list_keys(session, user.organization_id)
    return [ApiKeyOut.model_validate(k, from_attributes=True) for k in keys]


@router.post('', status_code=status.HTTP_201_CREATED, response_model=NewApiKeyOut)
async def create_key(body: api_keys.ApiKeyIn, user: KeysAdmin) -> NewApiKeyOut:
    """Make a key (scope read or write). Send it as `Authorization: Bearer pnl_…`; it is shown only now."""
    made = await run_in_session(api_keys.create, user, body)
    return NewApiKeyOut(**ApiKeyOut.model_validate(made.key, from_attributes=True).model_dump(), key=made.secret)


@router.delete('/{key_id}', status_code=status.HTTP_204_NO_CONTENT)
async def revoke_key(key_id: Id, user: KeysAdmin) -> None:
    await run_in_session(api_keys.revoke, user, key_id)
