"""A skill term the prompt wrote is kept only when the audio supports it (pure, no model)."""

from __future__ import annotations

from app.providers.stt.term_check import check_terms, find_terms, sounds_alike

TERMS = ['Redis', 'Kubernetes', 'PostgreSQL', 'pytest']


def words(text: str) -> list[str]:
    return text.split()


def test_a_prompted_term_the_audio_does_not_support_is_replaced() -> None:
    prompted = words('Each pod has a Redis probe, and I run Kubernetes on the query.')
    plain = words('Each pod has a readiness probe, and I run explain analyze on the query.')
    checked = check_terms(prompted, TERMS, lambda: plain)
    assert ' '.join(checked.words) == 'Each pod has a readiness probe, and I run explain analyze on the query.'
    assert checked.rejected == ['Redis', 'Kubernetes'] and checked.second_decode


def test_a_term_the_unprompted_decode_heard_as_a_sound_alike_is_kept() -> None:
    prompted = words('the slow query log in PostgreSQL, tested with pytest before release.')
    plain = words('the slow query log in Postker SQL, tested with pidus before release.')
    checked = check_terms(prompted, TERMS, lambda: plain)
    assert checked.words == prompted and checked.rejected == []


def test_a_term_both_decodes_wrote_is_kept_and_other_words_are_untouched() -> None:
    prompted = words('We cache sessions in Redis and the whole pipeline is tested.')
    plain = words('We cash sessions in Redis and the whole pipe line is tested.')
    checked = check_terms(prompted, TERMS, lambda: plain)
    assert checked.words == prompted and checked.rejected == []


def test_no_term_no_second_decode() -> None:
    def never() -> list[str]:
        raise AssertionError('the unprompted decode must not run')

    said = words('I explained the trade-offs to the product manager.')
    checked = check_terms(said, TERMS, never)
    assert checked.words == said and not checked.second_decode


def test_a_term_only_the_prompt_added_is_dropped() -> None:
    prompted = words('I deploy it on Kubernetes every week.')
    plain = words('I deploy it every week.')
    checked = check_terms(prompted, TERMS, lambda: plain)
    assert ' '.join(checked.words) == 'I deploy it every week.' and checked.rejected == ['Kubernetes']


def test_terms_are_found_across_words_and_punctuation() -> None:
    hits = find_terms(['Postgre', 'SQL,', 'and', 'Redis.'], TERMS)
    assert [(h.term, h.first, h.size) for h in hits] == [('PostgreSQL', 0, 2), ('Redis', 3, 1)]


def test_sound_alikes() -> None:
    assert sounds_alike('Postker SQL', 'PostgreSQL') and sounds_alike('pidus', 'pytest')
    assert sounds_alike('pilots', 'pytest') and sounds_alike('tubernetes', 'Kubernetes')
    assert sounds_alike('post-girr-ask-well', 'PostgreSQL') and sounds_alike('KAFBA', 'Kafka')
    assert not sounds_alike('release', 'Redis') and not sounds_alike('careful and', 'Terraform')
    assert not sounds_alike('readiness', 'Redis') and not sounds_alike('explain analyze', 'Kubernetes')
