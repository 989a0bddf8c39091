"""The interview room's panels: header, device check, the current question, the coding editor, the
finished card. The room's controller (pages/interview_room.py, with pages/room_events.py and
pages/room_coding.py) decides which one shows and feeds them the recorder's events."""
