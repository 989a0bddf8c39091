// The interview recorder element: camera preview, microphone meter, question playback, and the
// question → thinking → recording → uploading state machine of one answer. Media never goes over
// NiceGUI's websocket: answers and video chunks are HTTP POSTs (lib/http.js, lib/video_uploader.js);
// only small JSON events travel back to Python (events.py). Every sentence the candidate reads comes
// from Python (texts.py) through the `texts` and `device_errors` props.

import { postWithRetry, isRetryable, sleep } from 'http';
import { openDevices, startMeter } from 'devices';
import { playQuestion } from 'playback';
import { VideoUploader } from 'video_uploader';
import { FocusWatch } from 'focus';
import template from 'recorder_template';

const SPEECH_LEVEL = 0.4; // meter level of about -36 dBFS: below normal speech, above a quiet room
const ANSWER_ATTEMPTS = 5; // about 8 s of retries before the candidate is told (the blob is kept for retry_upload)

const mmss = (s) => `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key]);

export default {
  template,
  props: { answer_time_limit: Number, thinking_seconds: Number, video_timeslice_ms: Number, texts: Object,
    device_errors: Object },
  data() {
    return { phase: 'idle', live: false, hasVideo: false, error: null, notice: '', micTest: null, thinkingLeft: 0,
      elapsed: 0, limit: 1, uploadError: '' };
  },
  computed: {
    placeholder() {
      if (this.phase === 'checking') return this.texts.placeholder_checking;
      return this.live ? this.texts.placeholder_audio_only : this.texts.placeholder_off;
    },
    badge() {
      const dark = 'bg-slate-900/70';
      const t = this.texts;
      return {
        recording: { cls: 'bg-red-600/90', text: this.limit ? fill(t.badge_recording, { elapsed: mmss(this.elapsed), limit: mmss(this.limit) })
          : fill(t.badge_recording_untimed, { elapsed: mmss(this.elapsed) }) },
        waiting: { cls: dark, icon: 'hourglass_empty', text: t.badge_waiting },
        paused: { cls: 'bg-sky-700/90', icon: 'pause', text: t.badge_paused },
        typing: { cls: dark, icon: 'keyboard', text: t.badge_typing },
        practice_done: { cls: 'bg-sky-700/90', icon: 'school', text: t.badge_practice_done },
        playing: { cls: dark, icon: 'volume_up', text: t.badge_playing },
        blocked: { cls: 'bg-amber-600/90', icon: 'volume_off', text: t.badge_blocked },
        uploading: { cls: dark, icon: 'cloud_upload', text: t.badge_uploading },
        saved: { cls: 'bg-emerald-600/90', icon: 'check', text: t.badge_saved },
        upload_failed: { cls: 'bg-amber-600/90', icon: 'cloud_off', text: t.badge_upload_failed },
      }[this.phase];
    },
    status() {
      const m = this.micTest;
      const t = this.texts;
      if (m && m.left > 0) return { cls: 'text-slate-700', text: fill(t.mic_test_listening, { left: m.left }) };
      if (m && m.ok) return { cls: 'text-emerald-700', text: t.mic_test_ok };
      if (m) return { cls: 'text-amber-700', text: t.mic_test_quiet };
      if (this.phase === 'upload_failed') {
        return { cls: 'text-amber-700', text: fill(t.status_upload_failed, { error: this.uploadError }) };
      }
      const text = ['playing', 'thinking', 'waiting', 'paused', 'typing', 'recording', 'uploading', 'saved',
        'checking', 'practice_done'].includes(this.phase) &&
        t[`status_${this.phase}`];
      if (text) return { cls: 'text-slate-600', text };
      if (this.notice) return { cls: 'text-amber-700', text: this.notice };
      return { cls: 'text-slate-500', text: this.live ? t.status_live : '' };
    },
  },
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
    // ---- devices -------------------------------------------------------------------------------------------
    async check_devices() {
      this.release();
      Object.assign(this, { phase: 'checking', error: null, notice: '', micTest: null });
      const opened = await openDevices();
      if (opened.error) return this.fail(opened.error, opened.cause);
      const { stream, hasVideo, audioMime, videoMime } = opened;
      Object.assign(this.rt, { stream, audioMime, videoMime });
      Object.assign(this, { phase: 'ready', live: true, hasVideo });
      if (!hasVideo) this.notice = this.texts.no_camera;
      this.$refs.video.srcObject = stream;
      this.rt.stopMeter = startMeter(stream, (shown, level) => {
        this.rt.peak = Math.max(this.rt.peak || 0, level);
        if (!this.$refs.meter) return;
        this.$refs.meter.style.width = `${(100 * shown).toFixed(1)}%`;
        this.$refs.meter.style.backgroundColor = shown > 0.9 ? '#f59e0b' : '#10b981';
      });
      // 'ended' fires when the device goes away (unplugged headset), never for our own track.stop()
      stream.getAudioTracks()[0].addEventListener('ended', () => this.rt.stream === stream &&
        this.fail('not_found', { name: 'ended', message: 'the microphone was disconnected' }));
      const payload = { has_video: hasVideo, audio_mime: audioMime, video_mime: videoMime };
      this.$emit('devices_ready', payload);
      return payload;
    },
    fail(kind, err) {
      const { title, icon, message } = this.device_errors[kind];
      Object.assign(this, { phase: 'error', live: false, hasVideo: false, error: { kind, title, icon, message } });
      const payload = { kind, message, title, detail: err ? `${err.name}: ${err.message}` : '' };
      this.$emit('device_error', payload);
      return payload;
    },
    async start_mic_test(seconds = 3) {
      this.rt.peak = 0;
      this.micTest = { left: Math.ceil(seconds), ok: false };
      for (let left = Math.ceil(seconds); left > 0; left--) {
        this.micTest = { left, ok: false };
        await sleep((1000 * seconds) / Math.ceil(seconds));
      }
      const peak = this.rt.stream ? Math.round(1000 * (this.rt.peak || 0)) / 1000 : 0;
      this.micTest = { left: 0, ok: peak >= SPEECH_LEVEL };
      const payload = { ok: this.micTest.ok, peak_level: peak };
      this.$emit('mic_test_result', payload);
      return payload;
    },
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

    // ---- whole-interview video -------------------------------------------------------------------------------
    start_video(uploadUrl) {
      if (!this.rt.stream || (this.rt.video && this.rt.video.state !== 'inactive')) return false;
      const mime = this.rt.videoMime;
      let recorder;
      try {
        recorder = new MediaRecorder(this.rt.stream, { mimeType: mime, videoBitsPerSecond: 500000 });
      } catch (err) {
        this.$emit('video_upload_failed', { seq: null, message: `cannot record video: ${err.message}` });
        return false;
      }
      const uploader = new VideoUploader(uploadUrl, mime, {
        failed: (info) => this.$emit('video_upload_failed', info),
        recovered: (info) => this.$emit('video_upload_recovered', info),
      });
      uploader.finished.then((result) => this.$emit('video_finished', result));
      recorder.ondataavailable = (e) => e.data.size && uploader.push(e.data);
      recorder.onstop = () => uploader.finish();
      recorder.start(this.video_timeslice_ms || 5000);
      Object.assign(this.rt, { video: recorder, uploader });
      return true;
    },
    stop_video() {
      if (!this.rt.uploader) return { chunks: 0 };
      if (this.rt.video.state !== 'inactive') this.rt.video.stop(); // emits the last chunk, then 'stop'
      return this.rt.uploader.finished;
    },
  },
};
