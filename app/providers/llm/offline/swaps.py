"""Who does what to whom: a claim with the point's words but its roles swapped contradicts the point.

An embedding reads "inserts slow down the index" as close to "indexes slow down inserts", and "the eviction
policy sets a time to live on each key" as close to "set a TTL on keys": the words are right, the roles are
not. Two general checks, with no list of topics:
- the clause opens with another point's own term and says this point's predicate of it ("Multiprocessing
  lets only one process execute bytecode at a time" against "the GIL lets only one thread …"): the clause
  is closer to this point than to the point whose term it opens with, so it assigns this point's
  attribute to the wrong entity;
- the point says "A verb B" and the clause says "B verb A" ("a topic splits a partition" against
  "partitions split a topic"), in the active voice (a passive "inserts are slowed down by indexes" keeps
  the roles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.providers.llm.offline.text import STOPWORDS, Token, content_stems, tokenize
from app.providers.llm.offline.words import COMMON_VERBS

# Words that turn "B … A" into a passive or a reason: the roles are not swapped.
_PASSIVE = frozenset({'is', 'are', 'was', 'were', 'be', 'been', 'being', 'get', 'gets', 'got', 'by'})
# Openers that carry no subject: "so", "and", "um" before the real first word.
_OPENERS = frozenset({'so', 'and', 'but', 'then', 'also', 'um', 'uh', 'well', 'yeah', 'okay', 'basically', 'now',
                      'while', 'whereas'})
CLEARLY_CLOSER = 0.1  # a clause this much closer to another point is about that point
OPENING_TERMS = 2  # content words that name what a clause is about ("the eviction policy sets …")
MAX_CLAIM_TOKENS = 16  # a role claim is one short clause
LEXICAL_MARGIN = 2  # a clause must share this many more words with this point than with the other's
MEANS_REACH = 4  # tokens after "with", "by" … that name the means
OPENING_REACH = 4  # tokens where a clause that names the point's own subject among others names it
_PARTICIPLES = frozenset({'split', 'kept', 'held', 'built', 'made', 'set', 'put', 'sent', 'read', 'run', 'shared'})
_PREPOSITIONS = frozenset({'in', 'on', 'at', 'for', 'with', 'from', 'by', 'during', 'to', 'into', 'of', 'under', 'over',
                           'through', 'without', 'within', 'across', 'per', 'via'})
_DETERMINERS = frozenset({'the', 'a', 'an', 'each', 'every', 'this', 'that', 'these', 'those', 'its', 'their', 'our',
                          'my', 'your', 'his', 'her', 'any', 'some', 'all'})
_MEANS = frozenset({'with', 'by', 'using', 'via', 'through'})
_CONDITIONS = frozenset({'if', 'when', 'whenever', 'unless', 'once', 'because', 'since', 'after', 'before'})
VERB_REACH = 3  # tokens after the point's subject where its predicate must start
_VERBS = frozenset({'let', 'lets', 'make', 'makes', 'gives', 'give', 'keeps', 'takes', 'sends', 'sets'})


@dataclass(frozen=True)
class Roles:
    """A fact point's roles: the thing it is about, its first predicate word, and what it says it acts on."""

    vocabulary: frozenset[str]  # every content stem of the point and its synonyms
    heads: frozenset[str]  # the terms that name it: its first content word and its first synonym's words
    head: str | None  # first content stem of the point text ("partit" in "Partitions split a topic")
    verb: str | None  # the next content stem ("split")
    objects: frozenset[str]  # the content stems after the verb ("topic", "parallel", …)


def roles_of(point: str, synonyms: Sequence[str]) -> Roles:
    stems = content_stems(point)
    vocabulary = frozenset(s for text in (point, *synonyms) for s in content_stems(text))
    # (only synonym words the point itself uses: "where clause" must not make "clause" a head)
    named = [s for i, text in enumerate(synonyms) if (i == 0 and len(text.split()) <= 2) or len(text.split()) == 1
             for s in content_stems(text) if s in stems]
    heads = frozenset([*stems[:1], *named])
    tokens = tokenize(point)
    at = next((i for i, t in enumerate(tokens) if stems and t.stem == stems[0]), None)
    verb = next((k for k in range(at + 1, min(len(tokens), at + 1 + VERB_REACH)) if _verb_like(tokens[k])), None) \
        if at is not None else None
    if at is not None and at + 1 < len(tokens) and tokens[at].text.endswith('s') and "'" not in tokens[at + 1].text \
            and tokens[at + 1].text not in STOPWORDS:
        verb = at + 1  # a plural subject takes the bare verb: "offsets track", "readers block"
    if verb is None:
        return Roles(vocabulary, heads, None, None, frozenset())
    objects = frozenset(t.stem for t in tokens[verb + 1:] if t.text not in STOPWORDS) - {stems[0]}
    return Roles(vocabulary, heads, stems[0], tokens[verb].stem, objects)


