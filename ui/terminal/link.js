// The panel's terminal: at most one attachment at a time (owner or
// follower), its output loop, its input queue and its size, and getting back
// after a reload or a dropped connection. What the panel shows is in the
// store under `terminal`; the xterm screen lives here for the whole login.
//
// Output. One read in flight per attachment: terminalRead(fromSeq = nextSeq,
// waitMs = 20 s), held by the guest until output arrives. Its bytes go to
// term.write(bytes, callback) and the next read is sent only from the
// callback, once xterm has parsed them: a read from seq S acknowledges the
// bytes before S, so an owner that falls behind pauses the shell instead of
// piling bytes up in the page (xterm.js's flow control).
//
// Input. Keystrokes are UTF-8 bytes in a queue, sent by terminalWrite at
// most 4096 bytes a call (cut between characters), one call at a time, so
// they arrive in order; `inputFull` keeps them and tries again shortly.
import { beforeLogout, lost } from '../actions.js';
import { entry, get, set, subscribe } from '../store.js';
import { COLS, MAX_WRITE_BYTES, ROWS, SESSION_LOST, WAIT_MS, call, clamp, ref, seq } from './wire.js';
import { ScreenCopy, forget, load, store } from './saved.js';
import { createScreen, openScreen, restyle } from './screen.js';
import { keyBytes, withCtrl } from './keys.js';

const encoder = new TextEncoder();
const INPUT_RETRY_MS = 150;
const INPUT_LIMIT = 256 * 1024; // typed or pasted bytes waiting; beyond: refused
const SAVE_EVERY_MS = 300;

let screen = null;   // {term, fit, host, opened} once created
let making = null;   // the promise creating it
let link = null;     // the current Link
let restored = false;
let ctrl = false;    // the key bar's sticky Ctrl

function show(patch) {
  set({ terminal: { ...get().terminal, ...patch } });
}

// What the panel shows about the link.
function showLink(l, state, note = '') {
  if (l !== link) return;
  show({ link: { terminalId: l.terminalId, mode: l.mode, state }, note });
}

class Link {
  constructor(terminalId, mode) {
    this.terminalId = terminalId;
    this.mode = mode;
    this.ref = null;
    this.nextSeq = 0n;
    this.copy = new ScreenCopy();
    this.state = 'attaching';
    this.reading = null;    // the read's AbortController while one is out
    this.rendering = false; // xterm has not yet taken the last read's bytes
    this.input = new Uint8Array(0);
    this.writing = false;
    this.lostInput = 0;     // typed bytes given up with a dropped write (said once back)
    this.size = null;       // {cols, rows} to send once the current resize is answered
    this.resizing = false;
    this.guestSize = null;  // {cols, rows} as the guest last said
    this.backoff = 0;
    this.saveTimer = 0;
  }

  get owner() {
    return this.mode === 'owner';
  }

  current() {
    return this === link && this.state !== 'gone';
  }

  // Ends the page's side of this link (the guest's attachment is left as
  // it is: detach or close first if that is meant).
  drop() {
    this.state = 'gone';
    this.reading?.abort();
    clearTimeout(this.saveTimer);
  }

  save() {
    clearTimeout(this.saveTimer);
    this.saveTimer = 0;
    if (this.current()) store(this.terminalId, this.mode, this.nextSeq, this.copy);
  }

  saveSoon() {
    if (!this.saveTimer) this.saveTimer = setTimeout(() => this.save(), SAVE_EVERY_MS);
  }

  // A new attachment is live: read, and send what was typed meanwhile.
  attached(reply) {
    this.ref = ref(reply.ref);
    this.state = 'live';
    this.backoff = 0;
    screen.term.options.disableStdin = !this.owner;
    this.guestSize = { cols: reply.info?.cols, rows: reply.info?.rows };
    if (this.owner) fitNow();
    else followSize(reply.info);
    const lostNote = this.lostInput ? `the connection dropped: ${this.lostInput} typed byte(s) may not have reached the shell` : '';
    this.lostInput = 0;
    showLink(this, 'live', this.owner ? lostNote : 'read-only: following the owner');
    this.save();
    this.read();
    this.flush();
  }

