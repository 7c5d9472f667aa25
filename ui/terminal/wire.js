// The terminal calls of the CapSet entry `terminal` (schema/remote_session.capnp
// Call variants terminalOpen ... terminalClose; the rules are
// schema/terminal.capnp's) as Requests, and their answers. Cap'n Proto's
// JSON carries UInt64 seqs as decimal strings and Data as arrays of byte
// numbers (services/web-ui/API.md); seqs are BigInt here and strings on the
// wire.
import { rpc } from '../api.js';

// TerminalSession's bounds.
export const MAX_WRITE_BYTES = 4096;
export const COLS = [10, 500];
export const ROWS = [3, 200];
// A read waits this long in the guest for output (the guest allows 25 s).
export const WAIT_MS = 20000;

export const clamp = (v, [lo, hi]) => Math.min(hi, Math.max(lo, v));

// Answers that mean this browser session is gone (the page logs in again).
export const SESSION_LOST = new Set(['staleSession', 'notAuthenticated']);

function request(entry, member, value) {
  return { capName: entry.name, interfaceId: entry.interfaceId, [member]: value };
}

// Sends one terminal call. `traffic` calls (read, write, resize) bypass the
// page's request queue and stay out of Diagnostics (api.js); the others
// (open, attach, list, detach, close) are ordinary, observed requests.
// Returns {result, reply}: reply is the TerminalReply, or null with
// result.denial saying why not.
export async function call(entry, member, value = null, { traffic = false, signal } = {}) {
  const result = await rpc('call', request(entry, member, value),
    traffic ? { direct: true, quiet: true, signal } : {});
  const reply = result.kind === 'callResult' ? result.value?.terminal || null : null;
  return { result, reply };
}

export const ref = (a) => ({ terminalId: a.terminalId, attachment: a.attachment });
export const seq = (s) => BigInt(s ?? '0');
