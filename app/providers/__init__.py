"""Pluggable LLM, TTS and STT providers (DESIGN.md §4), chosen by settings."""