  async read() {
    if (!this.current() || this.state !== 'live' || this.reading || this.rendering) return;
    const abort = new AbortController();
    this.reading = abort;
    const value = { ref: this.ref, fromSeq: String(this.nextSeq), maxBytes: 0, waitMs: WAIT_MS };
    const { result, reply } = await call(cap(), 'terminalRead', value, { traffic: true, signal: abort.signal });
    this.reading = null;
    if (!this.current()) return;
    if (!reply) return this.failed(result, () => this.read());
    if (reply.status !== 'ok') return this.ended(reply.status);
    const bytes = Uint8Array.from(reply.bytes || []);
    const next = seq(reply.nextSeq);
    if (!bytes.length) {
      this.nextSeq = next;
      return this.read();
    }
    // The next read (which acknowledges these bytes) waits until xterm has
    // taken them; a skip marker is just more bytes to show.
    this.rendering = true;
    screen.term.write(bytes, () => {
      this.rendering = false;
      if (!this.current()) return;
      this.nextSeq = next;
      this.copy.add(bytes);
      this.saveSoon();
      this.read();
    });
  }

  // Typed bytes: queued, then sent in order.
  type(bytes) {
    if (!this.owner || !bytes.length) return;
    if (this.input.length + bytes.length > INPUT_LIMIT) {
      show({ note: `input not sent: more than ${INPUT_LIMIT} bytes are already waiting` });
      return;
    }
    const joined = new Uint8Array(this.input.length + bytes.length);
    joined.set(this.input);
    joined.set(bytes, this.input.length);
    this.input = joined;
    this.flush();
  }

  async flush() {
    if (!this.current() || this.state !== 'live' || this.writing || !this.input.length) return;
    let n = Math.min(this.input.length, MAX_WRITE_BYTES);
    // Never end a write inside a UTF-8 sequence (continuation bytes are
    // 10xxxxxx): the shell reads each write as it comes.
    if (n < this.input.length) while (n > 0 && (this.input[n] & 0xc0) === 0x80) n--;
    const chunk = this.input.subarray(0, n);
    this.writing = true;
    const { result, reply } = await call(cap(), 'terminalWrite', { ref: this.ref, bytes: Array.from(chunk) }, { traffic: true });
    this.writing = false;
    if (!this.current()) return;
    if (!reply) {
      // A write whose answer was lost may have reached the shell: sending
      // it again could type it twice. Like ssh over a broken connection,
      // the bytes in flight are given up (and said so), never repeated.
      if (dropped(result)) {
        this.input = this.input.slice(n);
        this.lostInput += n;
      }
      return this.failed(result, () => this.flush());
    }
    if (reply.status === 'inputFull') {
      setTimeout(() => this.flush(), INPUT_RETRY_MS);
      return;
    }
    if (reply.status !== 'ok') return this.ended(reply.status);
    this.input = this.input.slice(n);
    this.flush();
  }

  async resize(cols, rows) {
    if (!this.owner) return;
    this.size = { cols: clamp(cols, COLS), rows: clamp(rows, ROWS) };
    if (!this.current() || this.state !== 'live' || this.resizing) return;
    const size = this.size;
    this.size = null;
    this.resizing = true;
    const { result, reply } = await call(cap(), 'terminalResize', { ref: this.ref, ...size }, { traffic: true });
    this.resizing = false;
    if (!this.current()) return;
    if (!reply) return this.failed(result, () => this.size || this.resize(size.cols, size.rows));
    if (reply.status === 'badSize') show({ note: `the guest refused the size ${size.cols}×${size.rows}` });
    else if (reply.status !== 'ok') return this.ended(reply.status);
    else {
      this.guestSize = size;
      const list = get().terminal.list;
      if (list) show({ list: list.map((t) => (t.id === this.terminalId ? { ...t, ...size } : t)) });
    }
    if (this.size) this.resize(this.size.cols, this.size.rows);
  }

  // A call that got no TerminalReply: the session is gone, the connection
  // dropped, a bound was hit, or the guest refused it.
  failed(result, again) {
    const code = result.denial?.code || 'error';
    if (code === 'aborted') return;
    if (SESSION_LOST.has(code)) {
      lost(`Your session is no longer valid (${code}). Log in again.`);
      return;
    }
    // Too many calls held at once (a reload's old read may still be
    // waiting in the guest): try again in a moment.
    if (code === 'boundExceeded') {
      setTimeout(() => this.current() && again(), 1000);
      return;
    }
    if (dropped(result)) {
      this.reconnect();
      return;
    }
    showLink(this, 'failed', `the guest refused ${result.request?.call ? Object.keys(result.request.call)[2] : 'the call'}: ${code}`);
    this.drop();
    show({ result });
  }

  // ended | detached | futureSeq | ... : this attachment is over.
  ended(status) {
    const why = {
      ended: 'terminal ended',
      detached: 'detached: another window took this terminal (Attach takes it back)',
    }[status] || `the terminal answered ${status}`;
    this.drop();
    show({ link: { terminalId: this.terminalId, mode: this.mode, state: status }, note: why });
    screen.term.options.disableStdin = true;
    forget();
    refreshList();
  }

