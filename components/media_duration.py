"""Players for the browser's own recordings: MediaRecorder's webm carries no duration, so a player
shows "0:00 / 0:00" and cannot seek. On loading the metadata, a seek far past the end makes the
browser find the real end (it reads the file to there); then the player returns to the start with the
correct length, and seeking works."""

from __future__ import annotations

from nicegui import ui

FIND_DURATION_JS = """(e) => {
  const media = e.target;
  if (!media || (isFinite(media.duration) && media.duration > 0) || media.dataset.durationFixed) return;
  media.dataset.durationFixed = '1';
  const back = () => {
    if (!isFinite(media.duration)) return;
    media.removeEventListener('durationchange', back);
    media.currentTime = 0;
  };
  media.addEventListener('durationchange', back);
  media.currentTime = 1e101;
}"""


def with_duration(player: ui.audio | ui.video) -> ui.audio | ui.video:
    """Make `player` show the length of a MediaRecorder recording and let it seek."""
    player.on('loadedmetadata', js_handler=FIND_DURATION_JS)
    return player
