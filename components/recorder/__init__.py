"""The interview recorder element (see recorder.py)."""

from components.recorder.recorder import EVENTS, Recorder, RecorderQuestion

__all__ = ['EVENTS', 'Recorder', 'RecorderQuestion']
