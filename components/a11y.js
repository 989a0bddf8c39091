// Names Quasar controls that render without an accessible name (see components/a11y.py). ICONS is
// prepended by Python: icon name → the button's spoken name.
(() => {
  const unnamed = (el) => !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby');
  const name = (selector, label) => document.querySelectorAll(selector).forEach((el) => {
    if (unnamed(el)) el.setAttribute('aria-label', typeof label === 'function' ? label(el) : label);
  });
  const fix = () => {
    name('[role=progressbar]', 'Loading');
    name('.q-table .q-checkbox[role=checkbox]', (el) => (el.closest('thead') ? 'Select all rows' : 'Select this row'));
    name('input[type=file]', 'Choose a file');
    document.querySelectorAll('.q-btn').forEach((el) => {
      if (!unnamed(el)) return;
      const icon = el.querySelector('.q-icon');
      const text = icon ? icon.textContent.trim() : '';
      if (el.textContent.replace(text, '').trim()) return; // visible text names it already
      if (text) el.setAttribute('aria-label', ICONS[text] || text.replace(/_/g, ' '));
    });
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; fix(); });
  }).observe(document.documentElement, { subtree: true, childList: true });
})();
