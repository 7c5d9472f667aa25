// The page's state: one plain object, replaced field by field with set().
// Small enough that every change re-renders the app from the top; views read
// it through useStore(). Nothing here is persisted except the theme
// (theme.js, localStorage) and the terminal's position (terminal/saved.js,
// sessionStorage): a reload starts from /api/hello.
import { useEffect, useState } from './lib/html.js';

export function emptyChat() {
  return { you: '', joined: false, messages: [], latestSeq: '0', members: null };
}

// The Terminal panel (terminal/link.js): the session's live terminals
// (TerminalView[] from terminalList), the attachment shown ({terminalId,
// mode, state}), a note on it, the last control call's result and whether
// the key bar's Ctrl is on.
export function emptyTerminal() {
  return { list: null, link: null, note: '', result: null, ctrl: false };
}

const state = {
  phase: 'loading',   // 'loading' | 'login' | 'app'
  hello: null,        // the last /api/hello body: authMethods, session, csrf
  session: null,      // SessionView while logged in
  caps: [],           // CapSetEntry[] (capSetList)
  catalog: [],        // ServiceEntry[] (serviceCatalog)
  view: 'services',
  notice: null,       // {kind: 'info'|'error', text}: shown once on the next view
  last: null,         // the last request/answer pair, for Diagnostics' raw JSON
  resumed: false,     // this login was found live by /api/hello (a reload)
  chat: emptyChat(),
  terminal: emptyTerminal(),
  adventure: null,    // the last AdventureView
  paperclips: null,   // the last PaperclipsView (answers and pushes)
  snapshot: null,     // {at, session, caps}: Session's "show diff" baseline
  diff: null,         // {since, changes}: the last "show diff" report
  transcript: null,   // TranscriptEvent[] once loaded
  diag: {},           // Diagnostics' last answers: system, current, none
};
const listeners = new Set();

export function get() {
  return state;
}

export function set(patch) {
  Object.assign(state, typeof patch === 'function' ? patch(state) : patch);
  listeners.forEach((fn) => fn());
}

export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// Re-renders the calling component on every change.
export function useStore() {
  const [, tick] = useState(0);
  useEffect(() => subscribe(() => tick((n) => n + 1)), []);
  return state;
}

// A CapSet entry by name, or undefined.
export function entry(name) {
  return state.caps.find((e) => e.name === name);
}
