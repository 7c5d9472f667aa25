// The page's only channel to the guest (services/web-ui/API.md): GET
// /api/hello and POST /api/rpc, same origin. Every POST carries the
// double-submit token: the capos_csrf cookie, read again for every request
// because login and logout rotate it (the value /api/hello returned is the
// fallback while no cookie is readable yet).
let helloCsrf = '';
let nextRequestId = 1;
const observers = new Set();
// One request at a time: a remote session answers in order and refuses a
// request that arrives while it is still busy with the last one
// (boundExceeded "while busy"), so the page queues rather than interleaves.
// The terminal's reads and writes are the exception (rpc's `direct`).
let queue = Promise.resolve();

export function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)capos_csrf=([0-9a-f]{32})(?:;|$)/);
  return m ? m[1] : helloCsrf;
}

// Called with every result (Diagnostics keeps the last; session.js watches
// for staleSession / notAuthenticated).
export function observe(fn) {
  observers.add(fn);
  return () => observers.delete(fn);
}

async function readJson(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    // A refusal before the API (400, 413, ...) has a short text body.
    return { error: { code: `http${response.status}`, message: text.slice(0, 200) } };
  }
}

export async function hello() {
  const r = await fetch('/api/hello', { cache: 'no-store', headers: { Accept: 'application/json' } });
  const body = await readJson(r);
  if (!r.ok || !Array.isArray(body.authMethods)) {
    throw new Error(body.webDenied?.message || body.error?.message || `hello: HTTP ${r.status}`);
  }
  helloCsrf = body.csrf || '';
  return body;
}

// A request as it may be shown: a password never reaches the store.
function shown(request) {
  if (!request.login?.password) return request;
  return { ...request, login: { ...request.login, password: { ...request.login.password, password: '(not shown)' } } };
}

// Sends one Request ({requestId, [kind]: value}) and returns
// {request, status, body, kind, value, denial}: kind is the Response's union
// member ('denied' for a typed denial, 'webDenied' for a web-level refusal,
// 'error' when no JSON came back) and denial is {code, message, launch?}
// for the last three.
//
// options.direct skips the queue: a terminal's long-poll read waits in the
// guest for up to 20 s (held as a pending call, so the guest goes on
// answering the page's other requests), and its keystrokes must not wait
// behind a launch. options.quiet keeps the result from the observers, so
// terminal traffic (keystrokes, output, a read every 20 s) never becomes
// Diagnostics' "last request". options.signal aborts the fetch.
export function rpc(kind, value = null, options = {}) {
  if (options.direct) return send(kind, value, options);
  const next = queue.then(() => send(kind, value, options));
  queue = next.catch(() => {});
  return next;
}

async function send(kind, value, { omitCookies = false, quiet = false, signal } = {}) {
  const requestId = nextRequestId;
  nextRequestId = nextRequestId >= 0xffffffff ? 1 : nextRequestId + 1;
  const request = { requestId, [kind]: value };
  let status = 0;
  let body;
  try {
    const r = await fetch('/api/rpc', {
      method: 'POST',
      cache: 'no-store',
      credentials: omitCookies ? 'omit' : 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
      body: JSON.stringify(request),
      signal,
    });
    status = r.status;
    body = await readJson(r);
  } catch (e) {
    const code = e?.name === 'AbortError' ? 'aborted' : 'network';
    body = { error: { code, message: String(e?.message || e) } };
  }
  const member = Object.keys(body).find((k) => k !== 'requestId') || 'error';
  const result = {
    request: shown(request), status, body, kind: member, value: body[member],
    denial: ['denied', 'webDenied', 'error'].includes(member) ? body[member] : null,
  };
  if (!quiet) observers.forEach((fn) => fn(result));
  return result;
}
