// HTTP for the recorder: one POST that never throws, and the retry rule every upload shares.
// Media never goes over NiceGUI's websocket (it refuses messages over ~1 MB); answers and video
// chunks are plain HTTP POSTs.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const withPrefix = (url) => (url.startsWith('/') ? window.path_prefix || '' : '') + url; // apps behind a proxy path
export const isRetryable = (status) => status === 0 || status === 408 || status === 429 || status >= 500;

// Exponential backoff with jitter (so many candidates do not retry in lockstep), honouring Retry-After.
export function backoff(attempt, res) {
  const base = Math.min(30000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
  return Math.max(base, Math.min(30000, (res && res.retryAfter) || 0));
}

// Network failures come back as status 0, so every caller has one retry rule.
export async function post(url, body, headers) {
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

// POST with retries on 408, 429, 5xx and network errors; gives up after `attempts` and returns the last result.
export async function postWithRetry(url, body, headers, attempts) {
  let res;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt) await sleep(backoff(attempt - 1, res));
    res = await post(url, body, headers);
    if (res.ok || !isRetryable(res.status)) break;
  }
  return res;
}
