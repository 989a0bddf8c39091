"""Every sentence the candidate reads about the recorder's state, in one place (Python owns them).

The element shows ELEMENT texts by itself (they are sent to the browser once, as a prop); the room
shows ROOM texts next to the question. Where both speak about the same state they share the entry.
`{name}` placeholders are filled in where the text is shown. Every text is a msgid (N_): the room and the
element translate them into the interview's language where they are shown.
"""

from __future__ import annotations

from typing import TypedDict

from app.i18n import N_, NP_, Translator


class DeviceErrorText(TypedDict):
    title: str
    icon: str
    message: str


SAVING = N_('Saving your answer…')
LISTEN = N_('Listen to the question.')

# Shown by the recorder element (components/recorder/recorder.js reads them from its `texts` prop).
ELEMENT: dict[str, str] = {
    'placeholder_checking': N_('Asking for your camera and microphone…'),
    'placeholder_audio_only': N_('Audio only (no camera)'),
    'placeholder_off': N_('Camera and microphone are off'),
    'thinking_title': N_('Recording starts in'),
    'thinking_hint': N_('Take a moment to think'),
    'badge_recording': N_('REC {elapsed} / {limit}'),
    'badge_recording_untimed': N_('REC {elapsed}'),
    'badge_waiting': N_('Answer when you are ready'),
    'badge_paused': N_('Paused'),
    'badge_typing': N_('Typing your answer'),
    'badge_practice_done': N_('Practice answer (not saved)'),
    'badge_playing': N_('Question playing'),
    'badge_blocked': N_('Press “Play question” to hear it'),
    'badge_uploading': SAVING,
    'badge_saved': N_('Answer saved'),
    'badge_upload_failed': N_('Answer not saved yet'),
    'mic_test_listening': N_('Say something… ({left})'),
    'mic_test_ok': N_('We can hear you clearly.'),
    'mic_test_quiet': N_('We could not hear you. Speak up, or pick another microphone.'),
    'status_checking': N_('Your browser may ask for permission: please allow camera and microphone.'),
    'status_playing': LISTEN,
    'status_thinking': N_('Recording starts by itself when the countdown ends.'),
    'status_waiting': N_('No time limit: click Answer now when you are ready.'),
    'status_paused': N_('Paused. Take the time you need.'),
    'status_typing': N_('Type your answer next to the question.'),
    'status_practice_done': N_('Your practice answer stays in this browser: it is not saved.'),
    'status_recording': N_('Recording your answer. Speak naturally.'),
    'status_uploading': SAVING,
    'status_saved': N_('Answer saved.'),
    'status_upload_failed': N_('Your answer is kept in this tab but could not be saved yet ({error}).'),
    'status_live': N_('Microphone is on.'),
    'no_camera': N_('No camera found: the interview continues with audio only.'),
}

# Why the camera or microphone cannot be used, by DeviceError.kind (the element shows title and message).
DEVICE_ERRORS: dict[str, DeviceErrorText] = {
    'denied': {
        'title': N_('Camera and microphone are blocked'), 'icon': 'videocam_off',
        'message': N_('Your browser is not letting this page use your camera and microphone. Click the camera icon '
                   'in the address bar (or open the site settings), allow both, then reload this page.')},
    'not_found': {
        'title': N_('No microphone found'), 'icon': 'mic_off',
        'message': N_('We could not find a microphone. Plug in a headset or microphone, or switch it on in your '
                   'system settings, then try again.')},
    'busy': {
        'title': N_('Camera or microphone is busy'), 'icon': 'do_not_disturb_on',
        'message': N_('Another application (for example a video call) is using your camera or microphone. Close it, '
                   'then try again.')},
    'unsupported': {
        'title': N_('Recording is not supported here'), 'icon': 'browser_not_supported',
        'message': N_('This browser cannot record audio on this page. Please open the interview link in a current '
                   'version of Chrome, Edge, Firefox or Safari.')},
    'insecure': {
        'title': N_('This page is not secure'), 'icon': 'lock_open',
        'message': N_('Browsers only allow the camera and microphone on secure pages. Open the interview link exactly '
                   'as you received it (it starts with https://).')},
}

# Shown by the interview room before recording starts by itself (a count of seconds: one text per plural form).
THINK = NP_('Think for a moment — recording starts in {count} second, or click Answer now.',
            'Think for a moment — recording starts in {count} seconds, or click Answer now.')

# Shown by the interview room beside the question (pages/interview_room.py).
ROOM: dict[str, str] = {
    'listen': LISTEN,
    'wait': N_('Take the time you need, then click Answer now. There is no time limit.'),
    'paused': N_('Paused. The clock is stopped; click Continue when you are ready and the question plays again.'),
    'typing': N_('Type your answer below, then click Send answer.'),
    'recording_redo': N_('Recording your answer. Click Done when you have finished, or Start over to record it '
                      'again ({left} left).'),
    'practice': N_('Practice: listen to the question, then answer it out loud. Nothing is saved or scored.'),
    'practice_recorded': N_('Play your answer back to hear how you sound, try again, or start the interview.'),
    'practice_playing': N_('Playing your practice answer…'),
    'starting': N_('Preparing your first question…'),
    'blocked': N_('Click “Play question” to hear the question.'),
    'recording': N_('Recording your answer. Click Done when you have finished.'),
    'time_up': N_('Time is up for this answer; it is being saved.'),
    'saving': SAVING,
    'saved': N_('Your answer is saved.'),
    'upload_failed': N_('Your answer is kept in this tab but could not be sent yet.'),
    'upload_failed_detail': N_('The upload failed.'),
    'video_slow': N_('Your connection is slow: the video is still uploading in the background.'),
    'video_not_started': N_('The video could not be started ({error}); your answers are still saved.'),
    'coding': N_('Write your solution below. Run tries the examples; Submit runs the hidden tests and moves on. '
              'You may also explain your approach out loud: click Answer now to record (optional).'),
    'coding_recording': N_('Recording your explanation. Keep coding; Submit sends your code and the explanation.'),
    'coding_held': N_('Your explanation is kept in this tab; it is sent when you click Submit.'),
    'coding_running': N_('Running your code…'),
}


def element_texts(t: Translator) -> dict[str, str]:
    return {key: t(text) for key, text in ELEMENT.items()}


def device_errors(t: Translator) -> dict[str, DeviceErrorText]:
    return {kind: {'title': t(text['title']), 'icon': text['icon'], 'message': t(text['message'])}
            for kind, text in DEVICE_ERRORS.items()}
