// The push channel: a WebSocket to /api/events (API.md), opened after login.
// The page never polls: chat messages and Paperclips views arrive here once
// the page has said what it watches. The socket is closed by the page before
// it logs out, and by the guest after its {"event":"session"} message, so
// neither is an error; an unexpected close is retried a few times.
let socket = null;
let handler = () => {};
let flags = { chat: false, paperclips: false };
let retries = 0;
let wanted = false;

function url() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events`;
}

function sendWatch() {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ watch: flags }));
}

function connect() {
  const ws = new WebSocket(url());
  socket = ws;
  ws.onopen = () => {
    retries = 0;
    sendWatch();
  };
  ws.onmessage = (e) => {
    let msg;
    try {
      msg = JSON.parse(e.data);
    } catch {
      return; // text messages are JSON by contract; ignore anything else
    }
    if (msg.event === 'session') wanted = false;
    handler(msg);
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    if (wanted && retries < 3) {
      retries += 1;
      setTimeout(() => wanted && !socket && connect(), 1000 * retries);
    }
  };
}

// onEvent gets every pushed message ({event: 'chat'|'paperclips'|'session', ...}).
export function openEvents(onEvent) {
  handler = onEvent;
  wanted = true;
  retries = 0;
  if (!socket) connect();
}

export function closeEvents() {
  wanted = false;
  flags = { chat: false, paperclips: false };
  const ws = socket;
  socket = null;
  if (!ws) return;
  ws.onmessage = null;
  // Closing a socket that is still connecting logs a browser error; let it
  // open first.
  if (ws.readyState === WebSocket.CONNECTING) ws.onopen = () => ws.close(1000, 'logout');
  else if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'logout');
}

// Sends {"watch": {...}} when it changes (and again on every reconnect).
export function watch(next) {
  if (next.chat === flags.chat && next.paperclips === flags.paperclips) return;
  flags = { chat: !!next.chat, paperclips: !!next.paperclips };
  sendWatch();
}

export function watching() {
  return { ...flags };
}
