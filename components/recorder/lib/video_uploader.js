// Whole-interview video: chunks are sent one at a time, in order, so the server only ever appends.
// A failing chunk stays at the head of the queue and is retried with backoff for as long as it takes.
// The server answers any unexpected seq with 409 {expected_seq}: the queue then skips a chunk whose
// earlier attempt did arrive (only the reply was lost), or renumbers itself to continue where the
// server counts (e.g. after a reload opened the same recording again).

import { backoff, isRetryable, post, sleep } from 'http';

const REPORT_AFTER = 4; // failed attempts of one chunk before onFailed hears about it (sending goes on)
const MAX_RESYNCS = 3; // per chunk: a server that keeps moving its expectation is treated as an error

export class VideoUploader {
  // url: the segment's upload URL (seq is appended as a query parameter); mime: the chunks' Content-Type.
  // on: { failed({seq, message}), recovered({seq}) } — both optional.
  constructor(url, mime, on = {}) {
    Object.assign(this, { url, mime, on, queue: [], nextSeq: 0, sent: 0, stopped: false, pumping: false, done: false });
    this.finished = new Promise((resolve) => (this.resolve = resolve));
  }

  push(blob) {
    this.queue.push({ seq: this.nextSeq++, blob, attempts: 0, resyncs: 0 });
    this.pump();
  }

  // No more chunks will come; `finished` resolves with {chunks} once the queue has drained.
  finish() {
    this.stopped = true;
    this.pump();
    return this.finished;
  }

  async pump() {
    if (this.pumping) return;
    this.pumping = true;
    let res;
    while (this.queue.length) {
      const chunk = this.queue[0];
      if (chunk.attempts) await sleep(backoff(chunk.attempts - 1, res));
      const sep = this.url.includes('?') ? '&' : '?';
      res = await post(`${this.url}${sep}seq=${chunk.seq}`, chunk.blob, { 'Content-Type': this.mime });
      const expected = res.data && (res.data.expected_seq ?? (res.data.detail || {}).expected_seq);
      if (res.ok) {
        this.queue.shift();
        this.sent += 1;
        if (chunk.reported && this.on.recovered) this.on.recovered({ seq: chunk.seq });
      } else if (res.status === 409 && Number.isInteger(expected) && chunk.resyncs++ < MAX_RESYNCS) {
        this.resync(expected);
      } else {
        chunk.attempts += 1;
        chunk.maybeStored ||= res.status === 0 || res.status === 408 || res.status >= 500;
        if (!chunk.reported && (chunk.attempts >= REPORT_AFTER || !isRetryable(res.status))) {
          chunk.reported = true;
          if (this.on.failed) this.on.failed({ seq: chunk.seq, message: res.message });
        }
      }
    }
    this.pumping = false;
    if (this.stopped && !this.done) {
      this.done = true;
      this.resolve({ chunks: this.sent });
    }
  }

  resync(expected) {
    const head = this.queue[0];
    if (expected === head.seq + 1 && head.maybeStored) { // it did arrive; only the response was lost
      this.queue.shift();
      this.sent += 1;
      return;
    }
    const shift = expected - head.seq; // the server counts from elsewhere (e.g. a reloaded room): follow it
    this.queue.forEach((chunk) => (chunk.seq += shift));
    this.nextSeq += shift;
  }
}
