// Focus and visibility of the tab while an answer is recorded: reported once per change of
// (lost, hidden) — blur and visibilitychange usually come in pairs. Recorded for HR, never judged.

export class FocusWatch {
  constructor(onChange) {
    this.onChange = onChange;
    this.state = null; // null: not watching (no answer is being recorded)
    this.handle = this.handle.bind(this);
    for (const name of ['blur', 'focus']) window.addEventListener(name, this.handle);
    document.addEventListener('visibilitychange', this.handle);
  }

  begin() {
    this.state = { lost: false, hidden: false };
    if (document.hidden) this.handle({ type: 'visibilitychange' });
  }

  end() {
    this.state = null;
  }

  close() {
    this.end();
    for (const name of ['blur', 'focus']) window.removeEventListener(name, this.handle);
    document.removeEventListener('visibilitychange', this.handle);
  }

  handle(evt) {
    if (!this.state) return;
    const hidden = document.hidden;
    const lost = evt.type === 'blur' || hidden || (evt.type !== 'focus' && !document.hasFocus());
    if (lost === this.state.lost && hidden === this.state.hidden) return;
    this.state = { lost, hidden };
    this.onChange({ lost, hidden });
  }
}
