#!/usr/bin/env node
// A Cap'n Proto RPC client of the guest's rpc-gateway written against
// capnp-es (TypeScript, npm), which shares no code with the C++ library the
// gateway and tools/rpc-probe use: if both agree, the protocol is the
// standard one, not one implementation's reading of it.
//
//   node tools/rpc-node/client.mjs --port N [--principal NAME] [--text T]
//                                  [--sequential] [--ca FILE]
//
// --ca: the port is TLS (a manifest that grants rpc-gateway a key); the
// server must present a chain that FILE (PEM) verifies, for localhost.
//
// Logs in (guest, or NAME with the password from RPC_NODE_PASSWORD, never
// argv), then issues bootstrap -> login -> capSet -> get("chat") -> join ->
// send as calls on the previous call's promised answer, without waiting in
// between, and reports how many round trips that took, from what the
// socket actually wrote and read. --sequential awaits each answer first
// (the baseline, and a check that the count is not a constant). Then
// logout, and a call on the old Chat cap, which must fail staleSession.
// Prints one JSON line; exit 0 when every step answered as the gateway
// says it does, 1 otherwise.

import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { connect as connectTls } from "node:tls";
import { parseArgs } from "node:util";
import { Conn } from "capnp-es";
import { ensureGenerated } from "./gen.mjs";
import { runChain } from "./chain.mjs";

const { values: opt } = parseArgs({
  options: {
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string" },
    principal: { type: "string" },
    text: { type: "string", default: "hello from capnp-es" },
    sequential: { type: "boolean", default: false },
    timeout: { type: "string", default: "60" },
    ca: { type: "string" },
  },
});
if (!opt.port) {
  console.error("usage: client.mjs --port N [--principal NAME] [--text T] [--sequential] [--ca FILE]");
  process.exit(2);
}
if (opt.principal && !process.env.RPC_NODE_PASSWORD) {
  console.error("--principal needs the password in RPC_NODE_PASSWORD");
  process.exit(2);
}

// A client that never hears back must still end, and say so.
setTimeout(() => {
  console.log(JSON.stringify({ ok: false, error: `no answer within ${opt.timeout}s` }));
  process.exit(1);
}, Number(opt.timeout) * 1000).unref();

const generated = "file://" + (await ensureGenerated()) + "/";
const schema = {
  ...(await import(new URL("remote_rpc.js", generated))),
  ErrorCode: (await import(new URL("remote_session.js", generated))).ErrorCode,
  Chat_Status: (await import(new URL("chat.js", generated))).Chat_Status,
};
const socket = opt.ca
  ? connectTls({ host: opt.host, port: Number(opt.port), ca: readFileSync(opt.ca),
                 servername: "localhost" })
  : connect({ host: opt.host, port: Number(opt.port) });
try {
  await new Promise((resolve, reject) =>
    socket.once(opt.ca ? "secureConnect" : "connect", resolve).once("error", reject));
} catch (err) {
  console.log(JSON.stringify({ ok: false, error: String(err?.message ?? err) }));
  process.exit(1);
}
socket.setNoDelay(true);

const { SocketTransport } = await import("./transport.mjs");
const transport = new SocketTransport(socket);
const conn = new Conn(transport);
let connError = null;
conn.onError = (err) => { connError = err; };

let result;
try {
  result = await runChain(schema, conn, transport, {
    principal: opt.principal,
    password: process.env.RPC_NODE_PASSWORD,
    text: opt.text,
    sequential: opt.sequential,
  });
} catch (err) {
  result = { ok: false, error: String(err?.message ?? err) };
}
if (connError) result.connError = String(connError?.message ?? connError);
if (opt.ca) result.tls = socket.getProtocol();
// RPC_NODE_TRACE=1: every message written and read, ms from the first, on
// stderr (where the time of a chain goes).
if (process.env.RPC_NODE_TRACE && transport.log.length) {
  const t0 = transport.log[0].t;
  for (const e of transport.log) {
    console.error(`${(e.t - t0).toFixed(2).padStart(8)} ms ${e.dir} ${e.which} (${e.reads} read)`);
  }
}
console.log(JSON.stringify(result));
socket.destroy();
process.exit(result.ok ? 0 : 1);
