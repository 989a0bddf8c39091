"""Evidence highlighting: quotes found despite case and punctuation, everything escaped."""

from __future__ import annotations

import re
from html import escape

from app.highlight import highlight_html, pieces


def test_quotes_match_across_case_spacing_and_punctuation() -> None:
    transcript = 'First I would add an INDEX,  then wrap it in a transaction; finally replicas.'
    found = pieces(transcript, [('indexing', 'add an index then'), ('tx', 'a transaction')])
    assert [(p.text, p.point) for p in found] == [
        ('First I would ', None), ('add an INDEX,  then', 'indexing'), (' wrap it in ', None),
        ('a transaction', 'tx'), ('; finally replicas.', None)]
    assert ''.join(p.text for p in found) == transcript  # nothing lost or duplicated


def test_overlapping_and_repeated_quotes_highlight_once() -> None:
    found = pieces('index index and more index', [('a', 'index index'), ('b', 'index and'), ('c', 'index')])
    assert ''.join(p.text for p in found) == 'index index and more index'
    assert [(p.text, p.point) for p in found] == [('index index', 'a'), (' and', 'b'), (' more ', None),
                                                  ('index', 'c')]


def test_whole_words_only_and_missing_quotes_ignored() -> None:
    found = pieces('reindexing is not an index', [('p', 'index'), ('q', 'nowhere to be seen'), ('r', '...')])
    assert [(p.text, p.point) for p in found] == [('reindexing is not an ', None), ('index', 'p')]


def test_html_in_transcript_and_quotes_is_escaped() -> None:
    transcript = 'Use <script>alert(1)</script> and <a href="javascript:x()">link</a> with an index.'
    html = highlight_html(transcript, [('"><img src=x onerror=alert(2)>', 'an index'), ('s', '<script>alert')])
    assert '<script>' not in html and '<a ' not in html and '<img' not in html
    assert re.sub(r'<mark [^>]*>|</mark>', '', html) == escape(transcript)  # only the marks are markup
    assert 'title="Evidence for: &quot;&gt;&lt;img src=x onerror=alert(2)&gt;"' in html
    assert '>an index</mark>' in html


def test_regex_characters_in_quotes_are_literal() -> None:
    found = pieces('costs are O(n) + C++ work.', [('big-o', 'O(n) + C++'), ('bad', '(.*)')])
    assert [(p.text, p.point) for p in found if p.point] == [('O(n) + C', 'big-o')]
