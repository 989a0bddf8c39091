"""A skill term the prompt wrote is kept only when the audio supports it (pure, no model)."""

from __future__ import annotations

from app.providers.stt.term_check import Word, check_terms, find_terms, join_words, sounds_alike

TERMS = ['Redis', 'Kubernetes', 'PostgreSQL', 'pytest']


def words(*spec: tuple[str, float, float, float]) -> list[Word]:
    return [Word(f' {t}', s, e, p) for t, s, e, p in spec]


def test_a_prompted_term_the_audio_does_not_support_is_replaced() -> None:
    prompted = words(('Each', 0.0, 0.3, 0.99), ('pod', 0.3, 0.6, 0.98), ('has', 0.6, 0.8, 0.99),
                     ('a', 0.8, 0.9, 0.99), ('Redis', 0.9, 1.4, 0.41), ('probe.', 1.4, 1.8, 0.97))
    plain = words(('Each', 0.0, 0.3, 0.99), ('pod', 0.3, 0.6, 0.98), ('has', 0.6, 0.8, 0.99),
                  ('a', 0.8, 0.9, 0.99), ('readiness', 0.9, 1.45, 0.96), ('probe.', 1.45, 1.8, 0.97))
    checked = check_terms(prompted, TERMS, lambda: plain)
    assert join_words(checked.words) == 'Each pod has a readiness probe.'
    assert checked.rejected == ['Redis'] and checked.second_decode


def test_a_term_the_unprompted_decode_heard_as_a_sound_alike_is_kept() -> None:
    prompted = words(('in', 0.0, 0.2, 0.9), ('PostgreSQL.', 0.2, 1.0, 0.18))
    plain = words(('in', 0.0, 0.2, 0.9), ('Postker', 0.2, 0.6, 0.34), ('SQL.', 0.6, 1.0, 0.92))
    checked = check_terms(prompted, TERMS, lambda: plain)
    assert join_words(checked.words) == 'in PostgreSQL.' and checked.rejected == []


def test_a_sure_term_costs_no_second_decode() -> None:
    prompted = words(('on', 0.0, 0.2, 0.99), ('Kubernetes', 0.2, 0.9, 0.97))

    def never() -> list[Word]:
        raise AssertionError('the unprompted decode must not run')

    checked = check_terms(prompted, TERMS, never)
    assert checked.words == prompted and not checked.second_decode


def test_terms_are_found_across_words_and_punctuation() -> None:
    hits = find_terms(words(('Postgre', 0, 1, 1), ('SQL,', 1, 2, 1), ('and', 2, 3, 1), ('Redis.', 3, 4, 1)), TERMS)
    assert [(h.term, h.first, h.size) for h in hits] == [('PostgreSQL', 0, 2), ('Redis', 3, 1)]


def test_sound_alikes() -> None:
    assert sounds_alike('Postker SQL', 'PostgreSQL') and sounds_alike('pidus', 'pytest')
    assert not sounds_alike('readiness', 'Redis') and not sounds_alike('explain analyze', 'Kubernetes')
