"""Email delivery through a durable outbox.

templates renders a message from data/email; calendar makes the deadline's .ics; outbox holds the rows
(committed before any send, claimed before each send); smtp talks to the server (aiosmtplib); sender is
the background task that drains the outbox with retries.
"""
