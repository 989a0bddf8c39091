// Camera and microphone: open a stream with fallbacks, classify failures, and a level meter.

const AUDIO_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4;codecs=mp4a.40.2', 'audio/mp4', 'audio/webm'];
const VIDEO_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm', 'video/mp4'];
const VIDEO_CONSTRAINTS = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15 } };

const pickType = (types) => types.find((type) => MediaRecorder.isTypeSupported(type)) || null;

export function deviceErrorKind(err) {
  switch (err && err.name) {
    case 'NotAllowedError': case 'SecurityError': return 'denied';
    case 'NotFoundError': case 'OverconstrainedError': return 'not_found';
    case 'TypeError': return 'unsupported';
    default: return 'busy'; // NotReadableError, AbortError: the hardware is there but cannot be opened now
  }
}

// Resolves to { stream, hasVideo, audioMime, videoMime } or { error: kind, cause } — never throws.
export async function openDevices() {
  if (!window.isSecureContext) return { error: 'insecure' };
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof MediaRecorder === 'undefined') {
    return { error: 'unsupported' };
  }
  const audioMime = pickType(AUDIO_TYPES);
  if (!audioMime) return { error: 'unsupported' };
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: VIDEO_CONSTRAINTS });
  } catch (err) {
    if (deviceErrorKind(err) !== 'not_found') return { error: deviceErrorKind(err), cause: err };
    try { // no camera (or none that fits): the interview still works with the microphone alone
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err2) {
      return { error: deviceErrorKind(err2), cause: err2 };
    }
  }
  if (!stream.getAudioTracks().length) {
    stream.getTracks().forEach((track) => track.stop());
    return { error: 'not_found' };
  }
  const hasVideo = stream.getVideoTracks().length > 0;
  const videoMime = (hasVideo && pickType(VIDEO_TYPES)) || audioMime; // no camera: record the microphone
  return { stream, hasVideo, audioMime, videoMime };
}

// Calls onLevel(shown, level) every animation frame: level is the instant -60..0 dBFS mapped to 0..1,
// shown falls slowly so a bar reads as a level, not as flicker. Returns stop().
export function startMeter(stream, onLevel) {
  const ctx = new AudioContext();
  ctx.resume().catch(() => {}); // may start suspended before any click; the meter then wakes on the next one
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  ctx.createMediaStreamSource(stream).connect(analyser); // not to ctx.destination: no echo of the candidate
  const samples = new Float32Array(analyser.fftSize);
  let shown = 0;
  let raf = null;
  const tick = () => {
    analyser.getFloatTimeDomainData(samples);
    const rms = Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / samples.length);
    const level = Math.min(1, Math.max(0, (20 * Math.log10(rms + 1e-9) + 60) / 60));
    shown = Math.max(level, shown * 0.92);
    onLevel(shown, level);
    raf = requestAnimationFrame(tick);
  };
  raf = requestAnimationFrame(tick);
  return () => {
    cancelAnimationFrame(raf);
    ctx.close().catch(() => {});
  };
}
