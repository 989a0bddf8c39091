"""The offline LLM: a shipped question bank and deterministic rubric scoring (no network, no model)."""
