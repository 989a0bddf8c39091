"""The interview room's panels: device check, the current question, the finished card. The room's
controller (pages/interview_room.py) decides which one shows and feeds them the recorder's events."""
