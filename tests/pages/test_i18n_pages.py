"""Candidate pages in the job's language (apply, consent, room, thank-you) and the home page's Accept-Language."""

from __future__ import annotations

from nicegui.testing import User

from app.db import session_scope
from app.models import Interview, InterviewStatus, Job
from app.services.applications import reset_apply_limits
from tests.pages.test_apply_pages import fill_details
from tests.support import resumes
from tests.support.factories import make_admin, make_interview, make_job


async def test_apply_page_for_a_spanish_job_is_spanish(user: User) -> None:
    reset_apply_limits()
    job = make_job(make_admin(org='Acme'), language='es', title='Ingeniera de backend')
    await user.open(f'/apply/{job.job_code}')
    await user.should_see('Sus datos')
    await user.should_see('Nombre completo')
    await user.should_see('Elegir un archivo')
    await user.should_not_see('Your details')
    await fill_details(user, 'Ana García', 'ana@example.com', 'cv.pdf', resumes.pdf_resume(), 'application/pdf')
    await user.should_see('Adjunto: cv.pdf', retries=50)
    user.find(marker='continue').click()
    # The consent notice: the legal text, translated, with the organization filled in.
    await user.should_see('Antes de su entrevista: grabación y evaluación por IA', retries=30)
    await user.should_see('Quién lo ve')
    await user.should_see('Aceptar e ir a la entrevista')
    await user.should_not_see('Who sees it')


async def test_apply_page_for_a_tamil_job_is_tamil_with_its_counts_and_units(user: User) -> None:
    job = make_job(make_admin(), language='ta', question_count=3, answer_time_limit_seconds=90)
    await user.open(f'/apply/{job.job_code}')
    await user.should_see('உங்கள் விவரங்கள்')
    # The count takes Tamil's plural ('கேள்விகள்') and the answer time CLDR's Tamil units, not '1 min 30 s'.
    await user.should_see('AI குரல் நேர்காணல் · 3 கேள்விகள் · ஒவ்வொரு பதிலுக்கும் அதிகபட்சம் 1 நிமி. 30 விநாடி')
    await user.should_not_see('Your details')


async def test_unknown_interview_language_falls_back_to_english(user: User) -> None:
    job = make_job(make_admin(), language='ta')
    with session_scope() as session:  # a language code from an older release that no catalog covers
        row = session.get(Job, job.id)
        assert row is not None
        row.language = 'xx'
        session.add(row)
    await user.open(f'/apply/{job.job_code}')
    await user.should_see('Your details')


async def test_room_and_thank_you_follow_the_job_language(user: User) -> None:
    job = make_job(make_admin(), language='de')
    interview = make_interview(job, name='Jonas Becker')
    await user.open(f'/interview/{interview.token}')
    await user.should_see('Hallo Jonas, willkommen')
    await user.should_see('Geräte prüfen')
    await user.should_see('Interview starten')
    with session_scope() as session:
        row = session.get(Interview, interview.id)
        assert row is not None
        row.status = InterviewStatus.completed
        session.add(row)
    await user.open(f'/interview/{interview.token}')
    await user.should_see('Vielen Dank, Jonas!')
    await user.should_see('Optional: Wie war dieses Interview für Sie?')


async def test_home_page_follows_accept_language_and_the_picker(user: User) -> None:
    user.http_client.headers['Accept-Language'] = 'hi-IN,hi;q=0.9,en;q=0.8'
    await user.open('/')
    await user.should_see('क्या आप किसी नौकरी के लिए इंटरव्यू दे रहे हैं?')
    await user.open('/?lang=fr')
    await user.should_see('Vous passez un entretien pour un poste\u202f?')
    await user.open('/?lang=xx')  # not a catalog: the browser's language again
    await user.should_see('क्या आप किसी नौकरी के लिए इंटरव्यू दे रहे हैं?')
