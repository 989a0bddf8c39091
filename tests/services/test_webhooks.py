"""Webhooks against a real local receiver: Standard Webhooks signatures verify with the standardwebhooks
library, a 500 or a timeout is retried, the retry window ends in `failed` (and redeliver works), events
come from real state changes, and URLs that point inside the network are refused."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest
from sqlmodel import select
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from app.config import get_settings, reset_settings
from app.db import session_scope
from app.errors import Invalid
from app.models import DeliveryStatus, User, WebhookDelivery, WebhookEndpoint
from app.services import candidates
from app.services.webhooks import deliveries, endpoints
from app.services.webhooks.sender import WebhookSender
from app.services.webhooks.ssrf import check_url
from tests.support.factories import apply, make_admin, make_job
from tests.support.webhook_receiver import Receiver, webhook_receiver

pytestmark = pytest.mark.usefixtures('database')


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    monkeypatch.setenv('WEBHOOK_ALLOW_PRIVATE', 'true')  # the receiver is on 127.0.0.1
    reset_settings()
    with webhook_receiver() as running:
        yield running


def sender(**settings: object) -> WebhookSender:
    values: dict[str, object] = {'webhook_retry_base_seconds': 0.01, 'webhook_retry_max_seconds': 0.02,
                                 'webhook_timeout_seconds': 2.0}
    values.update(settings)
    return WebhookSender(get_settings().model_copy(update=values))


def subscribe(receiver: Receiver, events: list[str] | None = None) -> tuple[User, WebhookEndpoint]:
    admin = make_admin(org='Acme')
    with session_scope() as session:
        endpoint = endpoints.create(session, admin, {'url': receiver.url, **({'events': events} if events else {})})
    return admin, endpoint


def delivery_rows() -> list[WebhookDelivery]:
    with session_scope(read_only=True) as session:
        return list(session.exec(select(WebhookDelivery).order_by(WebhookDelivery.id)).all())


async def test_an_application_is_delivered_signed_and_verifies(receiver: Receiver) -> None:
    admin, endpoint = subscribe(receiver)
    assert endpoint.secret.startswith('whsec_')
    job = make_job(admin)
    result = apply(job, email='jo@example.com', name='Jo Park')
    assert await sender().run_once() == 1
    [request] = receiver.requests
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert payload['type'] == 'candidate.applied'
    assert payload['data']['candidate_id'] == result.candidate_id and payload['data']['email'] == 'jo@example.com'
    assert request.headers['webhook-id'].startswith('msg_')
    with pytest.raises(WebhookVerificationError):  # a tampered body does not verify
        Webhook(endpoint.secret).verify(request.body.replace(b'Jo Park', b'Mallory'), request.headers)
    [row] = delivery_rows()
    assert row.status == DeliveryStatus.delivered and row.last_status_code == 200


async def test_a_500_is_retried_with_the_same_webhook_id(receiver: Receiver) -> None:
    admin, _ = subscribe(receiver)
    apply(make_job(admin))
    receiver.statuses = [500]
    hooks = sender()
    assert await hooks.run_once() == 0
    [row] = delivery_rows()
    assert row.status == DeliveryStatus.pending and row.last_status_code == 500 and 'HTTP 500' in (row.last_error or '')
    await asyncio.sleep(0.05)
    assert await hooks.run_once() == 1
    first, second = receiver.requests
    assert first.headers['webhook-id'] == second.headers['webhook-id']
    [row] = delivery_rows()
    assert row.status == DeliveryStatus.delivered and row.attempts == 2


async def test_a_timeout_is_retried(receiver: Receiver) -> None:
    admin, _ = subscribe(receiver)
    apply(make_job(admin))
    receiver.stall_seconds = 1.0
    hooks = sender(webhook_timeout_seconds=0.3)
    assert await hooks.run_once() == 0
    [row] = delivery_rows()
    assert row.status == DeliveryStatus.pending and 'did not answer within 0.3 s' in (row.last_error or '')
    receiver.stall_seconds = 0.0
    await asyncio.sleep(0.05)
    assert await hooks.run_once() == 1


async def test_retries_stop_after_the_window_and_redeliver_sends_again(receiver: Receiver) -> None:
    admin, _ = subscribe(receiver)
    apply(make_job(admin))
    receiver.statuses = [503]
    hooks = sender(webhook_retry_hours=0.000001, webhook_retry_base_seconds=1.0)
    assert await hooks.run_once() == 0
    [row] = delivery_rows()
    assert row.status == DeliveryStatus.failed
    with session_scope() as session:
        deliveries.redeliver(session, admin, row.id or 0)
    assert await hooks.run_once() == 1
    assert len(receiver.requests) == 2 and delivery_rows()[0].status == DeliveryStatus.delivered


async def test_decisions_and_deletions_are_events_and_subscriptions_filter(receiver: Receiver) -> None:
    admin, endpoint = subscribe(receiver, ['candidate.decided', 'candidate.deleted'])
    result = apply(make_job(admin))  # not subscribed: no delivery
    with session_scope() as session:
        candidates.update_candidate(session, admin, result.candidate_id, {'status': 'shortlisted'})
    with session_scope() as session:
        candidates.delete_candidate(session, admin, result.candidate_id)
    assert await sender().run_once() == 2
    events = [Webhook(endpoint.secret).verify(r.body, r.headers) for r in receiver.requests]
    assert [(e['type'], e['data']['candidate_id']) for e in events] == [
        ('candidate.decided', result.candidate_id), ('candidate.deleted', result.candidate_id)]
    assert events[0]['data']['status'] == 'shortlisted' and events[0]['data']['previous_status'] == 'pending'


def test_interview_completed_carries_score_recommendation_and_report_link(receiver: Receiver) -> None:
    from app.models import Interview
    from app.services.webhooks import payloads
    from tests.support.factories import make_interview

    admin, _ = subscribe(receiver, ['interview.completed'])
    interview = make_interview(make_job(admin))
    with session_scope() as session:
        row = session.get(Interview, interview.id)
        assert row is not None
        row.final_score, row.recommendation = 82.5, 'Strong'
        payloads.interview_completed(session, row)
    [delivery] = delivery_rows()
    data = delivery.payload['data']
    assert (data['score'], data['recommendation']) == (82.5, 'Strong')
    assert data['report_url'].endswith(f'/api/v1/candidates/{interview.candidate_id}/report')
    assert json.dumps(delivery.payload)  # plain JSON


@pytest.mark.parametrize('url', [
    'http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.1.2.3/', 'http://192.168.0.10/',
    'http://172.16.5.4/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0/', 'http://[fe80::1]/'])
def test_internal_addresses_are_refused(url: str) -> None:
    with pytest.raises(Invalid, match='loopback, private or link-local'):
        check_url(url, allow_private=False)
    assert check_url(url, allow_private=True) == url


@pytest.mark.parametrize('url', ['ftp://example.com/x', 'file:///etc/passwd', 'http://user:pw@8.8.8.8/', 'nope'])
def test_non_http_urls_and_credentials_are_refused(url: str) -> None:
    with pytest.raises(Invalid):
        check_url(url, allow_private=True)


def test_a_public_address_is_accepted_and_endpoints_refuse_private_by_default() -> None:
    assert check_url('https://93.184.216.34/hooks', allow_private=False) == 'https://93.184.216.34/hooks'
    admin = make_admin()
    with pytest.raises(Invalid, match='WEBHOOK_ALLOW_PRIVATE'), session_scope() as session:
        endpoints.create(session, admin, {'url': 'http://127.0.0.1:9/hook'})
