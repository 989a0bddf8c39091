"""Every sentence the candidate reads about the recorder's state, in one place (Python owns them).

The element shows ELEMENT texts by itself (they are sent to the browser once, as a prop); the room
shows ROOM texts next to the question. Where both speak about the same state they share the entry.
`{name}` placeholders are filled in where the text is shown.
"""

from __future__ import annotations

from typing import TypedDict


class DeviceErrorText(TypedDict):
    title: str
    icon: str
    message: str


SAVING = 'Saving your answer…'
LISTEN = 'Listen to the question.'

# Shown by the recorder element (components/recorder/recorder.js reads them from its `texts` prop).
ELEMENT: dict[str, str] = {
    'placeholder_checking': 'Asking for your camera and microphone…',
    'placeholder_audio_only': 'Audio only (no camera)',
    'placeholder_off': 'Camera and microphone are off',
    'thinking_title': 'Recording starts in',
    'thinking_hint': 'Take a moment to think',
    'badge_recording': 'REC {elapsed} / {limit}',
    'badge_recording_untimed': 'REC {elapsed}',
    'badge_waiting': 'Answer when you are ready',
    'badge_paused': 'Paused',
    'badge_typing': 'Typing your answer',
    'badge_practice_done': 'Practice answer (not saved)',
    'badge_playing': 'Question playing',
    'badge_blocked': 'Press “Play question” to hear it',
    'badge_uploading': SAVING,
    'badge_saved': 'Answer saved',
    'badge_upload_failed': 'Answer not saved yet',
    'mic_test_listening': 'Say something… ({left})',
    'mic_test_ok': 'We can hear you clearly.',
    'mic_test_quiet': 'We could not hear you. Speak up, or pick another microphone.',
    'status_checking': 'Your browser may ask for permission: please allow camera and microphone.',
    'status_playing': LISTEN,
    'status_thinking': 'Recording starts by itself when the countdown ends.',
    'status_waiting': 'No time limit: click Answer now when you are ready.',
    'status_paused': 'Paused. Take the time you need.',
    'status_typing': 'Type your answer next to the question.',
    'status_practice_done': 'Your practice answer stays in this browser: it is not saved.',
    'status_recording': 'Recording your answer. Speak naturally.',
    'status_uploading': SAVING,
    'status_saved': 'Answer saved.',
    'status_upload_failed': 'Your answer is kept in this tab but could not be saved yet ({error}).',
    'status_live': 'Microphone is on.',
    'no_camera': 'No camera found: the interview continues with audio only.',
}

# Why the camera or microphone cannot be used, by DeviceError.kind (the element shows title and message).
DEVICE_ERRORS: dict[str, DeviceErrorText] = {
    'denied': {
        'title': 'Camera and microphone are blocked', 'icon': 'videocam_off',
        'message': 'Your browser is not letting this page use your camera and microphone. Click the camera icon '
                   'in the address bar (or open the site settings), allow both, then reload this page.'},
    'not_found': {
        'title': 'No microphone found', 'icon': 'mic_off',
        'message': 'We could not find a microphone. Plug in a headset or microphone, or switch it on in your '
                   'system settings, then try again.'},
    'busy': {
        'title': 'Camera or microphone is busy', 'icon': 'do_not_disturb_on',
        'message': 'Another application (for example a video call) is using your camera or microphone. Close it, '
                   'then try again.'},
    'unsupported': {
        'title': 'Recording is not supported here', 'icon': 'browser_not_supported',
        'message': 'This browser cannot record audio on this page. Please open the interview link in a current '
                   'version of Chrome, Edge, Firefox or Safari.'},
    'insecure': {
        'title': 'This page is not secure', 'icon': 'lock_open',
        'message': 'Browsers only allow the camera and microphone on secure pages. Open the interview link exactly '
                   'as you received it (it starts with https://).'},
}

# Shown by the interview room beside the question (pages/interview_room.py).
ROOM: dict[str, str] = {
    'listen': LISTEN,
    'think': 'Think for a moment — recording starts in {seconds} seconds, or click Answer now.',
    'wait': 'Take the time you need, then click Answer now. There is no time limit.',
    'paused': 'Paused. The clock is stopped; click Continue when you are ready and the question plays again.',
    'typing': 'Type your answer below, then click Send answer.',
    'recording_redo': 'Recording your answer. Click Done when you have finished, or Start over to record it '
                      'again ({left} left).',
    'practice': 'Practice: listen to the question, then answer it out loud. Nothing is saved or scored.',
    'practice_recorded': 'Play your answer back to hear how you sound, try again, or start the interview.',
    'practice_playing': 'Playing your practice answer…',
    'starting': 'Preparing your first question…',
    'blocked': 'Click “Play question” to hear the question.',
    'recording': 'Recording your answer. Click Done when you have finished.',
    'time_up': 'Time is up for this answer; it is being saved.',
    'saving': SAVING,
    'saved': 'Your answer is saved.',
    'upload_failed': 'Your answer is kept in this tab but could not be sent yet.',
    'upload_failed_detail': 'The upload failed.',
    'video_slow': 'Your connection is slow: the video is still uploading in the background.',
    'video_not_started': 'The video could not be started ({error}); your answers are still saved.',
    'coding': 'Write your solution below. Run tries the examples; Submit runs the hidden tests and moves on. '
              'You may also explain your approach out loud: click Answer now to record (optional).',
    'coding_recording': 'Recording your explanation. Keep coding; Submit sends your code and the explanation.',
    'coding_held': 'Your explanation is kept in this tab; it is sent when you click Submit.',
    'coding_running': 'Running your code…',
}
