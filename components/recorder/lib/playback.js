// Question playback: the server's audio file, else the browser's speech synthesis, else nothing.
// playQuestion reports exactly one of ended({played, source, error?}) or blocked(source) (autoplay
// refused: play again from a click) and returns stop(), after which it reports nothing.

import { withPrefix } from 'http';

export function playQuestion(question, { ended, blocked }) {
  let live = true;
  const once = (report) => (...args) => {
    if (!live) return;
    live = false;
    report(...args);
  };
  const end = once(ended);
  const block = once(blocked);
  let audio = null;
  let utterance = null;
  let watchdog = null;
  if (question.audio_url) {
    audio = new Audio(withPrefix(question.audio_url));
    audio.onended = () => end({ played: true, source: 'file' });
    audio.onerror = () => end({ played: false, source: 'file', error: 'the question audio could not be loaded' });
    audio.play().catch((err) => err.name === 'NotAllowedError' && block('file')); // others reach onerror
  } else if (question.speak_text && window.speechSynthesis) {
    utterance = new SpeechSynthesisUtterance(question.speak_text); // kept referenced: Chrome may GC it
    if (question.lang) utterance.lang = question.lang;
    utterance.onend = () => end({ played: true, source: 'speech' });
    utterance.onerror = (e) => (e.error === 'not-allowed' ? block('speech')
      : end({ played: false, source: 'speech', error: e.error }));
    speechSynthesis.cancel();
    speechSynthesis.speak(utterance);
    // Chrome sometimes never fires 'end' (long texts, missing voices): a watchdog keeps the interview going.
    const words = question.speak_text.split(/\s+/).length;
    watchdog = setTimeout(() => end({ played: true, source: 'speech', error: 'timeout' }), 5000 + 600 * words);
  } else {
    end({ played: false, source: 'none' });
  }
  return () => {
    live = false;
    clearTimeout(watchdog);
    if (audio) {
      audio.onended = audio.onerror = null;
      audio.pause();
    }
    if (utterance && window.speechSynthesis) speechSynthesis.cancel();
  };
}
