"""The interview recorder element (recorder.py) and its typed events (events.py)."""

from components.recorder.events import EVENTS
from components.recorder.recorder import Recorder, RecorderQuestion

__all__ = ['EVENTS', 'Recorder', 'RecorderQuestion']
