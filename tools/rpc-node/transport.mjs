// capnp-es's Transport over a Node TCP socket: the standard stream framing
// of Cap'n Proto (segment table, then segments; unpacked), as two-party
// peers speak it. capnp-es encodes and decodes every message itself
// (Message.toArrayBuffer, new Message(buf, false)); this file only finds
// where one message ends in the byte stream, and keeps a log of what was
// written and read so a client can tell how many round trips it took.

import { Message } from "capnp-es";
import { Message as RpcMessage } from "capnp-es/capnp/rpc";

// Bytes of the framed message starting at `buf[0]`, or 0 while the segment
// table itself is incomplete.
function framedLength(buf) {
  if (buf.length < 4) return 0;
  const segments = buf.readUInt32LE(0) + 1;
  const table = (4 + 4 * segments + 7) & ~7;
  if (buf.length < table) return 0;
  let words = 0;
  for (let i = 0; i < segments; i++) words += buf.readUInt32LE(4 + 4 * i);
  return table + 8 * words;
}

export class SocketTransport {
  constructor(socket) {
    this.socket = socket;
    this.pending = Buffer.alloc(0);
    this.ready = [];      // decoded messages nobody asked for yet
    this.waiting = [];    // recvMessage() callers: [resolve, reject]
    this.ended = null;    // why the stream ended, once it has
    this.log = [];        // {dir: "out"|"in", which, reads, t}: `reads` is
                          // how many messages had arrived before this one
    this.reads = 0;
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("close", () => this.end(new Error("connection closed")));
    socket.on("error", (err) => this.end(err));
  }

  sendMessage(msg) {
    this.log.push({ dir: "out", which: kind(msg), reads: this.reads, t: performance.now() });
    this.socket.write(new Uint8Array(msg.segment.message.toArrayBuffer()));
  }

  recvMessage() {
    if (this.ready.length) return Promise.resolve(this.ready.shift());
    // capnp-es's Conn ends its read loop quietly on a rejection with
    // `undefined`; any other value it would rethrow.
    if (this.ended) return Promise.reject(undefined);
    return new Promise((resolve, reject) => this.waiting.push([resolve, reject]));
  }

  close() {
    this.socket.end();
  }

  onData(chunk) {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      const n = framedLength(this.pending);
      if (n === 0 || this.pending.length < n) return;
      const bytes = this.pending.subarray(0, n);
      this.pending = this.pending.subarray(n);
      const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n);
      const msg = new Message(copy, false).getRoot(RpcMessage);
      this.reads++;
      this.log.push({ dir: "in", which: kind(msg), reads: this.reads, t: performance.now() });
      const w = this.waiting.shift();
      if (w) w[0](msg);
      else this.ready.push(msg);
    }
  }

  end(err) {
    if (this.ended) return;
    this.ended = err;
    for (const [, reject] of this.waiting.splice(0)) reject(undefined);
  }
}

const KINDS = ["unimplemented", "abort", "call", "return", "finish", "resolve", "release",
  "obsoleteSave", "bootstrap", "obsoleteDelete", "provide", "accept", "join", "disembargo"];

function kind(msg) {
  return KINDS[msg.which()] ?? String(msg.which());
}
