// The interview recorder element: camera preview, microphone meter, question playback, and the
// question → thinking → recording → uploading state machine of one answer. Media never goes over
// NiceGUI's websocket: answers and video chunks are HTTP POSTs (lib/http.js, lib/video_uploader.js);
// only small JSON events travel back to Python (events.py). Every sentence the candidate reads comes
// from Python (texts.py) through the `texts` and `device_errors` props.

import { postWithRetry, isRetryable } from 'http';
import { playQuestion } from 'playback';
import { FocusWatch } from 'focus';
import template from 'recorder_template';
import view from 'recorder_view';
import deviceMethods from 'recorder_devices';
import videoMethods from 'recorder_video';

const ANSWER_ATTEMPTS = 5; // about 8 s of retries before the candidate is told (the blob is kept for retry_upload)

export default {
  template,
  props: { answer_time_limit: Number, thinking_seconds: Number, video_timeslice_ms: Number, texts: Object,
    device_errors: Object },
  data() {
    return { phase: 'idle', live: false, hasVideo: false, error: null, notice: '', micTest: null, thinkingLeft: 0,
      elapsed: 0, limit: 1, uploadError: '' };
  },
  computed: view,
  created() {
    // Media objects, timers and queues live outside Vue's reactivity: nothing renders them directly.
    this.rt = { stream: null, timers: {}, turn: 0, video: null, answer: null };
    this.rt.focus = new FocusWatch(({ lost, hidden }) =>
      this.$emit('focus_change', { lost, hidden, at: new Date().toISOString() }));
  },
  beforeUnmount() {
    this.rt.focus.close();
    this.release();
  },
  methods: {
    ...deviceMethods, // check_devices, fail, start_mic_test (lib/recorder_devices.js)
    ...videoMethods, // start_video, stop_video (lib/recorder_video.js)
    release() {
      this.cancelQuestion();
      this.done(); // a running answer is uploaded, not dropped
      if (this.rt.video && this.rt.video.state !== 'inactive') this.rt.video.stop(); // the upload queue drains
      if (this.rt.stream) this.rt.stream.getTracks().forEach((track) => track.stop());
      if (this.rt.stopMeter) this.rt.stopMeter();
      Object.assign(this.rt, { stream: null, stopMeter: null });
      if (this.$refs.video) this.$refs.video.srcObject = null;
      if (this.$refs.meter) this.$refs.meter.style.width = '0%';
      Object.assign(this, { live: false, hasVideo: false, micTest: null });
      if (this.phase !== 'error') this.phase = 'idle';
    },

    // ---- question, thinking time, answer ---------------------------------------------------------------------
    ask(question) {
      this.done(); // never drop a recording
      this.question = { max_seconds: this.answer_time_limit, thinking_seconds: this.thinking_seconds, ...question };
      Object.assign(this, { micTest: null, notice: this.hasVideo ? '' : this.notice });
      this.playQuestion();
    },
    play_question() {
      // only while the question is unanswered: replaying it afterwards would record a second answer
      return Boolean(this.question && !this.question.recorded) && this.playQuestion();
    },
    playQuestion() {
      this.cancelQuestion();
      const turn = this.rt.turn;
      this.phase = 'playing';
      this.rt.stopPlayback = playQuestion(this.question, {
        ended: (info) => turn === this.rt.turn && this.questionAudioEnded(info),
        blocked: (source) => {
          if (turn !== this.rt.turn) return;
          this.phase = 'blocked';
          this.$emit('audio_blocked', { source });
        },
      });
      return true;
    },
    questionAudioEnded(info) {
      this.cancelQuestion();
      this.$emit('question_audio_ended', info);
      if (this.question.manual) { this.phase = 'idle'; return; } // coding: recording only on answer_now
      if (this.question.typed) return (this.phase = 'typing'); // typed answers only: nothing to record
      if (this.question.untimed) return (this.phase = 'waiting'); // no countdown: the candidate starts it
      const seconds = Math.max(0, Math.round(this.question.thinking_seconds || 0));
      if (!seconds) return this.startRecording();
      const turn = this.rt.turn;
      this.phase = 'thinking';
      this.thinkingLeft = seconds;
      this.rt.timers.thinking = setInterval(() => {
        if (turn !== this.rt.turn) return;
        this.thinkingLeft -= 1;
        if (this.thinkingLeft <= 0) this.startRecording();
      }, 1000);
    },
    cancelQuestion() {
      this.rt.turn += 1; // late callbacks of the previous question see a stale turn and do nothing
      clearInterval(this.rt.timers.thinking);
      if (this.rt.stopPlayback) this.rt.stopPlayback();
      this.rt.stopPlayback = null;
    },
    answer_now() {
      return Boolean(this.question && !this.question.recorded) && this.startRecording();
    },
    pause() {
      // "I need a moment": before the answer starts, the question and the countdown stop; play_question resumes.
      if (!this.question || this.question.recorded || !['playing', 'blocked', 'thinking', 'waiting'].includes(this.phase)) {
        return false;
      }
      this.cancelQuestion();
      this.phase = 'paused';
      return true;
    },
    type_instead() {
      // The candidate types this answer (an accommodation): stop the question and the countdown, record nothing.
      if (!this.question || this.question.recorded) return false;
      this.cancelQuestion();
      this.phase = 'typing';
      return true;
    },
    redo() {
      // Discard the answer being recorded and record it again, while the question's redos last.
      const q = this.question;
      const answer = this.rt.answer;
      if (!q || this.phase !== 'recording' || !answer || answer.duration_ms !== undefined || !(q.redos_left > 0)) {
        return false;
      }
      answer.discarded = true;
      answer.duration_ms = 0;
      clearInterval(this.rt.timers.tick);
      clearTimeout(this.rt.timers.limit);
      this.rt.focus.end();
      if (answer.recorder.state !== 'inactive') answer.recorder.stop(); // onstop sees `discarded`: no upload
      this.rt.answer = null;
      q.redos_left -= 1;
      q.recorded = false;
      return this.startRecording();
    },
    startRecording() {
      const q = this.question;
      if (!q || q.recorded) return false;
      this.cancelQuestion();
      if (!this.rt.stream) { // devices released or never checked: nothing to record with
        this.phase = 'idle';
        return false;
      }
      const limit = q.untimed ? 0 : (q.max_seconds || this.answer_time_limit);
      const mimeType = this.rt.audioMime;
      let recorder;
      try {
        recorder = new MediaRecorder(new MediaStream(this.rt.stream.getAudioTracks()),
          { mimeType, audioBitsPerSecond: 48000 });
      } catch (err) {
        this.fail('unsupported', err);
        return false;
      }
      const answer = { recorder, chunks: [], key: crypto.randomUUID(), url: q.upload_url, mime: mimeType,
        startedAt: performance.now(), practice: Boolean(q.practice) };
      recorder.ondataavailable = (e) => e.data.size && answer.chunks.push(e.data);
      recorder.onstop = () => { // after done(), or by itself when the microphone goes away mid-answer
        if (answer.discarded) return; // redone: only the final recording is uploaded
        if (answer.duration_ms === undefined) this.done();
        answer.blob = new Blob(answer.chunks, { type: mimeType });
        if (answer.practice) return this.keepPractice(answer); // never uploaded: played back in this tab only
        this.uploadAnswer(answer);
      };
      recorder.start(1000); // a chunk per second: a long answer is not one big buffer copied at the end
      q.recorded = true;
      this.rt.answer = answer;
      Object.assign(this, { phase: 'recording', elapsed: 0, limit, uploadError: '' });
      this.rt.timers.tick = setInterval(() => (this.elapsed = (performance.now() - answer.startedAt) / 1000), 250);
      if (limit) {
        this.rt.timers.limit = setTimeout(() => {
          this.$emit('time_limit_reached', { max_seconds: limit });
          this.done();
        }, 1000 * limit);
      }
      this.$emit('recording_started', { max_seconds: limit, at: new Date().toISOString(), redos_left: q.redos_left || 0 });
      this.rt.focus.begin();
      return true;
    },
    done() {
      const answer = this.rt.answer;
      if (!answer || answer.duration_ms !== undefined) return false;
      clearInterval(this.rt.timers.tick);
      clearTimeout(this.rt.timers.limit);
      this.rt.focus.end();
      answer.duration_ms = Math.round(performance.now() - answer.startedAt);
      if (answer.recorder.state !== 'inactive') answer.recorder.stop(); // onstop assembles the blob and uploads it
      this.phase = answer.practice ? 'practice_done' : 'uploading';
      return true;
    },

    // ---- the practice answer: kept in the tab for playback, never uploaded ---------------------------------
    keepPractice(answer) {
      if (this.rt.practiceUrl) URL.revokeObjectURL(this.rt.practiceUrl);
      this.rt.practiceUrl = URL.createObjectURL(answer.blob);
      this.$emit('practice_recorded', { duration_ms: answer.duration_ms, bytes: answer.blob.size });
    },
    play_practice() {
      if (!this.rt.practiceUrl) return false;
      if (this.rt.practicePlayer) this.rt.practicePlayer.pause();
      const player = new Audio(this.rt.practiceUrl);
      player.onended = () => this.$emit('practice_played', {});
      this.rt.practicePlayer = player;
      player.play().catch(() => this.$emit('practice_played', {}));
      return true;
    },

    // ---- answer upload ---------------------------------------------------------------------------------------
    async uploadAnswer(answer) {
      if (answer.busy || answer.saved) return;
      answer.busy = true;
      const mine = () => this.rt.answer === answer; // a later question owns the badge once it has started
      if (mine()) this.phase = 'uploading';
      const info = { duration_ms: answer.duration_ms, bytes: answer.blob.size };
      this.$emit('uploading', info);
      const headers = { 'Content-Type': answer.mime, 'X-Upload-Key': answer.key,
        'X-Duration-Ms': String(answer.duration_ms) };
      const res = await postWithRetry(answer.url, answer.blob, headers, ANSWER_ATTEMPTS);
      answer.busy = false;
      answer.saved = res.ok;
      if (res.ok) {
        if (mine()) this.phase = 'saved';
        this.$emit('answer_uploaded', { status: res.status, response: res.data, ...info });
      } else {
        if (mine()) Object.assign(this, { phase: 'upload_failed', uploadError: res.message });
        this.$emit('answer_upload_failed', { message: res.message, retryable: isRetryable(res.status), status: res.status });
      }
      return res.ok;
    },
    retry_upload() {
      const answer = this.rt.answer;
      return answer && answer.blob ? this.uploadAnswer(answer) : false; // same blob, same X-Upload-Key
    },
  },
};
