"""Secure context: candidates' links are https whenever PUBLIC_URL is, and Panelist warns (at start and on
the job page) when it would hand out a plain-http link to another machine, where browsers block the camera
and microphone."""

from __future__ import annotations

import pytest

from app import links
from app.config import Settings, reset_settings


@pytest.mark.parametrize(('link', 'insecure'), [
    ('http://192.168.1.20:8080/apply/ABC123', True),
    ('http://interviews.example.com/apply/ABC123', True),
    ('https://interviews.example.com/apply/ABC123', False),
    ('http://localhost:8080/apply/ABC123', False),
    ('http://127.0.0.1:8080/interview/t', False),
    ('http://[::1]:8080/interview/t', False),
])
def test_insecure_link_warning(link: str, insecure: bool) -> None:
    assert (links.insecure_link_warning(link) is not None) == insecure


def test_links_follow_an_https_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('PUBLIC_URL', 'https://jobs.example.com/')
    reset_settings()
    try:
        # the request came in over plain http through a proxy: the link still uses PUBLIC_URL
        assert links.apply_link('http://10.0.0.5:8080/', 'ABC123') == 'https://jobs.example.com/apply/ABC123'
        assert links.interview_link('http://10.0.0.5:8080', 'tok') == 'https://jobs.example.com/interview/tok'
    finally:
        reset_settings()


def test_startup_warning() -> None:
    assert links.startup_link_warning(Settings(public_url='https://jobs.example.com')) is None
    assert links.startup_link_warning(Settings(host='127.0.0.1')) is None
    http = links.startup_link_warning(Settings(public_url='http://jobs.example.com'))
    assert http is not None and http.startswith('PUBLIC_URL is http://jobs.example.com: Candidates would open')
    lan = links.startup_link_warning(Settings(host='0.0.0.0'))
    assert lan is not None and 'PUBLIC_URL is not set' in lan
