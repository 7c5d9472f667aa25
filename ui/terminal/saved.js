// What a reload needs to resume the terminal it showed, kept in this tab's
// sessionStorage (never sent anywhere, gone when the tab closes): the
// terminal id, the attachment's mode, nextSeq (the first seq this page has
// not rendered) and a copy of the bytes rendered before it. The browser
// session itself is the capos_sid cookie; a reload keeps it, so the page
// re-attaches to the same terminal with resumeSeq = nextSeq and replaceOwner
// and gets exactly the bytes it had not rendered, while the copy redraws
// what it had. The copy is bounded: past the bound it keeps the most recent
// bytes, cut between two reads' answers.
const KEY = 'capos.terminal';
// The screen copy's bound: enough for a full screen and its recent past,
// small next to the storage quota (a string of one char per byte).
export const SCREEN_BYTES = 96 * 1024;

export class ScreenCopy {
  constructor() {
    this.chunks = [];
    this.bytes = 0;
  }

  add(bytes) {
    if (!bytes.length) return;
    this.chunks.push(bytes);
    this.bytes += bytes.length;
    while (this.bytes > SCREEN_BYTES && this.chunks.length > 1) {
      this.bytes -= this.chunks.shift().length;
    }
  }

  // One char per byte, so any byte value survives JSON and storage.
  text() {
    let out = '';
    for (const c of this.chunks) {
      for (let i = 0; i < c.length; i += 8192) out += String.fromCharCode.apply(null, c.subarray(i, i + 8192));
    }
    return out;
  }

  static bytesOf(text) {
    const b = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i) & 0xff;
    return b;
  }
}

// {terminalId, mode, nextSeq (string), screen (string)}, or null.
export function load() {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (!v || !Number.isInteger(v.terminalId) || !/^[0-9]{1,20}$/.test(v.nextSeq || '') ||
        !['owner', 'follower'].includes(v.mode) || typeof v.screen !== 'string') return null;
    return v;
  } catch {
    return null;
  }
}

export function store(terminalId, mode, nextSeq, copy) {
  const v = { terminalId, mode, nextSeq: String(nextSeq), screen: copy.text() };
  try {
    sessionStorage.setItem(KEY, JSON.stringify(v));
  } catch {
    // Over quota or disabled: nothing kept; a reload lists the terminals
    // and the user attaches again.
  }
}

export function forget() {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
