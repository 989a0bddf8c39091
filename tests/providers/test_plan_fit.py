"""Plans that fit the person: the resume's claimed level sets each skill's difficulty, nice-to-haves on
the resume are asked, projects are quoted whole, and the variant drawn is the candidate's own."""

from __future__ import annotations

from app.documents.resume_parser import parse_resume
from app.documents.skill_claims import skill_claims
from app.providers.llm.offline.provider import OfflineLLM
from app.providers.llm.planning import plan_interview
from app.schemas import JobContext, JobQuestionRule, ParsedResume, RubricPoint, SkillClaim

JOB = JobContext(title='Backend Engineer', must_have_skills=['Python', 'PostgreSQL', 'Docker'],
                 nice_to_have_skills=['Redis', 'Kafka', 'FastAPI'])
PROJECT = ('Ledger — A double-entry bookkeeping service in FastAPI and PostgreSQL that posts two million '
           'entries a day for forty small businesses, with nightly reconciliation against their bank feeds.')
RESUME_TEXT = f"""Jane Doe
Skills
Python (basic), PostgreSQL (advanced), Docker - 6 years
Familiar with: Redis
Expert in Kafka
Projects
{PROJECT}
"""


def test_resume_claims_are_read_per_skill() -> None:
    claims = skill_claims(RESUME_TEXT + 'Go — 3 years\nReact (intermediate, 2 yrs)\nBuilt services on AWS.\n')
    assert claims['Python'].level == 'basic'
    assert claims['PostgreSQL'].level == 'advanced'
    assert claims['Docker'].years == 6.0
    assert claims['Redis'].level == 'basic'
    assert claims['Kafka'].level == 'advanced'
    assert claims['Go'] == SkillClaim(years=3.0)
    assert claims['React'] == SkillClaim(level='intermediate', years=2.0)
    assert 'AWS' not in claims  # named without a level or years: no claim
    listed = skill_claims('Python, expert in Kafka, learning Rust\nSQL, 5 years of Java')
    assert 'Python' not in listed and 'SQL' not in listed  # a level after a comma is the next skill's
    assert listed['Kafka'].level == 'advanced' and listed['Rust'].level == 'basic' and listed['Java'].years == 5.0


def test_a_basic_claim_is_never_asked_the_hard_question() -> None:
    resume = parse_resume(RESUME_TEXT)
    senior = resume.model_copy(update={'experience_years': 12})
    for candidate in (resume, senior):
        for seed in ('a', 'b', 'c'):
            plan = plan_interview(JOB, candidate, 25, seed)
            python = [item.difficulty for item in plan if item.skill == 'Python']
            assert python and 'hard' not in python
            assert python[0] == 'easy'
            postgres = [item.difficulty for item in plan if item.skill == 'PostgreSQL']
            assert postgres[0] == 'hard'
            docker = [item.difficulty for item in plan if item.skill == 'Docker']
            assert docker[0] == 'hard'  # six years with Docker reads as advanced


async def test_the_gil_question_goes_only_to_who_claims_python_at_depth() -> None:
    llm = OfflineLLM()
    job = JobContext(title='Backend Engineer', must_have_skills=['Python'])
    basic = parse_resume('Skills\nPython (basic)\n')
    expert = parse_resume('Skills\nPython (expert)\n')

    async def python_questions(resume: ParsedResume) -> list[str]:
        texts: list[str] = []
        for seed in [f'candidate-{n}' for n in range(12)]:
            asked: list[str] = []  # each candidate's own interview
            for item in await llm.plan(job, resume, 4, seed=seed):
                asked.append((await llm.question(item, job, resume, asked)).text)
                texts += [asked[-1]] if item.skill == 'Python' else []
        return texts

    assert not any('Global Interpreter Lock' in text for text in await python_questions(basic))
    assert any('Global Interpreter Lock' in text for text in await python_questions(expert))


