// The recorder's computed view: the placeholder in the preview, the badge over it and the status line
// under it, from the element's phase. Every sentence comes from Python (texts.py) through `texts`.

const mmss = (s) => `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key]);

export default {
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
};
