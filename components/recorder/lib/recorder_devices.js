// The recorder's device methods (mixed into recorder.js's methods): open camera and microphone with the
// level meter, report a device problem, and the microphone test before the interview.

import { sleep } from 'http';
import { openDevices, startMeter } from 'devices';

const SPEECH_LEVEL = 0.4; // meter level of about -36 dBFS: below normal speech, above a quiet room

export default {
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
};