def test_nice_to_haves_on_the_resume_are_asked_even_with_many_must_haves() -> None:
    job = JobContext(title='Platform Engineer',
                     must_have_skills=['Python', 'PostgreSQL', 'Docker', 'Kubernetes', 'AWS', 'Linux'],
                     nice_to_have_skills=['Redis', 'Kafka', 'FastAPI'])
    resume = ParsedResume(skills=['Python', 'PostgreSQL', 'Docker', 'Kubernetes', 'AWS', 'Linux', 'Kafka'])
    asked = {item.skill for item in plan_interview(job, resume, 10, 'seed') if item.type == 'technical'}
    assert 'Kafka' in asked
    without = ParsedResume(skills=['Python', 'PostgreSQL', 'Docker', 'Kubernetes', 'AWS', 'Linux'])
    assert 'Kafka' not in {item.skill for item in plan_interview(job, without, 10, 'seed')}


async def test_projects_are_quoted_whole() -> None:
    resume = parse_resume(RESUME_TEXT)
    plan = plan_interview(JOB, resume, 10, 'seed')
    project = next(item for item in plan if item.type == 'project')
    question = await OfflineLLM().question(project, JOB, resume, [])
    if 'Ledger' in question.text and '(' in question.text:
        assert PROJECT.split(' — ', 1)[1].rstrip('.') in question.text
    texts = set()
    for n in range(10):
        item = project.model_copy(update={'variant': n})
        texts.add((await OfflineLLM().question(item, JOB, resume, [])).text)
    assert any(PROJECT.split(' — ', 1)[1].rstrip('.') in text for text in texts)


def test_pinned_questions_come_first_and_excluded_ones_are_never_drawn() -> None:
    resume = parse_resume(RESUME_TEXT)
    rubric = [RubricPoint(point=p, synonyms=[]) for p in ('Names the isolation level', 'Explains the anomaly',
                                                           'Says how the code prevents it')]
    pinned = JobQuestionRule(key='job-1', skill='PostgreSQL', difficulty='hard', pinned=True, rubric=rubric,
                             text='How do you stop two workers from posting the same ledger entry twice?')
    excluded = [JobQuestionRule(key=f'python-easy-{n}', skill='Python', difficulty='easy', text='x', excluded=True)
                for n in (1, 2)]
    job = JOB.model_copy(update={'questions': [pinned, *excluded]})
    for seed in ('a', 'b', 'c', 'd'):
        plan = plan_interview(job, resume, 10, seed)
        technical = [item for item in plan if item.type == 'technical']
        assert technical[0].question_key == 'job-1'
        assert not {item.question_key for item in plan} & {'python-easy-1', 'python-easy-2'}
        assert [item.skill for item in technical].count('PostgreSQL') == 1  # the pin took its first round
    assert 'job-1' not in str(job.model_dump())  # HR's questions never go to a remote model's prompt
def test_plans_are_stable_per_candidate_and_differ_between_candidates() -> None:
    resume = parse_resume(RESUME_TEXT)
    first = plan_interview(JOB, resume, 10, 'candidate-1')
    assert first == plan_interview(JOB, resume, 10, 'candidate-1')
    keys = {tuple(item.question_key for item in plan_interview(JOB, resume, 10, f'candidate-{n}'))
            for n in range(10)}
    assert len(keys) >= 8




def test_every_pin_is_asked_even_when_pins_fill_the_interview() -> None:
    resume = parse_resume(RESUME_TEXT)
    rubric = [RubricPoint(point=p) for p in ('First point', 'Second point', 'Third point')]
    pins = [JobQuestionRule(key=f'job-{n}', skill=skill, difficulty='medium', pinned=True, rubric=rubric,
                            text=f'Pinned question {n} about {skill}?')
            for n, skill in enumerate(['Python', 'PostgreSQL', 'Docker', 'Redis'])]
    behavioral = JobQuestionRule(key='job-9', skill=None, pinned=True, rubric=rubric, text='Why this company?')
    job = JOB.model_copy(update={'questions': [*pins, behavioral]})
    for count in (5, 6, 10):  # the service refuses more pins than the job's question count
        keys = [item.question_key for item in plan_interview(job, resume, count, 'seed')]
        assert len(keys) == count
        assert {'job-0', 'job-1', 'job-2', 'job-3', 'job-9'} <= set(keys), (count, keys)
