// What the views do: log in and out, read the CapSet and the catalog, call
// methods, launch and stop services. Every answer also updates the shared
// views it carries (a chat message, an Adventure room, a Paperclips view), so
// a generic form and a rich panel always show the same state.
import { hello, observe, rpc } from './api.js';
import { closeEvents, openEvents, watch } from './events.js';
import { emptyChat, emptyTerminal, get, set } from './store.js';
import { launchRequest, requestFor } from './calls.js';

const SESSION_LOST = new Set(['staleSession', 'notAuthenticated']);
// Profiles whose last view the store keeps under the same name.
const GAMES = new Set(['adventure', 'paperclips']);
let losing = false;

observe((result) => {
  set({ last: { at: new Date().toISOString(), ...result } });
  if (SESSION_LOST.has(result.denial?.code) && get().phase === 'app') {
    lost(`Your session is no longer valid (${result.denial.code}). Log in again.`);
  }
});

// Back to the login view with a fresh pre-auth session from /api/hello.
async function leave(notice) {
  closeEvents();
  try {
    set({ ...loggedOutState(), hello: await hello(), notice });
  } catch (e) {
    set({ ...loggedOutState(), notice: { kind: 'error', text: `${notice.text} ${e.message}` } });
  }
}

export async function lost(text) {
  if (losing) return;
  losing = true;
  try {
    await leave({ kind: 'error', text });
  } finally {
    losing = false;
  }
}

function loggedOutState() {
  return { phase: 'login', session: null, caps: [], catalog: [], chat: emptyChat(),
           terminal: emptyTerminal(), resumed: false,
           adventure: null, paperclips: null, snapshot: null, diff: null, transcript: null, diag: {}, view: 'services' };
}

export async function boot() {
  try {
    const h = await hello();
    set({ hello: h });
    if (h.session?.live) await enter(h.session, true);
    else set({ phase: 'login' });
  } catch (e) {
    set({ phase: 'login', notice: { kind: 'error', text: `The guest did not answer: ${e.message}` } });
  }
}

// method: 'password' (with principal and password), 'guest' or 'anonymous'.
export async function login(method, principal = '', password = '') {
  const body = { requestedProfile: '' };
  body[method] = method === 'password' ? { principal, password } : null;
  const r = await rpc('login', body);
  if (r.kind === 'loggedIn') await enter(r.value);
  // The pre-auth id was dropped (bounded) or expired: start a new one so
  // the next attempt can succeed; the view shows the typed denial.
  else if (SESSION_LOST.has(r.denial?.code)) set({ hello: await hello().catch(() => get().hello) });
  return r;
}

// After a login (or a reload of a live session, `resumed`: the terminal
// panel then resumes what this tab showed): the data the app shell shows
// first, then the push channel.
async function enter(session, resumed = false) {
  set({ ...loggedOutState(), session, resumed, notice: null });
  await Promise.all([refreshCaps(), refreshCatalog()]);
  set({ phase: 'app', snapshot: snapshotOf(session, get().caps) });
  openEvents(onEvent);
  updateWatch();
}

// Parts of the page that keep requests going in the background (the
// terminal's reads) stop before a logout, so that none of them is answered
// by the session the logout ends.
const leaving = new Set();
export function beforeLogout(fn) {
  leaving.add(fn);
}

export async function logout() {
  closeEvents();
  leaving.forEach((fn) => fn());
  const r = await rpc('logout');
  if (r.kind === 'loggedOut') await leave({ kind: 'info', text: 'Logged out.' });
  else if (get().phase === 'app') await lost(`Logout answered ${r.denial?.code}.`);
  return r;
}

function onEvent(msg) {
  if (msg.event === 'chat' && msg.messages) mergeChat(msg.messages);
  else if (msg.event === 'paperclips' && msg.view) set({ paperclips: msg.view });
  else if (msg.event === 'session') lost('Your session ended (logged out, expired or evicted).');
}

// Watch what the session can see: chat if it may poll, Paperclips while the
// game is in the CapSet.
function updateWatch() {
  const caps = get().caps;
  const chat = caps.find((e) => e.name === 'chat');
  watch({ chat: !!chat?.methods?.includes('chatPoll'), paperclips: caps.some((e) => e.name === 'paperclips') });
}

function mergeChat(m) {
  const chat = get().chat;
  const known = new Set(chat.messages.map((x) => x.seq));
  const fresh = (m.messages || []).filter((x) => !known.has(x.seq));
  const messages = chat.messages.concat(fresh).slice(-200);
  const latest = BigInt(m.latestSeq || '0') > BigInt(chat.latestSeq) ? m.latestSeq : chat.latestSeq;
  set({ chat: { ...chat, messages, latestSeq: latest } });
}

// Keeps the shared views in step with an answer.
function apply(r) {
  if (r.kind === 'capSet') {
    set({ caps: r.value });
    updateWatch();
  } else if (r.kind === 'serviceCatalog') set({ catalog: r.value });
  else if (r.kind === 'sessionInfo') set({ session: r.value });
  else if (r.kind === 'transcript') set({ transcript: r.value });
  else if (r.kind === 'callResult') {
    const v = r.value;
    const chat = get().chat;
    if (v.adventure) set({ adventure: v.adventure });
    if (v.paperclips) set({ paperclips: v.paperclips });
    if (v.chatMessages) mergeChat(v.chatMessages);
    if (v.chatJoined) set({ chat: { ...chat, you: v.chatJoined.you, joined: true } });
    if ('chatLeft' in v) set({ chat: { ...chat, joined: false } });
    if (v.chatMembers) set({ chat: { ...chat, members: v.chatMembers } });
    if (v.session) set({ session: v.session });
  }
  return r;
}

export async function send(kind, value = null) {
  const r = apply(await rpc(kind, value));
  if (r.kind === 'serviceState') {
    // A stopped game's last view must not outlive it (a relaunch starts anew).
    if (r.value.state === 'notRunning' && GAMES.has(r.value.profile)) set({ [r.value.profile]: null });
    await Promise.all([refreshCaps(), refreshCatalog()]);
  }
  return r;
}

export const refreshCaps = () => send('capSetList');
export const refreshCatalog = () => send('serviceCatalog');

// A method of a CapSet entry, by its descriptor (calls.js).
export function callMethod(entry, method, args = []) {
  const [kind, value] = requestFor(entry, method, args, get().catalog);
  return send(kind, value);
}

export function launch(service) {
  return send('serviceLaunch', launchRequest(service));
}

export function stop(service) {
  return send('serviceStop', service.name);
}

export function snapshotOf(session, caps) {
  return { at: new Date().toLocaleTimeString(), session, caps };
}
