"""The small vocabularies the offline scorer's rules share: negators, opposite properties, function words.

Kept apart from the rules that use them (claims.py, negation.py, assertions.py, swaps.py, subjects.py) so
each rule module imports words, not another rule module.
"""

from __future__ import annotations

from app.providers.llm.offline.text import stem

NEGATORS = frozenset({
    'not', 'no', 'never', 'none', 'nothing', 'neither', 'nor', 'cannot', 'impossible', 'nobody', 'nowhere', 'non',
    "don't", "doesn't", "isn't", "aren't", "wasn't", "weren't", "won't", "can't", "shouldn't", "wouldn't",
    "couldn't", "didn't", "haven't", "hasn't", "hadn't", "mustn't", "needn't", "ain't",
    'dont', 'doesnt', 'isnt', 'arent', 'wasnt', 'werent', 'wont', 'cant', 'shouldnt', 'wouldnt', 'couldnt',
    'didnt', 'havent', 'hasnt',
})
# "doesn't invalidate the layer", "can't buy the last cake": a negated negative is an affirmation.
NEGATIVE_VERBS = frozenset({stem(w) for w in (
    'invalidate', 'invalidates', 'break', 'breaks', 'block', 'blocks', 'lose', 'loses', 'fail', 'fails', 'leak',
    'leaks', 'miss', 'misses', 'crash', 'crashes', 'hurt', 'hurts', 'forget', 'reach', 'wait', 'waits', 'buy',
    'overwrite', 'overwrites', 'stop', 'stops', 'hide', 'slow', 'lock', 'locks', 'corrupt', 'double', 'charge',
)})
# "X isn't needed", "X doesn't help": the negation points back at the subject, not forward.
WEAK_PREDICATES = frozenset({stem(w) for w in (
    'needed', 'necessary', 'required', 'matter', 'matters', 'help', 'helps', 'important', 'useful', 'relevant',
    'worth', 'recommended', 'thing', 'problem', 'issue', 'concern',
)})
# Words that wave a practice away: "disable autovacuum", "a .dockerignore is pointless".
DISMISSIVE = frozenset({stem(w) for w in (
    'disable', 'disabled', 'disabling', 'unnecessary', 'needless', 'pointless', 'useless', 'irrelevant',
    'overrated', 'overkill', 'skip', 'skipping', 'ignore', 'ignores', 'ignored', 'remove', 'removing',
)})
# Opposite properties, by root: "make writes faster" against "slow down inserts".
_ROOTS = {
    'fast': ('fast', 'faster', 'fastest', 'quick', 'quicker', 'speed'), 'slow': ('slow', 'slower', 'slowest'),
    'big': ('big', 'bigger', 'biggest', 'large', 'larger', 'huge', 'bloated'),
    'small': ('small', 'smaller', 'smallest', 'tiny', 'slim', 'lean'),
    'more': ('more', 'increase', 'increases', 'grows'), 'less': ('less', 'fewer', 'decrease', 'decreases', 'reduce'),
    'high': ('high', 'higher', 'highest'), 'low': ('low', 'lower', 'lowest'),
    'safe': ('safe', 'safer', 'safest', 'secure'), 'unsafe': ('unsafe', 'insecure', 'risky', 'dangerous'),
    'on': ('enable', 'enabled'), 'off': ('disable', 'disabled'),
    'temporary': ('temporary', 'short-lived', 'rotate', 'rotating'),
    'permanent': ('permanent', 'forever', 'long-lived'),
    'lazy': ('lazy', 'lazily', 'demand'), 'eager': ('eager', 'eagerly', 'upfront', 'whole'),
    'release': ('release', 'releases', 'released'), 'hold': ('hold', 'holds', 'held'),
    'within': ('within', 'inside'), 'across': ('across', 'global', 'globally'),
    'producer': ('producer', 'producers'), 'consumer': ('consumer', 'consumers'),
    'readiness': ('readiness',), 'liveness': ('liveness',), 'client': ('client', 'clients'),
    'server': ('server', 'servers'), 'before': ('before', 'prior'), 'after': ('after', 'afterwards'),
    'only': ('only',), 'all': ('all', 'every', 'everything'),
}
OPPOSITE = {'fast': 'slow', 'big': 'small', 'more': 'less', 'high': 'low', 'safe': 'unsafe', 'on': 'off',
             'temporary': 'permanent', 'lazy': 'eager', 'release': 'hold', 'within': 'across',
             'producer': 'consumer', 'readiness': 'liveness', 'client': 'server', 'before': 'after', 'only': 'all'}
