// Interview recorder: camera preview, microphone meter, question playback, answer and video uploads.
// Media never goes over NiceGUI's websocket (it refuses messages over ~1 MB): answers and video chunks
// are plain HTTP POSTs, and only small JSON events travel back to Python.

const AUDIO_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4;codecs=mp4a.40.2', 'audio/mp4', 'audio/webm'];
const VIDEO_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm', 'video/mp4'];
const SPEECH_LEVEL = 0.4; // meter level of about -36 dBFS: below normal speech, above a quiet room
const ANSWER_ATTEMPTS = 5; // about 8 s of retries before the candidate is told (the blob is kept for retry_upload)
const VIDEO_REPORT_AFTER = 4; // failed attempts of one chunk before the page hears about it (sending goes on)

const DEVICE_ERRORS = {
  denied: ['Camera and microphone are blocked', 'videocam_off',
    'Your browser is not letting this page use your camera and microphone. Click the camera icon in the address bar ' +
    '(or open the site settings), allow both, then reload this page.'],
  not_found: ['No microphone found', 'mic_off',
    'We could not find a microphone. Plug in a headset or microphone, or switch it on in your system settings, ' +
    'then try again.'],
  busy: ['Camera or microphone is busy', 'do_not_disturb_on',
    'Another application (for example a video call) is using your camera or microphone. Close it, then try again.'],
  unsupported: ['Recording is not supported here', 'browser_not_supported',
    'This browser cannot record audio on this page. Please open the interview link in a current version of ' +
    'Chrome, Edge, Firefox or Safari.'],
  insecure: ['This page is not secure', 'lock_open',
    'Browsers only allow the camera and microphone on secure pages. Open the interview link exactly as you ' +
    'received it (it starts with https://).'],
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pickType = (types) => types.find((type) => MediaRecorder.isTypeSupported(type)) || null;
const withPrefix = (url) => (url.startsWith('/') ? window.path_prefix || '' : '') + url; // apps behind a proxy path
const mmss = (s) => `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
const isRetryable = (status) => status === 0 || status === 408 || status === 429 || status >= 500;

// Exponential backoff with jitter (so many candidates do not retry in lockstep), honouring Retry-After.
function backoff(attempt, res) {
  const base = Math.min(30000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
  return Math.max(base, Math.min(30000, (res && res.retryAfter) || 0));
}

function deviceErrorKind(err) {
  switch (err && err.name) {
    case 'NotAllowedError': case 'SecurityError': return 'denied';
    case 'NotFoundError': case 'OverconstrainedError': return 'not_found';
    case 'TypeError': return 'unsupported';
    default: return 'busy'; // NotReadableError, AbortError: the hardware is there but cannot be opened now
  }
}

// One POST that never throws: network failures come back as status 0 so every caller has one retry rule.
async function post(url, body, headers) {
  try {
    const res = await fetch(withPrefix(url), { method: 'POST', body, headers });
    const data = await res.json().catch(() => null);
    const detail = data && typeof data.detail === 'string' ? data.detail : `HTTP ${res.status}`;
    const retryAfter = 1000 * Number(res.headers.get('Retry-After')) || 0;
    return { ok: res.ok, status: res.status, data, retryAfter, message: res.ok ? '' : detail };
  } catch (err) {
    return { ok: false, status: 0, data: null, retryAfter: 0, message: `network error: ${err.message}` };
  }
}

export default {
  template: `
    <div class="w-full max-w-xl overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
      <div class="relative aspect-video bg-slate-900">
        <video ref="video" v-show="hasVideo && !error" muted playsinline autoplay
               class="absolute inset-0 h-full w-full object-cover" style="transform: scaleX(-1)"></video>
        <div v-if="!hasVideo && !error" class="absolute inset-0 flex flex-col items-center justify-center gap-2 text-slate-300">
          <q-icon :name="live ? 'mic' : 'videocam_off'" size="48px" />
          <div class="text-sm">{{ placeholder }}</div>
        </div>
        <div v-if="error" class="absolute inset-0 flex flex-col items-center justify-center gap-2 bg-rose-50 p-6 text-center">
          <q-icon :name="error.icon" size="40px" class="text-rose-600" />
          <div class="text-base font-semibold text-rose-900">{{ error.title }}</div>
          <div class="max-w-sm text-sm text-rose-800">{{ error.message }}</div>
        </div>
        <div v-if="phase === 'thinking'" class="absolute inset-0 flex flex-col items-center justify-center bg-slate-900/60 text-white">
          <div class="text-xs uppercase tracking-widest opacity-80">Recording starts in</div>
          <div class="text-6xl font-bold tabular-nums">{{ thinkingLeft }}</div>
          <div class="text-sm opacity-80">Take a moment to think</div>
        </div>
        <div v-if="badge" :class="badge.cls"
             class="absolute left-3 top-3 flex items-center gap-2 rounded-full px-3 py-1 text-xs font-medium text-white">
          <span v-if="phase === 'recording'" class="h-2 w-2 animate-pulse rounded-full bg-white"></span>
          <q-icon v-else :name="badge.icon" size="14px" />
          <span class="tabular-nums">{{ badge.text }}</span>
        </div>
        <template v-if="phase === 'recording'">
          <div class="pointer-events-none absolute inset-0 border-4 border-red-500"></div>
          <div class="absolute bottom-3 left-3 right-3 h-1.5 overflow-hidden rounded-full bg-black/40">
            <div class="h-full bg-red-500" :style="{ width: Math.min(100, (100 * elapsed) / limit) + '%' }"></div>
          </div>
        </template>
      </div>
      <div v-show="!error" class="px-4 pb-3 pt-3">
        <div class="flex items-center gap-3" :class="live ? 'text-slate-700' : 'text-slate-300'">
          <q-icon name="mic" size="20px" />
          <div class="relative h-2 flex-1 overflow-hidden rounded-full bg-slate-200">
            <div ref="meter" class="absolute inset-y-0 left-0 rounded-full bg-emerald-500" style="width: 0%"></div>
          </div>
        </div>
        <div class="min-h-[1.25rem] pt-1 text-xs" :class="status.cls">{{ status.text }}</div>
      </div>
    </div>
  `,
  props: { answer_time_limit: Number, thinking_seconds: Number, video_timeslice_ms: Number },
  emits: ['devices_ready', 'device_error', 'mic_test_result', 'question_audio_ended', 'audio_blocked', 'recording_started',
    'time_limit_reached', 'uploading', 'answer_uploaded', 'answer_upload_failed', 'focus_change', 'video_upload_failed',
    'video_upload_recovered', 'video_finished'],
  data() {
    return { phase: 'idle', live: false, hasVideo: false, error: null, notice: '', micTest: null, thinkingLeft: 0,
      elapsed: 0, limit: 1, uploadError: '' };
  },
  computed: {
    placeholder() {
      if (this.phase === 'checking') return 'Asking for your camera and microphone…';
      return this.live ? 'Audio only (no camera)' : 'Camera and microphone are off';
    },
    badge() {
      const dark = 'bg-slate-900/70';
      return {
        recording: { cls: 'bg-red-600/90', text: `REC ${mmss(this.elapsed)} / ${mmss(this.limit)}` },
        playing: { cls: dark, icon: 'volume_up', text: 'Question playing' },
        blocked: { cls: 'bg-amber-600/90', icon: 'volume_off', text: 'Press “Play question” to hear it' },
        uploading: { cls: dark, icon: 'cloud_upload', text: 'Saving your answer…' },
        saved: { cls: 'bg-emerald-600/90', icon: 'check', text: 'Answer saved' },
        upload_failed: { cls: 'bg-amber-600/90', icon: 'cloud_off', text: 'Answer not saved yet' },
      }[this.phase];
    },
    status() {
      const t = this.micTest;
      if (t && t.left > 0) return { cls: 'text-slate-700', text: `Say something… (${t.left})` };
      if (t && t.ok) return { cls: 'text-emerald-700', text: 'We can hear you clearly.' };
      if (t) return { cls: 'text-amber-700', text: 'We could not hear you. Speak up, or pick another microphone.' };
      if (this.phase === 'upload_failed') {
        return { cls: 'text-amber-700', text: `Your answer is kept in this tab but could not be saved yet (${this.uploadError}).` };
      }
      const text = {
        playing: 'Listen to the question.', thinking: 'Recording starts by itself when the countdown ends.',
        recording: 'Recording your answer. Speak naturally.', uploading: 'Saving your answer…', saved: 'Answer saved.',
        checking: 'Your browser may ask for permission: please allow camera and microphone.',
      }[this.phase];
      if (text) return { cls: 'text-slate-600', text };
      if (this.notice) return { cls: 'text-amber-700', text: this.notice };
      return { cls: 'text-slate-500', text: this.live ? 'Microphone is on.' : '' };
    },
  },
  created() {
    // Media objects, timers and queues live outside Vue's reactivity: nothing renders them directly.
    this.rt = { stream: null, timers: {}, turn: 0, focus: null, video: null, answer: null };
    this.onFocusEvent = this.onFocusEvent.bind(this);
  },
  mounted() {
    for (const name of ['blur', 'focus']) window.addEventListener(name, this.onFocusEvent);
    document.addEventListener('visibilitychange', this.onFocusEvent);
  },
  beforeUnmount() {
    for (const name of ['blur', 'focus']) window.removeEventListener(name, this.onFocusEvent);
    document.removeEventListener('visibilitychange', this.onFocusEvent);
    this.release();
  },
  methods: {
    // ---- devices -------------------------------------------------------------------------------------------
    async check_devices() {
      this.release();
      Object.assign(this, { phase: 'checking', error: null, notice: '', micTest: null });
      if (!window.isSecureContext) return this.fail('insecure');
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof MediaRecorder === 'undefined') {
        return this.fail('unsupported');
      }
      const audioMime = pickType(AUDIO_TYPES);
      if (!audioMime) return this.fail('unsupported');
      const video = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15 } };
      let stream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
      } catch (err) {
        if (deviceErrorKind(err) !== 'not_found') return this.fail(deviceErrorKind(err), err);
        try { // no camera (or none that fits): the interview still works with the microphone alone
          stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        } catch (err2) {
          return this.fail(deviceErrorKind(err2), err2);
        }
      }
      if (!stream.getAudioTracks().length) {
        stream.getTracks().forEach((track) => track.stop());
        return this.fail('not_found');
      }
      const hasVideo = stream.getVideoTracks().length > 0;
      const videoMime = (hasVideo && pickType(VIDEO_TYPES)) || audioMime; // no camera: record the microphone
      Object.assign(this.rt, { stream, audioMime, videoMime });
      Object.assign(this, { phase: 'ready', live: true, hasVideo });
      if (!hasVideo) this.notice = 'No camera found: the interview continues with audio only.';
      this.$refs.video.srcObject = stream;
      this.startMeter(stream);
      // 'ended' fires when the device goes away (unplugged headset), never for our own track.stop()
      stream.getAudioTracks()[0].addEventListener('ended', () => this.rt.stream === stream &&
        this.fail('not_found', { name: 'ended', message: 'the microphone was disconnected' }));
      const payload = { has_video: hasVideo, audio_mime: audioMime, video_mime: videoMime };
      this.$emit('devices_ready', payload);
      return payload;
    },
    fail(kind, err) {
      const [title, icon, message] = DEVICE_ERRORS[kind];
      Object.assign(this, { phase: 'error', live: false, hasVideo: false, error: { kind, title, icon, message } });
      const payload = { kind, message, title, detail: err ? `${err.name}: ${err.message}` : '' };
      this.$emit('device_error', payload);
      return payload;
    },
    startMeter(stream) {
      const ctx = new AudioContext();
      ctx.resume().catch(() => {}); // may start suspended before any click; the meter then wakes on the next one
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      ctx.createMediaStreamSource(stream).connect(analyser); // not to ctx.destination: no echo of the candidate
      const samples = new Float32Array(analyser.fftSize);
      let shown = 0;
      const tick = () => {
        analyser.getFloatTimeDomainData(samples);
        const rms = Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / samples.length);
        const level = Math.min(1, Math.max(0, (20 * Math.log10(rms + 1e-9) + 60) / 60)); // -60..0 dBFS → 0..1
        this.rt.peak = Math.max(this.rt.peak || 0, level);
        shown = Math.max(level, shown * 0.92); // fall slowly so the bar reads as a level, not as flicker
        if (this.$refs.meter) {
          this.$refs.meter.style.width = `${(100 * shown).toFixed(1)}%`;
          this.$refs.meter.style.backgroundColor = shown > 0.9 ? '#f59e0b' : '#10b981';
        }
        this.rt.raf = requestAnimationFrame(tick);
      };
      Object.assign(this.rt, { ctx, raf: requestAnimationFrame(tick) });
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
      if (this.rt.video && this.rt.video.recorder.state !== 'inactive') this.rt.video.recorder.stop(); // queue drains
      if (this.rt.stream) this.rt.stream.getTracks().forEach((track) => track.stop());
      if (this.rt.raf) cancelAnimationFrame(this.rt.raf);
      if (this.rt.ctx) this.rt.ctx.close().catch(() => {});
      Object.assign(this.rt, { stream: null, raf: null, ctx: null });
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
      const q = this.question;
      this.cancelQuestion();
      const turn = this.rt.turn;
      const ended = (info) => turn === this.rt.turn && this.questionAudioEnded(info);
      const blocked = (source) => {
        if (turn !== this.rt.turn) return;
        this.phase = 'blocked';
        this.$emit('audio_blocked', { source });
      };
      this.phase = 'playing';
      if (q.audio_url) {
        const audio = (this.rt.audio = new Audio(withPrefix(q.audio_url)));
        audio.onended = () => ended({ played: true, source: 'file' });
        audio.onerror = () => ended({ played: false, source: 'file', error: 'the question audio could not be loaded' });
        audio.play().catch((err) => err.name === 'NotAllowedError' && blocked('file')); // others reach onerror
      } else if (q.speak_text && window.speechSynthesis) {
        const utterance = (this.rt.utterance = new SpeechSynthesisUtterance(q.speak_text)); // kept: Chrome may GC it
        if (q.lang) utterance.lang = q.lang;
        utterance.onend = () => ended({ played: true, source: 'speech' });
        utterance.onerror = (e) => (e.error === 'not-allowed' ? blocked('speech')
          : ended({ played: false, source: 'speech', error: e.error }));
        speechSynthesis.cancel();
        speechSynthesis.speak(utterance);
        // Chrome sometimes never fires 'end' (long texts, missing voices): a watchdog keeps the interview going.
        const words = q.speak_text.split(/\s+/).length;
        this.rt.timers.speech = setTimeout(() => ended({ played: true, source: 'speech', error: 'timeout' }),
          5000 + 600 * words);
      } else {
        ended({ played: false, source: 'none' });
      }
      return true;
    },
    questionAudioEnded(info) {
      this.cancelQuestion();
      this.$emit('question_audio_ended', info);
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
      for (const name of ['speech', 'thinking']) clearTimeout(this.rt.timers[name]);
      if (this.rt.audio) {
        this.rt.audio.onended = this.rt.audio.onerror = null;
        this.rt.audio.pause();
        this.rt.audio = null;
      }
      if (this.rt.utterance && window.speechSynthesis) speechSynthesis.cancel();
      this.rt.utterance = null;
    },
    answer_now() {
      return Boolean(this.question && !this.question.recorded) && this.startRecording();
    },
    startRecording() {
      const q = this.question;
      if (!q || q.recorded) return false;
      this.cancelQuestion();
      if (!this.rt.stream) { // devices released or never checked: nothing to record with
        this.phase = 'idle';
        return false;
      }
      const limit = q.max_seconds || this.answer_time_limit;
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
        startedAt: performance.now() };
      recorder.ondataavailable = (e) => e.data.size && answer.chunks.push(e.data);
      recorder.onstop = () => { // after done(), or by itself when the microphone goes away mid-answer
        if (answer.duration_ms === undefined) this.done();
        answer.blob = new Blob(answer.chunks, { type: mimeType });
        this.uploadAnswer(answer);
      };
      recorder.start(1000); // a chunk per second: a long answer is not one big buffer copied at the end
      q.recorded = true;
      this.rt.answer = answer;
      Object.assign(this, { phase: 'recording', elapsed: 0, limit, uploadError: '' });
      this.rt.timers.tick = setInterval(() => (this.elapsed = (performance.now() - answer.startedAt) / 1000), 250);
      this.rt.timers.limit = setTimeout(() => {
        this.$emit('time_limit_reached', { max_seconds: limit });
        this.done();
      }, 1000 * limit);
      this.rt.focus = { lost: false, hidden: false };
      this.$emit('recording_started', { max_seconds: limit, at: new Date().toISOString() });
      if (document.hidden) this.onFocusEvent({ type: 'visibilitychange' });
      return true;
    },
    done() {
      const answer = this.rt.answer;
      if (!answer || answer.duration_ms !== undefined) return false;
      clearInterval(this.rt.timers.tick);
      clearTimeout(this.rt.timers.limit);
      answer.duration_ms = Math.round(performance.now() - answer.startedAt);
      if (answer.recorder.state !== 'inactive') answer.recorder.stop(); // onstop assembles the blob and uploads it
      this.phase = 'uploading';
      return true;
    },
    onFocusEvent(evt) {
      if (this.phase !== 'recording' || !this.rt.focus) return;
      const hidden = document.hidden;
      const lost = evt.type === 'blur' || hidden || (evt.type !== 'focus' && !document.hasFocus());
      if (lost === this.rt.focus.lost && hidden === this.rt.focus.hidden) return; // blur + hidden come in pairs
      this.rt.focus = { lost, hidden };
      this.$emit('focus_change', { lost, hidden, at: new Date().toISOString() });
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
      let res;
      for (let attempt = 0; attempt < ANSWER_ATTEMPTS; attempt++) {
        if (attempt) await sleep(backoff(attempt - 1, res));
        res = await post(answer.url, answer.blob, headers);
        if (res.ok || !isRetryable(res.status)) break;
      }
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
      if (!this.rt.stream || (this.rt.video && this.rt.video.recorder.state !== 'inactive')) return false;
      const mime = this.rt.videoMime;
      let recorder;
      try {
        recorder = new MediaRecorder(this.rt.stream, { mimeType: mime, videoBitsPerSecond: 500000 });
      } catch (err) {
        this.$emit('video_upload_failed', { seq: null, message: `cannot record video: ${err.message}` });
        return false;
      }
      const video = { recorder, mime, url: uploadUrl, queue: [], nextSeq: 0, sent: 0, stopped: false, pumping: false };
      video.finished = new Promise((resolve) => (video.resolve = resolve));
      recorder.ondataavailable = (e) => {
        if (!e.data.size) return;
        video.queue.push({ seq: video.nextSeq++, blob: e.data, attempts: 0, resyncs: 0 });
        this.pumpVideo(video);
      };
      recorder.onstop = () => {
        video.stopped = true;
        this.pumpVideo(video);
      };
      recorder.start(this.video_timeslice_ms || 5000);
      this.rt.video = video;
      return true;
    },
    stop_video() {
      const video = this.rt.video;
      if (!video) return { chunks: 0 };
      if (video.recorder.state !== 'inactive') video.recorder.stop(); // emits the last chunk, then 'stop'
      return video.finished;
    },
    // Chunks go one at a time, in order, so the server only ever appends; a failing chunk stays at the head.
    async pumpVideo(video) {
      if (video.pumping) return;
      video.pumping = true;
      let res;
      while (video.queue.length) {
        const chunk = video.queue[0];
        if (chunk.attempts) await sleep(backoff(chunk.attempts - 1, res));
        const sep = video.url.includes('?') ? '&' : '?';
        res = await post(`${video.url}${sep}seq=${chunk.seq}`, chunk.blob, { 'Content-Type': video.mime });
        const expected = res.data && (res.data.expected_seq ?? (res.data.detail || {}).expected_seq);
        if (res.ok) {
          video.queue.shift();
          video.sent += 1;
          if (chunk.reported) this.$emit('video_upload_recovered', { seq: chunk.seq });
        } else if (res.status === 409 && Number.isInteger(expected) && chunk.resyncs++ < 3) {
          this.resyncVideo(video, expected);
        } else {
          chunk.attempts += 1;
          chunk.maybeStored ||= res.status === 0 || res.status === 408 || res.status >= 500;
          if (!chunk.reported && (chunk.attempts >= VIDEO_REPORT_AFTER || !isRetryable(res.status))) {
            chunk.reported = true;
            this.$emit('video_upload_failed', { seq: chunk.seq, message: res.message });
          }
        }
      }
      video.pumping = false;
      if (video.stopped && !video.done) {
        video.done = true;
        this.$emit('video_finished', { chunks: video.sent });
        video.resolve({ chunks: video.sent });
      }
    },
    resyncVideo(video, expected) {
      const head = video.queue[0];
      if (expected === head.seq + 1 && head.maybeStored) { // it did arrive; only the response was lost
        video.queue.shift();
        video.sent += 1;
        return;
      }
      const shift = expected - head.seq; // the server counts from elsewhere (e.g. a reloaded room): follow it
      video.queue.forEach((chunk) => (chunk.seq += shift));
      video.nextSeq += shift;
    },
  },
};
