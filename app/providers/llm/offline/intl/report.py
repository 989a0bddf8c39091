"""The offline narrative report in the interview language: summary, strengths and gaps in 150–250 words,
built from the scores like the English report (offline/report.py), with every sentence from the lexicon."""

from __future__ import annotations

from app.providers.llm.base import AnsweredQuestion, ReportInput
from app.providers.llm.offline.intl.lexicon import Lexicon, lexicon

MIN_WORDS, MAX_WORDS = 150, 250


def _average(answer: AnsweredQuestion) -> float | None:
    scores = [s for s in (answer.correctness, answer.depth, answer.clarity, answer.relevance) if s is not None]
    return sum(scores) / len(scores) if scores else None


def _label(answer: AnsweredQuestion, lex: Lexicon) -> str:
    if answer.skill:
        kind = lex.strings['types'].get(answer.type, answer.type)
        return lex.text('label_skill', skill=answer.skill, type=kind)
    label = lex.strings['labels'].get(answer.type)
    return str(label) if label else lex.text('label_question', n=answer.index + 1)


def _words(lines: list[str]) -> int:
    return sum(len(line.split()) for line in lines)


def write_report_in_language(data: ReportInput, language: str) -> str:
    lex = lexicon(language)
    scored = [(a, avg) for a in data.answers if (avg := _average(a)) is not None]
    ranked = sorted(scored, key=lambda pair: (-pair[1], pair[0].index))
    strengths = [(a, s) for a, s in ranked if s >= 3.0][:3]
    gaps = [(a, s) for a, s in reversed(ranked) if s < 3.0][:3]
    unanswered = [a for a in data.answers if not a.transcript.strip()]
    name = data.candidate_name.strip() or lex.text('default_name')
    title = data.job.title.strip() or lex.text('default_title')

    summary = [lex.text('report_intro', name=name, n=len(data.answers), title=title)]
    if data.final_score is not None:
        score = f'{data.final_score:.0f}'
        if data.recommendation:
            word = lex.strings['recommendations'].get(data.recommendation, data.recommendation)
            summary.append(lex.text('report_score_recommendation', score=score, recommendation=word))
        else:
            summary.append(lex.text('report_score', score=score))
    if data.job.must_have_skills:
        summary.append(lex.text('report_must_have', skills=', '.join(data.job.must_have_skills[:6])))

    labels = ', '.join(_label(a, lex) for a, _ in strengths)
    strength_lines = [lex.text('report_strengths', labels=labels,
                               average=f'{sum(s for _, s in strengths) / len(strengths):.1f}'.replace(
                                   '.', lex.text('decimal')))] if strengths else [
        lex.text('report_no_strengths')]
    details = [lex.text('report_on', label=_label(a, lex), comment=a.comment.strip())
               for a, _ in strengths[:2] if a.comment]
    gap_lines = [lex.text('report_gaps', labels=', '.join(_label(a, lex) for a, _ in gaps))] if gaps else [
        lex.text('report_no_gaps')]
    gap_details = [lex.text('report_on', label=_label(a, lex), comment=a.comment.strip())
                   for a, _ in gaps[:2] if a.comment]
    tail = [lex.text('report_unanswered', n=len(unanswered))] if unanswered else []

    # Drop per-answer detail lines (gaps' first, then strengths') while too long; add closing notes while short.
    while _words(summary + strength_lines + details + gap_lines + gap_details + tail) > MAX_WORDS - 25 \
            and (details or gap_details):
        (gap_details or details).pop()
    body = summary + strength_lines + details + gap_lines + gap_details + tail
    for line in lex.strings['report_closing']:
        if _words(body) >= MIN_WORDS:
            break
        body.append(str(line))
    words = ' '.join(body).split()
    text = ' '.join(words)
    if len(words) > MAX_WORDS:
        text = ' '.join(words[:MAX_WORDS]).rstrip(',;:') + '.'
    return text