  // The connection dropped (or the guest restarted the web service): list
  // the session's terminals again, in one answer, and re-attach to this one
  // where the page left it. Typed input waits in the queue meanwhile.
  async reconnect() {
    if (!this.current() || this.state === 'offline') return;
    this.state = 'offline';
    this.reading?.abort();
    this.reading = null;
    for (;;) {
      this.backoff = Math.min(10000, (this.backoff || 500) * 2);
      showLink(this, 'offline', `connection lost; trying again in ${Math.round(this.backoff / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, this.backoff));
      if (!this.current()) return;
      // A lost session is noticed by actions.js (these two are observed)
      // and ends this link.
      const list = await refreshList();
      if (!this.current()) return;
      if (!list) continue;
      if (!list.some((t) => t.id === this.terminalId)) return this.ended('ended');
      // Resume after the last byte xterm has taken.
      while (this.rendering) await new Promise((resolve) => setTimeout(resolve, 50));
      const { result, reply } = await attachCall(this.terminalId, this.mode, this.nextSeq);
      if (!this.current()) return;
      if (reply?.status === 'ok') return this.attached(reply);
      if (reply) return this.ended(reply.status);
      if (!dropped(result) && result.denial?.code !== 'boundExceeded') {
        this.state = 'live';
        return this.failed(result, () => {});
      }
    }
  }
}

// No answer from the guest at all (the connection, not a refusal).
function dropped(result) {
  return result.denial?.code === 'network' || result.status === 0 || result.status >= 500;
}

function cap() {
  return entry('terminal');
}

function attachCall(terminalId, mode, resumeSeq) {
  return call(cap(), 'terminalAttach', {
    terminalId, mode, resumeSeq: String(resumeSeq), replaceOwner: mode === 'owner',
  });
}

// The session's live terminals, in one answer. Returns the list or null.
export async function refreshList() {
  if (!cap()) return null;
  const { result, reply } = await call(cap(), 'terminalList');
  if (!reply) {
    if (result.denial?.code !== 'network') show({ result });
    return null;
  }
  const list = reply.terminals || [];
  show({ list });
  if (link && link.mode === 'follower') followSize(list.find((t) => t.id === link.terminalId));
  return list;
}

// ---- the screen ----

async function ensureScreen() {
  if (screen) return screen;
  if (!making) {
    making = createScreen().then((s) => {
      s.term.onData((text) => typed(text));
      s.term.onBinary((text) => link?.type(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff)));
      s.term.onResize(({ cols, rows }) => link?.owner && link.resize(cols, rows));
      screen = s;
      return s;
    });
  }
  return making;
}

function typed(text) {
  if (ctrl) {
    ctrl = false;
    show({ ctrl: false });
    text = withCtrl(text);
  }
  link?.type(encoder.encode(text));
}

// The owner's terminal fills the panel (within the guest's bounds). A
// changed xterm size is sent by onResize; the guest's is synced too when
// only it differs (an attach before the panel was on screen).
function fitNow() {
  if (!screen?.opened || !link?.owner) return;
  const d = screen.fit.proposeDimensions();
  if (!d || !Number.isFinite(d.cols) || !Number.isFinite(d.rows)) return;
  const cols = clamp(d.cols, COLS);
  const rows = clamp(d.rows, ROWS);
  if (cols !== screen.term.cols || rows !== screen.term.rows) screen.term.resize(cols, rows);
  else if (link.state === 'live' && (link.guestSize?.cols !== cols || link.guestSize?.rows !== rows)) link.resize(cols, rows);
}

// A follower shows the owner's size; the panel scrolls if it is wider.
function followSize(info) {
  if (!screen || !info?.cols || !info?.rows) return;
  if (info.cols !== screen.term.cols || info.rows !== screen.term.rows) screen.term.resize(info.cols, info.rows);
}

// The panel's container for the screen: called when it mounts; returns the
// function to call when it unmounts.
export function mountScreen(box) {
  let gone = false;
  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(fitNow);
  });
  ensureScreen().then((s) => {
    if (gone) return;
    box.appendChild(s.host);
    openScreen(s);
    restyle(s);
    observer.observe(box);
    fitNow();
  });
  return () => {
    gone = true;
    observer.disconnect();
    cancelAnimationFrame(frame);
    screen?.host.remove();
  };
}

export function restyleScreen() {
  if (screen) restyle(screen);
}

export function focusScreen() {
  screen?.term.focus();
}

// ---- what the panel's buttons do ----

async function start(terminalId, mode, resumeSeq, screenText) {
  const s = await ensureScreen();
  link?.drop();
  const l = new Link(terminalId, mode);
  link = l;
  s.term.reset();
  if (screenText) {
    const bytes = ScreenCopy.bytesOf(screenText);
    l.copy.add(bytes);
    s.term.write(bytes);
  }
  l.nextSeq = seq(resumeSeq);
  showLink(l, 'attaching', '');
  return l;
}

export async function openTerminal() {
  const s = await ensureScreen();
  await detachQuietly();
  const d = s.opened ? s.fit.proposeDimensions() : null;
  const cols = clamp(d?.cols || 80, COLS);
  const rows = clamp(d?.rows || 24, ROWS);
  // Sized before the shell starts, so its first prompt fits.
  s.term.resize(cols, rows);
  const { result, reply } = await call(cap(), 'terminalOpen', { cols, rows });
  show({ result });
  if (reply?.status === 'ok') {
    // A new terminal: everything from its first byte.
    const l = await start(reply.info.id, 'owner', '0', '');
    l.attached(reply);
  }
  await refreshList();
}

// Attaching from the list: an owner takes the terminal over (replaceOwner:
// the same session's other window, or this page before a reload); a
// follower watches. Both start from the oldest byte the guest's ring still
// holds, so the screen shows the terminal's recent past.
export async function attachTerminal(terminalId, mode) {
  await detachQuietly();
  const oldest = get().terminal.list?.find((t) => t.id === terminalId)?.oldestSeq || '0';
  const l = await start(terminalId, mode, oldest, '');
  const { result, reply } = await attachCall(terminalId, mode, l.nextSeq);
  show({ result });
  if (!l.current()) return;
  if (reply?.status === 'ok') l.attached(reply);
  else if (reply) l.ended(reply.status);
  else l.failed(result, () => {});
  await refreshList();
}

async function detachQuietly() {
  const l = link;
  if (!l) return;
  l.drop();
  link = null;
  forget();
  if (l.ref) await call(cap(), 'terminalDetach', l.ref);
}

export async function detachTerminal() {
  const l = link;
  if (!l?.ref) return;
  l.drop();
  const { result } = await call(cap(), 'terminalDetach', l.ref);
  if (link === l) link = null;
  forget();
  show({ link: null, note: 'detached: the terminal keeps running for its grace period', result });
  await refreshList();
}

export async function closeTerminal() {
  const l = link;
  if (!l?.ref || !l.owner) return;
  const { result, reply } = await call(cap(), 'terminalClose', l.ref);
  show({ result });
  if (reply?.status === 'ok' || reply?.status === 'ended') l.ended('ended');
  await refreshList();
}

export function pressKey(name) {
  if (name === 'ctrl') {
    ctrl = !ctrl;
    show({ ctrl });
  } else {
    ctrl = false;
    show({ ctrl: false });
    link?.type(encoder.encode(keyBytes(name, !!screen?.term.modes.applicationCursorKeysMode)));
  }
  focusScreen();
}

// The panel is on screen: list, and after a reload resume the terminal
// this tab showed (once per login).
export async function panelShown() {
  const list = await refreshList();
  if (restored || !list) return;
  restored = true;
  const saved = load();
  if (!saved) return;
  if (!get().resumed || !list.some((t) => t.id === saved.terminalId)) {
    forget();
    return;
  }
  const l = await start(saved.terminalId, saved.mode, saved.nextSeq, saved.screen);
  const { result, reply } = await attachCall(saved.terminalId, saved.mode, l.nextSeq);
  if (!l.current()) return;
  if (reply?.status === 'ok') l.attached(reply);
  else if (reply) l.ended(reply.status);
  else l.failed(result, () => {});
  show({ result });
  await refreshList();
}

// Leaving the login (logout, expiry, a lost session) ends the page's side:
// the guest ends the session's terminals itself.
subscribe(() => {
  const s = get();
  if (s.phase === 'app' || (!link && !screen && !restored)) return;
  link?.drop();
  link = null;
  restored = false;
  forget();
  const old = screen;
  screen = null;
  making = null;
  old?.host.remove();
  old?.term.dispose();
});

beforeLogout(() => {
  link?.drop();
  link = null;
  forget();
});

// A reload or a closed tab: keep the position and the screen copy now
// rather than within SAVE_EVERY_MS.
addEventListener('pagehide', () => link?.save());