OPPOSITE |= {b: a for a, b in list(OPPOSITE.items())}
ROOT_OF = {stem(word): root for root, words in _ROOTS.items() for word in words}
# Function words: real sentences are ~40% of them, keyword lists almost none. Coordinators are left out,
# because "indexes and b-tree and disk space" is still a list.
FUNCTION_WORDS = frozenset({
    'a', 'an', 'the', 'this', 'that', 'these', 'those', 'it', 'its', 'i', 'we', 'you', 'they', 'he', 'she', 'my',
    'our', 'your', 'their', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'do', 'does',
    'did', 'can', 'could', 'will', 'would', 'should', 'may', 'might', 'must', 'of', 'in', 'on', 'at', 'to', 'for',
    'from', 'by', 'with', 'about', 'into', 'over', 'under', 'than', 'as', 'if', 'when', 'because', 'so', 'which',
    'who', 'what', 'how', 'there', 'not', "it's", "i'm", "we're", "they're", "don't", "doesn't", "isn't", 'then',
})
COMMON_VERBS = frozenset({stem(w) for w in (
    'get', 'gets', 'got', 'become', 'becomes', 'became', 'make', 'makes', 'made', 'keep', 'keeps', 'kept', 'go',
    'goes', 'went', 'run', 'runs', 'ran', 'take', 'takes', 'took', 'need', 'needs', 'use', 'uses', 'help', 'helps',
    'work', 'works', 'mean', 'means', 'happen', 'happens', 'give', 'gives', 'gave', 'let', 'lets', 'put', 'puts',
    'find', 'finds', 'found', 'say', 'says', 'said', 'show', 'shows', 'know', 'knew', 'think', 'thought', 'come',
    'comes', 'came', 'leave', 'leaves', 'left', 'stay', 'stays', 'stop', 'stops', 'start', 'starts', 'grow', 'grows',
    'block', 'blocks', 'reclaim', 'reclaims', 'cause', 'causes', 'slow', 'slows', 'fail', 'fails', 'return',
    'returns', 'wins', 'matters', 'yield', 'yields', 'store', 'stores', 'split', 'splits', 'share', 'shares',
)})
PREDICATE_HINTS = frozenset({
    'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'do', 'does', 'did', 'can', 'could', 'will',
    'would', 'should', 'may', 'might', 'must', "it's", "i'm", "we're", "they're", "that's", "there's", 'i', 'we',
    'you', 'they', 'it', 'he', 'she',
})


def roots(stems: set[str]) -> set[str]:
    return {ROOT_OF[s] for s in stems if s in ROOT_OF}


# Words that carry no content of their own in an answer: "I handled things well" says nothing concrete.
GENERIC = frozenset({stem(w) for w in (
    'thing', 'things', 'stuff', 'good', 'great', 'better', 'best', 'bad', 'nice', 'even', 'happen', 'happens',
    'question', 'answer', 'basically', 'yes', 'okay', 'right', 'actually', 'honestly', 'definitely', 'important',
    'handle', 'handled', 'work', 'worked', 'working', 'try', 'tried', 'time', 'times', 'always', 'everything',
    'someone', 'something', 'anything', 'people', 'person', 'team', 'company', 'job', 'role', 'fine', 'think',
    'know', 'say', 'said', 'want', 'wanted', 'need', 'needed', 'go', 'going', 'went', 'come', 'came', 'take',
    'took', 'give', 'gave', 'put', 'keep', 'kept', 'see', 'saw', 'look', 'looked', 'hope', 'usual', 'usually',
    'interesting', 'exciting', 'excited', 'lot', 'lots', 'very', 'really', 'big', 'small', 'new', 'old',
    'everyone', 'anyone', 'nobody', 'along', 'remember', 'maybe', 'probably', 'guess', 'sure', 'kind', 'sort',
)})
