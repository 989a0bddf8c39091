"""Spell the job's technical names the way they are written, in a transcript that heard them as words.

Speech recognition biased with a prompt still writes 'poster sql' for PostgreSQL now and then:
compound names (an inner capital, a digit or a symbol: PostgreSQL, JavaScript, GraphQL, Node.js)
get split into ordinary words. A run of two or three words becomes such a name when it starts like
it, has a similar length, sounds like it (consonants compared with vowels dropped and c, k, q
alike) and every word of the run is a piece of the name: 'postgres is' never becomes 'PostgreSQL'
(that deleted the real word 'is'). Names that are ordinary words themselves (Tableau, Flask, Redis,
Scala) are never guessed at — 'a table' must stay 'a table' — and a single word only gets its
capitals fixed ('react'). Spoken acronyms are written as acronyms first (app.acronyms: 'c i c d' →
'CI/CD').

The pass never deletes a word: it only re-spells words, and `deleted_words` checks that.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from app.acronyms import acronym_table, normalize_acronyms

MIN_TERM_LETTERS = 5
MIN_SOUND_SIMILARITY = 0.9  # of the consonant skeletons
MIN_SPELLING_SIMILARITY = 0.8  # of the letters as written
MIN_WORD_COVERAGE = 0.5  # of each merged word's letters that must line up with the name's letters
_WORD = re.compile(r"[A-Za-z0-9+#']+")


def apply_vocabulary(text: str, terms: list[str]) -> str:
    """`text` with spoken acronyms and misheard skill names spelled as written; no word removed."""
    return _apply_terms(normalize_acronyms(text), terms)


def prompt_terms(skills: list[str], limit: int = 30) -> list[str]:
    """The job's skills, then the other names HR's skills go by (taxonomy aliases: 'Postgres',
    'GitHub Actions', 'k8s'), without repeats: what speech recognition is told to expect."""
    from app.skills import taxonomy

    names = taxonomy()
    terms: dict[str, str] = {}
    for skill in skills:
        terms.setdefault(skill.casefold(), skill)
    for skill in skills:
        entry = names.by_name.get(names.canonical(skill) or skill)
        for alias in entry.aliases if entry else ():
            if _shortens(alias, entry.name if entry else skill):
                # 'Postgres' or 'psql' beside 'PostgreSQL' made whisper write 'Postgres, psql' for a
                # spoken 'PostgreSQL' (it copies the list); the skill's own name covers its short forms.
                continue
            spelled = acronym_table().forms.get(tuple(alias.lower().split())) or _alias_case(alias)
            terms.setdefault(spelled.casefold(), spelled)
    return list(terms.values())[:limit]


def _shortens(alias: str, name: str) -> bool:
    """Whether `alias` is the name cut short (its letters appear in the name, in order: 'psql') or the
    name with a suffix ('react.js', 'python3')."""
    letters = iter(_key(name))
    return all(ch in letters for ch in _key(alias)) or _key(alias).startswith(_key(name))


def deleted_words(before: str, after: str) -> list[str]:
    """Words of `before` (two letters or more) that are in neither `after` nor a name written there."""
    kept = _key(after)
    remaining = {w.lower() for w in _WORD.findall(after)}
    return [w for w in _WORD.findall(before)
            if len(w) > 1 and w.lower() not in remaining and _key(w) not in kept]


def _alias_case(alias: str) -> str:
    # Aliases are stored lower-case; a prompt reads better (and whisper copies it) in the usual case.
    return ' '.join(word.capitalize() if word.isalpha() and len(word) > 3 and re.search('[aeiou]', word) else word
                    for word in alias.split())


def _apply_terms(text: str, terms: list[str]) -> str:
    exact = {_key(term): term for term in terms if len(_key(term)) >= MIN_TERM_LETTERS}
    compound = {key: term for key, term in exact.items() if _is_compound(term)}
    if not text or not exact:
        return text
    words = list(_WORD.finditer(text))
    out: list[str] = []
    position = 0
    i = 0
    while i < len(words):
        match = _best(words, i, exact, compound)
        if match is None:
            i += 1
            continue
        size, term = match
        out.append(text[position:words[i].start()])
        out.append(term)
        position = words[i + size - 1].end()
        i += size
    out.append(text[position:])
    return ''.join(out)


def _best(words: list[re.Match[str]], i: int, exact: dict[str, str], compound: dict[str, str],
          ) -> tuple[int, str] | None:
    for size in (3, 2):  # longest run first: 'post gray sql' before 'post gray'
        if i + size > len(words):
            continue
        run = _key(''.join(w.group(0) for w in words[i:i + size]))
        for key, term in compound.items():
            if run == key or (_sounds_like(run, key) and _every_word_fits(words[i:i + size], key)):
                return size, term
    single = _key(words[i].group(0))
    return (1, exact[single]) if single in exact else None


def _sounds_like(run: str, key: str) -> bool:
    if abs(len(run) - len(key)) > 2 or run[:3] != key[:3]:
        return False
    return (SequenceMatcher(None, _skeleton(run), _skeleton(key)).ratio() >= MIN_SOUND_SIMILARITY
            and SequenceMatcher(None, run, key).ratio() >= MIN_SPELLING_SIMILARITY)


def _every_word_fits(words: list[re.Match[str]], key: str) -> bool:
    """Each word lines up with the name for at least half its letters: a real word that only rode
    along ('postgres *is*') is never merged away."""
    keys = [_key(w.group(0)) for w in words]
    run = ''.join(keys)
    matched = [0] * len(run)
    for block in SequenceMatcher(None, run, key, autojunk=False).get_matching_blocks():
        for n in range(block.a, block.a + block.size):
            matched[n] = 1
    start = 0
    for word in keys:
        if not word or sum(matched[start:start + len(word)]) < MIN_WORD_COVERAGE * len(word):
            return False
        start += len(word)
    return True


def _is_compound(term: str) -> bool:
    # Names of several words (Spring Boot, Application Security) are heard as those words already.
    if ' ' in term:
        return False
    return any(ch.isupper() for ch in term[1:]) or any(not ch.isalpha() for ch in term)


def _skeleton(letters: str) -> str:
    return re.sub(r'[aeiouy]', '', letters.replace('ph', 'f').replace('c', 'k').replace('q', 'k'))


def _key(text: str) -> str:
    return re.sub(r'[^a-z0-9+#]', '', text.lower())
