"""Offline narrative report: summary, strengths and gaps in 150–250 words, built from the scores."""

from __future__ import annotations

from app.providers.llm.base import AnsweredQuestion, ReportInput

MIN_WORDS, MAX_WORDS = 150, 250


def _average(answer: AnsweredQuestion) -> float | None:
    scores = [s for s in (answer.correctness, answer.depth, answer.clarity, answer.relevance) if s is not None]
    return sum(scores) / len(scores) if scores else None


def _label(answer: AnsweredQuestion) -> str:
    if answer.skill:
        return f'{answer.skill} ({answer.type})'
    return {'warmup': 'the introduction', 'project': 'their own project work',
            'behavioral': 'the behavioral question', 'hr': 'the motivation question',
            'follow_up': 'a follow-up question'}.get(answer.type, f'question {answer.index + 1}')


def _words(sentences: list[str]) -> int:
    return sum(len(s.split()) for s in sentences)


def write_report(data: ReportInput) -> str:
    scored = [(a, avg) for a in data.answers if (avg := _average(a)) is not None]
    ranked = sorted(scored, key=lambda pair: (-pair[1], pair[0].index))
    strengths = [(a, s) for a, s in ranked if s >= 3.0][:3]
    gaps = [(a, s) for a, s in reversed(ranked) if s < 3.0][:3]
    unanswered = [a for a in data.answers if not a.transcript.strip()]
    name = data.candidate_name.strip() or 'The candidate'
    title = data.job.title.strip() or 'the role'

    summary = [f'{name} completed {len(data.answers)} interview question{"s" if len(data.answers) != 1 else ""} '
               f'for the {title} position.']
    if data.final_score is not None:
        summary.append(f"The AI's overall score is {data.final_score:.0f} out of 100"
                       + (f', which maps to a {data.recommendation} recommendation.' if data.recommendation else '.'))
    if data.job.must_have_skills:
        summary.append('The must-have skills for the role are ' + ', '.join(data.job.must_have_skills[:6]) + '.')

    strength_lines = [f'Strengths: the answers on {", ".join(_label(a) for a, _ in strengths)} were the strongest, '
                      f'averaging {sum(s for _, s in strengths) / len(strengths):.1f} out of 5 across correctness, '
                      'depth, clarity and relevance.'] if strengths else [
        'Strengths: no answer reached a solid level (3 out of 5 or more) on the rubric.']
    for answer, _ in strengths[:2]:
        if answer.comment:
            strength_lines.append(f'On {_label(answer)}: {answer.comment.strip()}')

    gap_lines = [f'Gaps: the weakest answers were on {", ".join(_label(a) for a, _ in gaps)}, '
                 'where key points of the rubric were missing or thin.'] if gaps else [
        'Gaps: no answer fell below the midpoint of the rubric.']
    for answer, _ in gaps[:2]:
        if answer.comment:
            gap_lines.append(f'On {_label(answer)}: {answer.comment.strip()}')
    if unanswered:
        gap_lines.append(f'{len(unanswered)} question{"s were" if len(unanswered) != 1 else " was"} left unanswered '
                         'or silent.')

    closing = [
        'These scores come from offline rubric matching against the transcript, so they measure coverage of '
        'expected key points rather than nuance.',
        'A reviewer should read the transcripts and the quoted evidence before making a decision, especially '
        'where speech recognition may have misheard technical terms.',
        'Consider a follow-up conversation to probe the gaps listed above and to confirm the strengths with '
        "concrete examples from the candidate's recent work.",
        'Scores for each answer, with the evidence behind them, are listed below this summary.',
        'Where an answer was silent or very short, a microphone or connection problem is possible; the recording '
        'is kept so a reviewer can check.',
        'Nothing in this summary replaces a structured conversation with the candidate about their experience.',
    ]

    body = summary + strength_lines + gap_lines
    # Drop per-answer detail lines (the last of each group) while too long; add closing notes while short.
    while _words(body) > MAX_WORDS - 25 and len(body) > len(summary) + 2:
        detail = [i for i, line in enumerate(body) if line.startswith('On ')]
        if not detail:
            break
        body.pop(detail[-1])
    for line in closing:
        if _words(body) >= MIN_WORDS:
            break
        body.append(line)
    text = ' '.join(body)
    words = text.split()
    if len(words) > MAX_WORDS:
        text = ' '.join(words[:MAX_WORDS]).rstrip(',;:') + '.'
    return text
