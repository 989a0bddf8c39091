"""Coding exercises: a bank of Python tasks, running candidates' code against tests in the sandbox,
storing submissions and scoring them.

    bank        the offline task bank (data/coding/python.json): statement, starter, visible examples,
                hidden tests, reference solution, rubric
    harness     the script that runs inside the sandbox next to the candidate's code; the host compares
                results (expected values never enter the sandbox)
    runs        run_examples (the Run button) and run_hidden (Submit): one sandboxed run each
    submissions the CodeSubmission row of a question, the answer without a recording, the room's view
    scoring     tests passed → correctness; the rubric scoring of code + explanation → depth and clarity
"""
