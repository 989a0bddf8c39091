"""Webhooks for ATS integration: endpoints per organization, events emitted in the transaction of the change
they report, a durable delivery outbox signed per Standard Webhooks, retried with backoff for up to a day."""
