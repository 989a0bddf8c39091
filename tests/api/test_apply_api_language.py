"""The JSON apply API speaks the candidate's language: `language` (query/form) or Accept-Language, else the job's."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.config import reset_settings
from app.db import session_scope
from app.i18n import Translator
from app.models import OutboxMessage
from app.services.applications import ALREADY_APPLIED, reset_apply_limits
from tests.api.test_apply_api import make_job, post

HINDI_TITLE = Translator('hi')('Before your interview: recording and AI evaluation')
TAMIL_TITLE = Translator('ta')('Before your interview: recording and AI evaluation')
SPANISH_TITLE = Translator('es')('Before your interview: recording and AI evaluation')


def test_apply_info_notice_in_the_asked_language(client: TestClient) -> None:
    _, job = make_job(client, language='es')
    code = job['job_code']
    assert client.get(f'/api/v1/apply/{code}').json()['consent_notice']['title'] == SPANISH_TITLE  # the job's
    assert client.get(f'/api/v1/apply/{code}', params={'language': 'hi-IN'}).json()['consent_notice']['title'] \
        == HINDI_TITLE
    by_header = client.get(f'/api/v1/apply/{code}', headers={'Accept-Language': 'ta-IN,ta;q=0.9,en;q=0.5'})
    assert by_header.json()['consent_notice']['title'] == TAMIL_TITLE
    # The explicit choice wins over the header.
    both = client.get(f'/api/v1/apply/{code}', params={'language': 'hi'}, headers={'Accept-Language': 'ta'})
    assert both.json()['consent_notice']['title'] == HINDI_TITLE


def test_an_unknown_language_is_a_clear_422(client: TestClient) -> None:
    _, job = make_job(client)
    response = client.get(f'/api/v1/apply/{job["job_code"]}', params={'language': 'klingon'})
    assert response.status_code == 422
    assert 'language' in response.json()['fields'] and 'hi' in response.json()['fields']['language']
    refused = post(client, job['job_code'], language='xx')
    assert refused.status_code == 422 and 'language' in refused.json()['fields']


def test_validation_errors_follow_accept_language(client: TestClient) -> None:
    _, job = make_job(client)  # an English job
    response = client.post(f'/api/v1/apply/{job["job_code"]}', data={'name': 'Jonas', 'email': 'nope',
                                                                      'consent': 'true'},
                           headers={'Accept-Language': 'de-DE,de;q=0.9'})
    assert response.status_code == 422
    assert response.json()['fields']['email'] == 'Geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel ' \
                                                 'name@example.com.'


def test_repeat_application_message_and_email_in_the_chosen_language(client: TestClient) -> None:
    reset_apply_limits()
    _, job = make_job(client)  # an English job: without a choice everything stays English
    first = post(client, job['job_code'])
    assert first.status_code == 201
    again = post(client, job['job_code'], language='hi')
    assert again.status_code == 200
    assert again.json()['message'] == Translator('hi')(ALREADY_APPLIED) != ALREADY_APPLIED
    with session_scope(read_only=True) as session:
        email = session.exec(select(OutboxMessage).where(OutboxMessage.kind == 'link_again')).one()
    hindi_subject = Translator('hi')('Your interview link for $job at $org').replace('$job', 'Backend Engineer')
    assert email.subject.startswith(hindi_subject.split('$org')[0]) and 'interview link' not in email.subject
    assert Translator('hi')('If this was not you, you can ignore this message: nobody else received the link.') \
        in email.body_text


def test_without_a_choice_the_job_language_is_used(client: TestClient) -> None:
    reset_apply_limits()
    _, job = make_job(client, language='bn')
    assert post(client, job['job_code']).status_code == 201
    again = post(client, job['job_code'])
    assert again.json()['message'] == Translator('bn')(ALREADY_APPLIED)


def test_the_rate_limit_says_the_wait_in_the_candidates_language(client: TestClient,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('APPLY_MAX_PER_IP_PER_HOUR', '1')
    reset_settings()
    reset_apply_limits()
    _, job = make_job(client, language='hi')
    assert post(client, job['job_code'], email='a@example.com').status_code == 201
    refused = post(client, job['job_code'], email='b@example.com')
    assert refused.status_code == 429 and int(refused.headers['Retry-After']) > 0
    detail = refused.json()['detail']
    # The hour's window: '… 1 घंटा बाद …', the sentence and CLDR's unit in Hindi, not 'Try again in 60 minutes'.
    assert detail.startswith('आपके नेटवर्क से बहुत अधिक आवेदन') and '1 घंटा' in detail and 'hour' not in detail
    english = post(client, job['job_code'], email='c@example.com', language='en')
    assert english.status_code == 429 and 'Try again in 1 hour.' in english.json()['detail']
