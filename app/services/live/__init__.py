"""HR watching an interview live and stepping in.

    presence   who is watching which interview right now (in-process; the room shows it) and the
               audit row every live view writes
    snapshot   the live page's read model: current question, answers so far with transcripts and
               scores, integrity signals, video segments, HR's queued questions and notes, plus a cheap
               fingerprint the page's timer compares to push only changes
    ask        HR's own question, put into the next slot the candidate has not seen (asked next, with
               the same TTS), scored on HR's key points or shown unscored
    notes      private time-stamped notes that appear on the report
"""
