"""/api/v1/webhooks: an organization's webhook endpoints and their delivery log (with redeliver)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel

from app.api.deps import Id, IdQuery, IntegrationsAdmin, ReadSession
from app.db import run_in_session
from app.services.email.wake import notify_outbox
from app.services.webhooks import deliveries, endpoints

router = APIRouter(prefix='/webhooks', tags=['webhooks'])


class EndpointOut(BaseModel):
    id: int
    url: str
    events: list[str]
    description: str
    is_active: bool
    created_at: datetime
    secret: str  # the Standard Webhooks signing secret (whsec_…)


class DeliveryOut(BaseModel):
    id: int
    endpoint_id: int
    message_id: str
    event: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    payload: dict[str, Any]


@router.get('', response_model=list[EndpointOut])
def list_endpoints(user: IntegrationsAdmin, session: ReadSession) -> list[EndpointOut]:
    return [EndpointOut.model_validate(e, from_attributes=True)
            for e in endpoints.list_endpoints(session, user.organization_id)]


@router.post('', status_code=status.HTTP_201_CREATED, response_model=EndpointOut)
async def create_endpoint(body: endpoints.EndpointIn, user: IntegrationsAdmin) -> EndpointOut:
    """Register a URL for some events (default: all); the URL must be public unless WEBHOOK_ALLOW_PRIVATE."""
    return EndpointOut.model_validate(await run_in_session(endpoints.create, user, body), from_attributes=True)


@router.delete('/{endpoint_id}', status_code=status.HTTP_204_NO_CONTENT)
async def delete_endpoint(endpoint_id: Id, user: IntegrationsAdmin) -> None:
    await run_in_session(endpoints.remove, user, endpoint_id)


@router.get('/deliveries', response_model=list[DeliveryOut])
def delivery_log(user: IntegrationsAdmin, session: ReadSession, endpoint_id: IdQuery = None) -> list[DeliveryOut]:
    return [DeliveryOut.model_validate(d, from_attributes=True)
            for d in deliveries.log(session, user.organization_id, endpoint_id)]


@router.post('/deliveries/{delivery_id}/redeliver', status_code=status.HTTP_202_ACCEPTED)
async def redeliver(delivery_id: Id, user: IntegrationsAdmin) -> dict[str, str]:
    delivery = await run_in_session(deliveries.redeliver, user, delivery_id)
    notify_outbox()
    return {'status': delivery.status}
