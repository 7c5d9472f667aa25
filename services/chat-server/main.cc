// chat-server: one Chat room (README.md) served on the `chat` endpoint owner
// facet. Members are keyed by the live caller-session reference the kernel
// puts in each RECV header; nothing identity-like is taken from params. Runs
// until killed or the endpoint fails.
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
  console.Write("chat-server: serving\n");
  abi::Error e = server.Run();
  console.Printf("chat-server: stopped: %s\n", caprt::ErrorName(e));
  return e == abi::Error::kOk ? 0 : 1;
}
