// chat-server: one Chat room (README.md) served on the `chat` endpoint owner
// facet, and, when granted, ChatNarrator on the `narrator` owner facet from
// the same loop. Members are keyed by the live caller-session reference the
// kernel puts in each RECV header; nothing identity-like is taken from
// params. Runs until killed or an endpoint fails.
#include "kernel-abi/abi.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/ipc.h"
#include "services/chat-server/chat_codec.h"

namespace {

chat::ChatRoom room;
caprt::Console console;
caprt::Server server;  // large: static

void Serve(void*, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
           caprt::Answer* answer) {
  chat::HandleResult r = chat::HandleRecv(room, *in.header, in.params, out, out_cap);
  // The log line names the session by a room-local handle and its disclosed
  // classes (e.g. "class=operator auth=password"): proof the server saw the
  // live caller session, never a caller-chosen identity.
  if (r.log[0] != '\0') console.Printf("%s\n", r.log);
  answer->status = r.error;
  answer->len = r.error == abi::Error::kOk ? static_cast<uint32_t>(r.length) : 0;
}

// Narrated lines are not logged: the companions speak every few seconds.
void ServeNarrator(void*, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
                   caprt::Answer* answer) {
  chat::HandleResult r = chat::HandleNarratorRecv(room, *in.header, in.params, out, out_cap);
  answer->status = r.error;
  answer->len = r.error == abi::Error::kOk ? static_cast<uint32_t>(r.length) : 0;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  caprt::Result<caprt::Cap> owner = caprt::FindCap("chat", chat::kChatInterfaceId);
  if (!owner.ok()) {
    console.Printf("chat-server: no chat owner grant (%s)\n", caprt::ErrorName(owner.error()));
    return 1;
  }
  static_assert(caprt::Server::kBufferBytes >= chat::kMinResultBytes);
  server.Add(owner.value(), Serve, nullptr);
  // Optional: without it the room is exactly the members' own.
  caprt::Result<caprt::Cap> narrator = caprt::FindCap("narrator", chat::kChatNarratorInterfaceId);
  if (narrator.ok()) {
    server.Add(narrator.value(), ServeNarrator, nullptr);
  } else if (narrator.error() != abi::Error::kNotFound) {
    console.Printf("chat-server: narrator grant unusable (%s)\n",
                   caprt::ErrorName(narrator.error()));
  }
  console.Printf("chat-server: serving%s\n", narrator.ok() ? " (with narrator)" : "");
  abi::Error e = server.Run();
  console.Printf("chat-server: stopped: %s\n", caprt::ErrorName(e));
  return e == abi::Error::kOk ? 0 : 1;
}
