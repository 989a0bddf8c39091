"""What the parts of a spoken story sound like, for rubric points that describe a story rather than a fact.

"Explains the actions they took" is a description of an answer, not a claim an answer makes, so a clause
is compared with sentences that play that part in a story instead of with the description. Each part has
a handful of ordinary example sentences from unrelated domains; a meta point is mapped to the part whose
description it is closest to. The examples are deliberately generic: they must not resemble any answer
in the graded set, which measures whether this generalises.
"""

from __future__ import annotations

import re

# Words in a rubric point that name the part it asks for, when the embedding's mapping is unsure.
KEYWORDS: dict[str, re.Pattern[str]] = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in {
    'situation': r'\b(situation|problem|context|challenge|failure|mistake|conflict|disagreement|bad news|deadline)',
    'action': r'\b(actions?|did|response|respond|handled|investigat|solution|fix|contribution|own role|helped|'
              r'initiative|applied)',
    'decision': r'\b(decisions?|trade-?offs?|options?|justif|approach|chose|alternatives?)',
    'result': r'\b(result|outcome|turned out|effect|impact of)',
    'learning': r'\b(learn|lesson|reflect|differently|hindsight|prevent)',
    'motivation': r'\b(interest|motivation|draws|attract)',
    'fit': r'\b(skills|experience|background|fit)\b',
    'goals': r'\b(goals?|want next|career)',
    'plan': r'\b(plan|get there|habits)',
    'impact': r'\b(team|company)\b',
}.items()}

ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    'situation': ('Describes the situation and context: the problem, challenge, failure or mistake', (
        'Our warehouse app kept timing out every Monday morning when the weekly reports ran.',
        'The problem was that nurses had to enter every dose twice, once on paper and once in the system.',
        'Two weeks before launch the vendor told us their API would not support bulk uploads.',
        'A colleague and I had very different ideas about how the billing module should be split.',
        'The hardest part was that the sensor data arrived out of order and sometimes twice.',
    )),
    'action': ('Explains what they did: their actions, response, investigation, solution, role and contribution', (
        'I wrote a small script that replayed the traffic so I could reproduce the crash locally.',
        'I set up a call with the client the same day and walked them through the numbers.',
        'My part was the payment service: I designed the schema and wrote most of the code.',
        'I paired with the new developer for a week and reviewed every pull request with her.',
        'I measured each step with a profiler and found that most of the time went into JSON parsing.',
    )),
    'decision': ('Justifies decisions and trade-offs, and came with options and reasons', (
        'We picked a message queue instead of direct calls because the partner system went down often.',
        'I chose to cache the results for five minutes, accepting slightly stale data for a much faster page.',
        'We decided against microservices because a team of four could not operate them.',
    )),
    'result': ('States the outcome and the measurable result', (
        'After the change the page loaded in under a second instead of eight.',
        'In the end we shipped two days late, but the customer signed the renewal.',
        'Support tickets about login dropped by half within a month.',
        'The migration finished without downtime and nobody noticed it happened.',
        'They agreed to the smaller scope and the release went out on time.',
    )),
    'learning': ('Reflects on lessons learned, changes to prevent it again, what they would do differently', (
        'What I took from it is to check the logs before guessing.',
        'Since then I always write down the rollback plan before I touch production.',
        'Next time I would involve the designers at the start instead of the end.',
        'Looking back, I should have asked for help a week earlier.',
        'It taught me that saying no early is kinder than saying sorry late.',
    )),
    'motivation': ('Explains why they are interested in this role and company and what draws them', (
        'What attracts me here is that your product is used by hospitals every day.',
        'I applied because I want to work on problems at a larger scale than my current job allows.',
        "I've followed your engineering blog for a year and I like how openly you discuss incidents.",
    )),
    'fit': ('Connects their skills and experience to what the role needs', (
        "I've spent five years building mobile apps, which is most of what this job description asks for.",
        'My background in logistics software means I already know the domain your customers work in.',
        'I have run on-call for a payments system, so the reliability side of this role is familiar to me.',
    )),
    'goals': ('Describes concrete goals and what they want next in their career', (
        'In a few years I want to be leading a small team and still writing code.',
        "I'd like to become the person people ask about performance and databases.",
        "In my next job I'm looking for more ownership and a team that reviews code seriously.",
    )),
    'plan': ('Explains how they plan to grow and reach those goals', (
        "I'm planning to take the networking course this spring and apply it on our own services.",
        'The way I get better is by picking the tickets nobody else wants and asking a senior to review them.',
        'I want to find a mentor and present one internal talk every quarter.',
    )),
    'impact': ('Links their growth and work to the team and the company', (
        'I want that to show up as fewer incidents for the team, not just a new title for me.',
        'If I grow in this direction, the team gets someone who can own the data platform.',
        'The point for me is to make the whole team faster, not only myself.',
    )),
}
