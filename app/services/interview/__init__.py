"""The interview pipeline (the map is written in the next commit)."""
