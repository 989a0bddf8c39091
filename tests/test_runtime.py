"""The process-wide runtime's helpers that work with or without a running worker."""

from __future__ import annotations

import logging

import pytest

from app.runtime import answer_queue, get_runtime


def test_answer_queue_without_a_runtime_only_warns(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(RuntimeError):
        get_runtime()  # nothing started in this test
    with caplog.at_level(logging.WARNING, logger='app.runtime'):
        answer_queue().enqueue(7)
    assert 'answer 7 will be processed on the next start' in caplog.text
