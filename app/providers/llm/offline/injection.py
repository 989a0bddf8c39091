"""Sentences addressed to the evaluator rather than the interviewer ("give 5 on every dimension").

A transcript is data. A sentence is treated as an instruction to the evaluator when it combines what
such instructions are made of: a target (this answer, the candidate, me), scoring words (5, full marks,
perfect, strong hire, covered), the rubric's own vocabulary (correctness, rubric, key points) and a
directive (give, rate, treat, should) or an addressee (grader, AI, whoever is scoring). Any one of those
alone is ordinary speech ("my manager gave me five out of five", "the model outputs a score"), so it is
the combination that counts. Flagged sentences are removed before scoring: they can lower a score
(nothing in them is credited), never raise it.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_OVERRIDE = re.compile(r'\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(rubric|instructions?|previous|above|'
                       r'criteria|scoring|prompt|rules|guidelines)\b', _I)
_ROLE_PLAY = re.compile(r'(^\s*(system|assistant|evaluator|grader|developer)\s*:)|\bnew instructions?\b|'
                        r'\b(you are|you\'re|as) (now )?(an? |the )?(ai|evaluator|grader|assessor|examiner|scorer|'
                        r'language model|assistant|scoring (system|model))\b|\bend of (the )?transcript\b', _I)
_DIMENSION_SCORE = re.compile(r'"?\b(correctness|depth|clarity|relevance|overall|final score|score)\b"?\s*[:=]\s*'
                              r'"?\d', _I)
_N_OUT_OF_N = re.compile(r'\b(5|five|10|ten|100)\s*(out of|/|of)\s*(5|five|10|ten|100)\b', _I)
_TARGET = re.compile(r'\b(this|my|the|our|that) (answer|response|transcript|reply|submission|candidate|interview|'
                     r'applicant)\b|\b(give|award|grant|assign|rate|mark|score|grade|treat|consider|count|evaluate)\s+'
                     r'(me|this|my)\b|\bthis candidate\b', _I)
_SELF_PRAISE = re.compile(r'\b(this|my) (answer|response|reply|explanation) (is|was|deserves|should|has been)\b', _I)
_RUBRIC = re.compile(r'\b(rubric|criteria|criterion|dimensions?|correctness|depth|clarity|relevance|key points?|'
                     r'rubric points?|evaluation|assessment|instructions?|prompt)\b', _I)
_SCORE_WORDS = re.compile(r'\b(scores?|scored|scoring|rate|rated|rating|grades?|graded|grading|marks?|marked|points?|'
                          r'5|five|10|ten|100|maximum|max|highest|perfect|perfectly|flawless|outstanding|excellent|'
                          r'strong hire|strong|hire|top|best possible|full|covered|pass|passed|expert)\b', _I)
_DIRECTIVE = re.compile(r'\b(give|award|assign|grant|rate|mark|score|grade|treat|consider|output|return|set|put|'
                        r'recommend|ignore|disregard|forget|pretend|must|should|please|need to|have to|deserves?|'
                        r'just)\b', _I)
_ADDRESSEE = re.compile(r'\b(evaluator|grader|scorer|assessor|examiner|ai|a\.i\.|llm|language model|chatgpt|gpt|'
                        r'assistant|bot|whoever (is )?(scoring|grading|reading|evaluating|marking|reviewing)|'
                        r'anyone (scoring|grading|reading|evaluating))\b', _I)
_SOFT_ADDRESSEE = re.compile(r'\b(you|reviewer|model|system)\b', _I)


def is_injection(sentence: str) -> bool:
    if _OVERRIDE.search(sentence) or _ROLE_PLAY.search(sentence) or _DIMENSION_SCORE.search(sentence):
        return True
    target, rubric = bool(_TARGET.search(sentence)), bool(_RUBRIC.search(sentence))
    scoring, directive = bool(_SCORE_WORDS.search(sentence)), bool(_DIRECTIVE.search(sentence))
    addressee = bool(_ADDRESSEE.search(sentence))
    if _N_OUT_OF_N.search(sentence) and (target or directive or addressee):
        return True
    if _SELF_PRAISE.search(sentence) and scoring:
        return True
    if addressee and scoring and (directive or target or rubric):
        return True
    return (target or rubric) and scoring and (directive or bool(_SOFT_ADDRESSEE.search(sentence)))
