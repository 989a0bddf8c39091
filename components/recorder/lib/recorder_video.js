// The recorder's whole-interview video (mixed into recorder.js's methods): camera + microphone recorded
// from the first question to the end, uploaded in ordered chunks by lib/video_uploader.js.

import { VideoUploader } from 'video_uploader';

export default {
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
};
