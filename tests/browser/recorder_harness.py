"""A NiceGUI app hosting one Recorder with buttons, plus fake upload endpoints, for the browser tests.

Run as a script (see conftest.start_app): HOST/PORT say where to listen, RECORDER_HARNESS_DIR where
uploads go. Tests steer failures through POST /test/control and read what happened from
GET /test/events (the events as the Python handlers received them) and GET /test/log (the requests).
"""

import json
import os
import shutil
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np
from fastapi import Request
from fastapi.responses import JSONResponse, Response
from nicegui import app, ui
from nicegui.events import GenericEventArguments

from components.recorder import EVENTS, Recorder, RecorderQuestion

DATA = Path(os.environ['RECORDER_HARNESS_DIR'])
QUESTION_WAV = DATA / 'question.wav'

# One browser page drives the harness at a time, so plain module state is enough here.
state: dict[str, Any] = {}


def reset() -> None:
    state.clear()
    state.update(events=[], log=[], answer_fail=[], video_fail={}, video_store_then_fail=[], video_next=0, answers={})
    for sub in ('answers', 'video'):
        shutil.rmtree(DATA / sub, ignore_errors=True)
        (DATA / sub).mkdir(parents=True)


def write_question_audio(path: Path, seconds: float = 1.5) -> None:
    """A short rising tone stands in for the TTS question audio."""
    rate = 24000
    t = np.arange(int(rate * seconds)) / rate
    samples = 0.3 * np.sin(2 * np.pi * (330 + 110 * t) * t) * np.minimum(1, 20 * (seconds - t))
    with wave.open(str(path), 'wb') as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((samples * 32767).astype('<i2').tobytes())


@app.post('/test/control')
async def control(request: Request) -> dict:
    body = await request.json()
    if body.get('reset'):
        reset()
    for key in ('answer_fail', 'video_fail', 'video_store_then_fail', 'video_next'):
        if key in body:
            state[key] = {int(k): v for k, v in body[key].items()} if key == 'video_fail' else body[key]
    return {'ok': True}


@app.get('/test/events')
def events() -> list:
    return state['events']


@app.get('/test/log')
def request_log() -> list:
    return state['log']


@app.post('/test/answer/{qid}')
async def answer(qid: str, request: Request) -> JSONResponse:
    body = await request.body()
    key = request.headers.get('x-upload-key', '')
    state['log'].append(
        {
            'kind': 'answer',
            'qid': qid,
            'key': key,
            'bytes': len(body),
            'mime': request.headers.get('content-type'),
            'duration_ms': request.headers.get('x-duration-ms'),
        }
    )
    if state['answer_fail']:
        status = state['answer_fail'].pop(0)
        return JSONResponse({'detail': f'injected failure {status}'}, status_code=status)
    if key in state['answers']:  # a retried upload whose first response was lost: same answer, same reply
        return JSONResponse(state['answers'][key])
    (DATA / 'answers' / f'{qid}-{key}.webm').write_bytes(body)
    state['answers'][key] = reply = {'saved': qid, 'next_question': f'after {qid}'}
    return JSONResponse(reply)


@app.post('/test/video')
async def video(seq: int, request: Request) -> Response:
    body = await request.body()
    state['log'].append({'kind': 'video', 'seq': seq, 'bytes': len(body), 'mime': request.headers.get('content-type')})
    fails = state['video_fail'].get(seq) or []
    if fails:
        status = fails.pop(0)
        return JSONResponse({'detail': f'injected failure {status}'}, status_code=status)
    if seq != state['video_next']:
        return JSONResponse({'detail': {'expected_seq': state['video_next']}}, status_code=409)
    (DATA / 'video' / f'{seq:05d}.part').write_bytes(body)
    state['video_next'] += 1
    if seq in state['video_store_then_fail']:  # stored, but the client never hears about it
        state['video_store_then_fail'].remove(seq)
        return JSONResponse({'detail': 'injected failure after storing'}, status_code=503)
    return JSONResponse({'ok': True})


@ui.page('/')
def index(limit: int = 30, thinking: int = 1, timeslice: int = 1000, autoask: int = 0) -> None:
    ui.query('body').classes('bg-slate-50')

    def record(name: str, e: GenericEventArguments) -> None:
        state['events'].append({'event': name, 'args': e.args, 't': time.time()})
        log.push(f'{name} {json.dumps(e.args)}')
        if name == 'audio_blocked':
            play.visible = True
        if name == 'question_audio_ended':
            play.visible = False

    def ask(qid: str) -> None:
        question: RecorderQuestion = {'upload_url': f'/test/answer/{qid}', 'audio_url': '/test/question.wav'}
        recorder.ask(question)

    with ui.column().classes('w-full items-center gap-4 p-6'):
        recorder = Recorder(answer_time_limit=limit, thinking_seconds=thinking, video_timeslice_ms=timeslice)
        recorder.props('data-testid=recorder')
        for name in EVENTS:
            recorder.on(name, lambda e, name=name: record(name, e))
        with ui.row().classes('gap-2'):
            ui.button('Check devices', on_click=recorder.check_devices)
            ui.button('Mic test', on_click=lambda: recorder.start_mic_test(2))
            ui.button('Ask q1', on_click=lambda: ask('q1'))
            ui.button('Ask q2', on_click=lambda: ask('q2'))
            ui.button(
                'Speak q3',
                on_click=lambda: recorder.ask(
                    {
                        'upload_url': '/test/answer/q3',
                        'speak_text': 'Tell me about a project you enjoyed.',
                        'max_seconds': 3,
                        'thinking_seconds': 0,
                    }
                ),
            )
            ui.button('Answer now', on_click=recorder.answer_now)
            ui.button('Done', on_click=recorder.done)
            ui.button('Retry upload', on_click=recorder.retry_upload)
            ui.button('Start video', on_click=lambda: recorder.start_video('/test/video'))
            ui.button('Stop video', on_click=recorder.stop_video)
            ui.button('Release', on_click=recorder.release)
            ui.button('Delete', on_click=recorder.delete)
            play = ui.button('Play question', on_click=recorder.play_question).props('color=amber')
            play.visible = False
        log = ui.log(max_lines=50).classes('h-40 w-full max-w-xl text-xs')

    if autoask:  # no click and no capture yet: Chromium's autoplay policy refuses the question audio
        ui.timer(0.5, lambda: ask('q1'), once=True)


DATA.mkdir(parents=True, exist_ok=True)
write_question_audio(QUESTION_WAV)
app.add_static_file(local_file=QUESTION_WAV, url_path='/test/question.wav')
reset()
ui.run(
    host=os.environ.get('HOST', '127.0.0.1'),
    port=int(os.environ['PORT']),
    reload=False,
    show=False,
    title='Recorder harness',
)
