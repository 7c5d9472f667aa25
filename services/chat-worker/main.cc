// chat-worker: one per remote session. Spawned by a front end (gateway)
// through the restricted launcher, bound to that session's cell, with
// exactly three grants: console, `chat` (Chat client facet) and `control`
// (the owner facet of a ChatWorker endpoint whose client the front end
// keeps). It relays Chat calls from the front end so chat-server sees the
// live session; on ChatWorker.shutdown it leaves the room and exits.
// See README.md.
#include "kernel-abi/abi.h"
#include "layout/chat.capnp.layout.h"
#include "layout/worker.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/ipc.h"
#include "services/chat-worker/relay.h"

namespace {

namespace L = capos::layout;

caprt::Console console;
caprt::Cap chat;
caprt::Server server;  // large: static
volatile bool stop = false;
uint32_t relayed = 0;
// TSC cycles (measurement only, printed at the end; `make bench` reads
// them): whole relays as served here, and the Chat calls inside them.
uint64_t relay_cycles = 0, chat_cycles = 0;

uint64_t Tsc() {
  return __builtin_ia32_rdtsc();
}

// A bounded wait: a wedged chat-server must not wedge the front end's
// session forever (the front end's own call to us is bounded too).
constexpr uint16_t kChatTimeoutMs = 5000;

abi::Error CallChat(void*, uint16_t method, const void* params, uint32_t params_len, void* reply,
                    uint32_t reply_cap, uint32_t* len) {
  caprt::CallOptions options;
  options.timeout_ms = kChatTimeoutMs;
  uint64_t t0 = Tsc();
  caprt::Result<caprt::Reply> r =
      caprt::CallWith(chat, method, params, params_len, reply, reply_cap, options);
  chat_cycles += Tsc() - t0;
  if (!r.ok()) return r.error();
  *len = r.value().len;
  return abi::Error::kOk;
}

void Serve(void*, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
           caprt::Answer* answer) {
  const abi::RecvHeader& h = *in.header;
  if (h.interface_id != L::ChatWorker::kId) {
    answer->status = abi::Error::kWrongInterface;
    return;
  }
  if (h.method == L::ChatWorker::kShutdown) {
    // Leave the room while the session is still live (the front end stops
    // workers before logging the session out), so a logged-out session
    // never lingers as a member. Not a member: chat answers ok anyway.
    alignas(8) static uint8_t reply[256];
    uint32_t len = 0;
    CallChat(nullptr, L::Chat::kLeave, nullptr, 0, reply, sizeof(reply), &len);
    stop = true;  // answered first, then the loop ends
    return;
  }
  if (h.method != L::ChatWorker::kRelay) {
    answer->status = abi::Error::kBadMethod;
    return;
  }
  uint64_t t0 = Tsc();
  chat_worker::RelayOutcome o =
      chat_worker::Relay(in.params, in.params_len, CallChat, nullptr, out, out_cap);
  relay_cycles += Tsc() - t0;
  answer->status = o.status;
  answer->len = o.status == abi::Error::kOk ? o.len : 0;
  if (o.status == abi::Error::kOk) {
    ++relayed;
  } else {
    console.Printf("chat-worker: chat method %u: %s\n", o.method, caprt::ErrorName(o.status));
  }
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  caprt::Result<caprt::Cap> control = caprt::FindCap("control", L::ChatWorker::kId);
  caprt::Result<caprt::Cap> chat_cap = caprt::FindCap("chat", L::Chat::kId);
  if (!control.ok() && !chat_cap.ok()) {
    // Started by init from a manifest entry (which is what puts the binary
    // into the boot package): nothing to serve.
    console.Write("chat-worker: no session grants; standby copy exits\n");
    return 0;
  }
  if (!control.ok() || !chat_cap.ok()) {
    console.Write("chat-worker: missing control or chat grant\n");
    return 1;
  }
  chat = chat_cap.value();
  server.Add(control.value(), Serve, nullptr);
  console.Write("chat-worker: serving its session\n");
  abi::Error e = server.Run(&stop);
  console.Printf("chat-worker: stopped (%s) after %u relayed calls\n", caprt::ErrorName(e),
                 relayed);
  if (relayed != 0) {
    console.Printf("chat-worker: cycles/relay %llu, of which the chat call %llu\n",
                   (unsigned long long)(relay_cycles / relayed),
                   (unsigned long long)(chat_cycles / relayed));
  }
  caprt::Release(chat);
  caprt::Release(control.value());
  return e == abi::Error::kOk ? 0 : 1;
}