def _subject_first(tokens: Sequence[Token], lead: Token) -> bool:
    """The clause opens with its subject: only openers and determiners before the lead word ("and the
    server …"), not a preposition ("in the code flow …") or a verb in the stop list ("having filters …")."""
    for token in tokens:
        if token is lead:
            return True
        if token.text not in _OPENERS and token.text not in _DETERMINERS:
            return False
    return False


def _passive(tokens: Sequence[Token]) -> bool:
    """ "is split into", "gets evicted": the opening term is acted on, not acting."""
    return len(tokens) == 2 and tokens[0].text in _PASSIVE and (
        tokens[1].text.endswith(('ed', 'en')) or tokens[1].text in _PARTICIPLES)


def _verb_like(token: Token) -> bool:
    """A predicate word, without a tagger: a known verb, or a third-person or past form ("splits", "cached")."""
    word = token.text
    if "'" in word:
        return False  # ("consumer's" is a possessive)
    return token.stem in COMMON_VERBS or word in _VERBS or (
        len(word) > 3 and word not in STOPWORDS and (word.endswith('ed') or (word.endswith('s') and not
                                                                             word.endswith(('ss', 'us', 'is')))))


def opening(tokens: Sequence[Token]) -> list[Token]:
    """The clause's first content words: what it is about ("the eviction policy" in "the eviction policy sets")."""
    found: list[Token] = []
    for token in tokens:
        if token.text in _OPENERS and not found:
            continue
        if token.text in STOPWORDS or len(token.text) < 2:
            if found:
                break
            continue
        found.append(token)
        if len(found) == OPENING_TERMS:
            break
    return found


def swapped(tokens: Sequence[Token], j: int, roles: Sequence[Roles], closeness: Sequence[float]) -> str | None:
    """Why the clause (`tokens`) swaps the roles of point j, or None. `closeness[k]` is the clause's
    similarity to point k: a clause closer to the point whose term it opens with is about that point."""
    mine = roles[j]
    first = opening(tokens)
    if not first or len(tokens) > MAX_CLAIM_TOKENS or tokens[0].text in _CONDITIONS:
        return None  # (a long window of unpunctuated speech holds several claims; "if the effect sets state")
    lead = first[0].stem
    texts = [t.text for t in tokens]
    for i, token in enumerate(tokens[:-1]):
        named = tokens[i + 2] if texts[i + 1] in ('the', 'a', 'an') and i + 2 < len(tokens) else tokens[i + 1]
        if token.text == 'not' and i and mine.head and named.stem == mine.head and named.stem != lead:
            return f'says it is not {named.text}'  # "the table takes the space, not the index"
    after = next((k for k, t in enumerate(tokens) if t is first[-1]), 0) + 1
    # (a clause that opens with a place or time, "in the code flow the user logs in", names no subject first)
    if lead not in mine.vocabulary and _subject_first(tokens, first[0]) and not _passive(tokens[after:after + 2]):
        rest = {t.stem for t in tokens} - {lead}
        own_named = any(t.stem in mine.heads for t in tokens[:OPENING_REACH])  # "requests and limits are …"
        # "each group tracks its position with an offset": the point's own subject as the means keeps the roles
        means = {t.stem for k, t in enumerate(tokens) if {x.text for x in tokens[max(0, k - MEANS_REACH):k]} & _MEANS}
        for k, other in enumerate(roles):
            # about the other point's entity, but saying this point's predicate: more of this point's words
            # than the other's, and not clearly closer in meaning to the other point
            if k != j and lead in other.heads and not means & mine.heads and not own_named \
                    and len(rest & mine.vocabulary) >= len(rest & other.vocabulary) + LEXICAL_MARGIN \
                    and closeness[k] < closeness[j] + CLEARLY_CLOSER:
                return f'says it of {first[0].text}'
    if mine.head and mine.verb and any(t.stem in mine.objects and t.stem != mine.head for t in first):
        stems = [t.stem for t in tokens]
        start = next(i for i, t in enumerate(tokens) if t is first[0]) + 1
        if mine.verb in stems[start:start + VERB_REACH + 1]:
            at = stems.index(mine.verb, start)
            if mine.head in stems[at + 1:] and not _PASSIVE & set(texts[:at]) and 'by' not in texts[at:]:
                return 'swaps who does what'
    return None
