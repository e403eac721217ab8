// The HTTP API (PROTOCOL.md). Every failure becomes an ApiError with a stable code:
// status 0 and code "network" when no answer came back at all.

export class ApiError extends Error {
  constructor(status, code, message, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  // Worth trying again later as it is: no answer, the server failing, or "slow down".
  get transient() {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

export async function api(path, options = {}) {
  return answer(await send(path, options));
}

// A request started now, for a caller that wants the answer's headers before its body:
// `headers` settles as soon as they arrive (null for an error answer), `body` as api().
export function request(path, options = {}) {
  const sent = send(path, options);
  return {
    headers: sent.then(({ resp }) => (resp.ok ? resp.headers : null), () => null),
    body: sent.then(answer),
  };
}

// A request that never answers (Wi-Fi up with nothing behind it, a stalled proxy) would
// hold the sync, one run at a time, until the page was reloaded: it is given up after
// this long without its headers, and four times as long for its body (a first pull's page
// over a weak signal), and counts as no answer.
export function waitMs() {
  try { return Number(localStorage.getItem('sanguan.requestTimeoutMs')) || 30000; } catch { return 30000; }
}

async function send(path, { method = 'GET', body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const stop = new AbortController();
  let timer = setTimeout(() => stop.abort(), waitMs());
  try {
    const resp = await fetch(path, { method, headers, cache: 'no-store', signal: stop.signal,
      body: body === undefined ? undefined : JSON.stringify(body) });
    clearTimeout(timer);
    timer = setTimeout(() => stop.abort(), 4 * waitMs());
    return { resp, done: () => clearTimeout(timer) };
  } catch (e) {
    clearTimeout(timer);
    throw new ApiError(0, 'network', String(e?.message ?? e));
  }
}

async function answer({ resp, done }) {
  let data = null;
  try {
    data = await resp.json();
  } catch {
    // A proxy's HTML error page, or a reply cut short or given up: treated like no answer.
  } finally {
    done();
  }
  if (!resp.ok || data === null) {
    const err = data?.error ?? {};
    const retry = Number(resp.headers.get('Retry-After')) || null;
    throw new ApiError(resp.ok ? 0 : resp.status, err.code ?? `http_${resp.status}`,
      err.message ?? resp.statusText, retry);
  }
  return data;
}
