// The story the client proves, on one connection: a pipelined login chain,
// its round trips as the socket saw them, logout, and the revoked cap.

// Calls the chain issues: bootstrap, login, capSet, get, join, send.
const CHAIN_CALLS = 6;

// How many times the chain's calls had to wait for the peer: calls written
// with no answer read in between form one burst, and each further burst
// is one more round trip.
function roundTrips(log, from) {
  const calls = log.slice(from).filter((e) => e.dir === "out" &&
    (e.which === "bootstrap" || e.which === "call")).slice(0, CHAIN_CALLS);
  return { calls: calls.length, roundTrips: new Set(calls.map((e) => e.reads)).size,
           beforeFirstAnswer: calls.filter((e) => e.reads === 0).length,
           firstWrite: calls[0]?.t };
}

// capnp-es gives enums as numbers; print the schema's enumerant name.
function enumName(values, n) {
  const key = Object.keys(values).find((k) => values[k] === n);
  return key === undefined ? String(n)
    : key.toLowerCase().replace(/_(\w)/g, (_, c) => c.toUpperCase());
}

function describe(err) {
  return String(err?.message ?? err);
}

export async function runChain(S, conn, transport, { principal, password, text, sequential }) {
  const out = { ok: false, mode: sequential ? "sequential" : "pipelined" };
  // --sequential waits for each answer before the next call: what a client
  // without promise pipelining has to do.
  const step = async (p) => { if (sequential) await p.promise(); return p; };
  const from = transport.log.length;

  const gateway = conn.bootstrap(S.Gateway);
  const login = await step(gateway.login((p) => {
    const l = p._initLogin();
    if (principal) {
      const proof = l._initPassword();
      proof.principal = principal;
      proof.password = password;
    } else {
      l.guest = true;
    }
  }));
  // login's result is a union: the pipelined path is result -> ok.session,
  // both pointer 0 of their struct (the group shares LoginResult's).
  const session = new S.Session.Client(
    login.pipeline.getPipeline(S.LoginResult, 0).getPipeline(S.Session, 0).client());
  const capSet = (await step(session.capSet())).getCapSet();
  const get = await step(capSet.get((p) => {
    p.name = "chat";
    p.interfaceId = S.Chat.Client.interfaceId;
  }));
  // GetResult.cap is pointer 0 of the result struct, itself pointer 0.
  const chat = new S.Chat.Client(
    get.pipeline.getPipeline(S.CapSet_GetResult, 0).getPipeline(S.Chat, 0).client());
  const join = await step(chat.join());
  const send = chat.send((p) => { p.text = text; });
  // Every answer is awaited below, but a denied login rejects the later
  // ones before their turn: take them all now, so none is unhandled.
  const answers = [login, get, join, send].map((p) => {
    const settled = p.promise();
    settled.catch(() => {});
    return settled;
  });

  const sent = await answers[3].catch((err) => ({ failed: describe(err) }));
  const tDone = performance.now();
  const rt = roundTrips(transport.log, from);
  out.chain = { calls: rt.calls, roundTrips: rt.roundTrips,
                writtenBeforeFirstAnswer: rt.beforeFirstAnswer, ms: Number((tDone - rt.firstWrite).toFixed(2)) };

  const loggedIn = (await answers[0]).result;
  if (!loggedIn._isOk) {
    // The pipelined calls were made on a capability that never came.
    out.login = { denied: enumName(S.ErrorCode, loggedIn.denied.code) };
    out.send = sent;
    return out;
  }
  const v = loggedIn.ok.view;
  out.login = { principal: v.principal, profile: v.profile, method: v.authMethod };
  const got = (await answers[1]).result;
  out.get = got._isCap ? { interfaceName: got.entry.interfaceName } : { denied: enumName(S.ErrorCode, got.denied.code) };
  const joined = await answers[2];
  out.join = { status: enumName(S.Chat_Status, joined.status), you: joined.you };
  out.send = sent.failed ? sent
    : { sent: sent.sent, status: enumName(S.Chat_Status, sent.status), seq: String(sent.seq), text };

  await session.logout().promise();
  out.logout = "ok";
  try {
    const who = await chat.who().promise();
    out.afterLogout = { answered: who.members.length };
  } catch (err) {
    out.afterLogout = { error: describe(err) };
  }
  out.ok = out.send.sent === true && out.chain.calls === CHAIN_CALLS &&
    /staleSession/.test(out.afterLogout.error ?? "");
  return out;
}
