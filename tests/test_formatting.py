"""Plain-text formatters shared by pages, components and the printable report."""

from __future__ import annotations

import pytest

from app.formatting import answer_time, experience, file_size


@pytest.mark.parametrize(('seconds', 'text'), [(30, '30 s'), (60, '1 min'), (90, '1 min 30 s'), (600, '10 min')])
def test_answer_time(seconds: int, text: str) -> None:
    assert answer_time(seconds) == text


@pytest.mark.parametrize(('count', 'text'), [(0, '1 KB'), (1500, '1 KB'), (300 * 1024, '300 KB'),
                                             (5 * 1024 * 1024, '5.0 MB'), (1_500_000, '1.4 MB')])
def test_file_size_in_the_units_of_the_upload_limits(count: int, text: str) -> None:
    assert file_size(count) == text


def test_experience_says_year_for_one() -> None:
    assert [experience(v) for v in (None, 1, 1.0, 4.5, 10)] == [
        'not stated', 'about 1 year', 'about 1 year', 'about 4.5 years', 'about 10 years']
    assert experience(None, 'Not stated') == 'Not stated'


@pytest.mark.parametrize(('locale', 'seconds', 'text'), [
    ('de', 90, '1 Min. 30 Sek.'), ('hi', 180, '3 मि॰'), ('es', 30, '30 s'), ('or', 600, '10 ମିନିଟ୍\u200c'),
])
def test_answer_time_in_the_candidates_language(locale: str, seconds: int, text: str) -> None:
    # CLDR's short units: the apply page and the room say '3 मि॰' to a Hindi candidate, not '3 min'.
    assert answer_time(seconds, locale) == text


def test_file_size_uses_the_languages_decimal_separator() -> None:
    assert file_size(1_500_000, 'de') == '1,4 MB' and file_size(1_500_000, 'hi') == '1.4 MB'
