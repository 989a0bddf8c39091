"""The interview pipeline: one answer from upload to report, in this package.

    candidate's browser                      (components/recorder/, pages/interview_room.py)
      │  POST /api/v1/interview/{token}/answers/{k}            (app/api/interview.py)
      ▼
    1. turns.InterviewEngine.submit_answer ── answers.check_upload / store_answer
         file fsynced, Answer row committed (status received), then ...
    2. ... queue.AnswerQueue.enqueue(answer_id)   ← also HR's re-score and retry (app/api/review.py)
         and at once questions.QuestionSupply.serve(k + 1), pre-generated while k was answered
      ▼   (in the background: processing.AnswerWorker in-process on SQLite; on PostgreSQL
           claiming.ClaimingWorker, in this or a `main.py worker` process, claims the row (claims))
    3. processing.AnswerWorker: STT → answer_states.save_transcript (transcribed)
                                LLM evaluate → answer_states.save_evaluation (scored)
         failures: answer_states.record_failure → retry with backoff → failed (HR can retry)
    4. follow_ups.FollowUps.consider: a shallow answer puts a follow-up in the next unseen slot
    5. finalize.Finalizer.finalize_if_ready: every answer scored → scoring.score_interview,
         the narrative report (interviewer.Interviewer), finalize.save_final (completed);
         a failed answer → needs review; a re-scored answer of a completed interview → recompute
    6. HR reads the result: app/services/reports.py (report), overrides.py (HR's overrides,
         effective values), corrections.py (transcript fixes → re-score → step 2)

Modules, by side:
- candidate side: rows (interview rows, state machine, plan and question rows), plan (PlanEntry:
  one slot of Interview.plan), answers (answer rows: intake of an upload), answer_states (an
  answer's processing states: what the worker reads and writes), turns (room, start, answer),
  questions (serve and pre-generate questions with their audio), media (question audio, video
  chunks), integrity (focus signals: recorded, never judged), practice (the spoken practice
  question before question 1: nothing about it is stored)
- background: queue (the AnswerQueue seam), processing (AnswerWorker), claiming and claims (the
  PostgreSQL answer queue: leases on the answers table), follow_ups, finalize,
  scoring (pure: final score and recommendation)
- shared: interviewer (the LLM with the offline fallback for candidate-facing steps), locks (one
  asyncio lock per interview), pipeline (build_pipeline wires all of the above; app/runtime.py
  builds it once per process)

Sync functions take a Session and run on the DB thread pools (app.db.run_in_session / run_read);
async classes call providers and never block the event loop.
"""
