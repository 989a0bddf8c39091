"""HR invites candidates by email: one at a time or from a CSV, with a deadline, reminders, extend,
resend and revoke. The stage of an invitation is derived from the candidate and interview rows
(lifecycle.stage), so it can never disagree with them."""
