"""Plain-text formatters shared by pages, components and the printable report."""

from __future__ import annotations

import pytest

from app.formatting import answer_time


@pytest.mark.parametrize(('seconds', 'text'), [(30, '30 s'), (60, '1 min'), (90, '1 min 30 s'), (600, '10 min')])
def test_answer_time(seconds: int, text: str) -> None:
    assert answer_time(seconds) == text
