"""Operational monitoring: Prometheus metrics, request ids and JSON logs, optional Sentry reporting."""
