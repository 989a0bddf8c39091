"""Use cases. Each function takes a Session first, validates everything before writing, and commits
once; an error leaves nothing half-written."""
