// fault-tap: a test-manifest-only stand-in that lets host tests inject
// faults into the remote session (issue 8 item 5; README.md). It serves
//   - `chat` (Chat owner facet): the real chat room (chat_server_core),
//     except for two chat texts: "fault:stall" holds the call for kStallMs
//     before serving it, "fault:kill-worker" kills the calling worker while
//     its call is in flight (the front end's relay to it is then in flight
//     too);
//   - `launcherIn` (RestrictedLauncher owner facet, the front end's
//     launcher): forwards each launch unchanged to the real launcher
//     (`launcher` client) and hands the ProcessHandle back, keeping a copy.
//     That copy is the authority for the kill.
// It never appears in manifests/system.cue.
#include <string.h>

#include "kernel-abi/abi.h"
#include "layout/chat.capnp.layout.h"
#include "layout/kernel.capnp.layout.h"
#include "layout/launcher.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/clients/process_spawner.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/chat.capnp.h"
#include "schema/launcher.capnp.h"
#include "services/chat-server/chat_codec.h"

namespace {

namespace L = capos::layout;
using Launcher = capos::schema::RestrictedLauncher;

constexpr char kStall[] = "fault:stall";
constexpr char kKillWorker[] = "fault:kill-worker";
// Longer than the gateway's shutdown wait (1 s, so a logout during the
// stall ends in its kill fallback), shorter than the worker's own Chat
// timeout (5 s, so a stalled call is still answered).
constexpr uint64_t kStallMs = 3000;
constexpr int kMaxWorkers = 80;  // the gateway's 72 sessions, and some

struct Worker {
  caprt::Cap handle;
  uint32_t pid;
  bool used;
};

chat::ChatRoom room;
caprt::Console console;
caprt::Timer timer;
caprt::Cap launcher;
caprt::Server server;  // large: static
Worker workers[kMaxWorkers];
alignas(8) uint8_t launch_reply[1024];

// Releases the copies of handles whose worker has ended, so the tap never
// keeps a kernel object alive (the fault suite compares object counts).
int RefreshWorkers() {
  int running = 0;
  for (Worker& w : workers) {
    if (!w.used) continue;
    caprt::Result<bool> r = caprt::ProcessHandle(w.handle).Running();
    if (r.ok() && r.value()) {
      ++running;
      continue;
    }
    caprt::Release(w.handle);
    w = Worker{};
  }
  return running;
}

// The caller is a worker blocked in this very call. The kernel's
// RecvHeader does not name the calling process, so the tap only kills when
// exactly one worker runs (the fault test makes sure of that) and refuses
// loudly otherwise.
void KillCallingWorker() {
  int running = RefreshWorkers();
  if (running != 1) {
    console.Printf("fault-tap: kill-worker refused: %d workers running, want exactly 1\n", running);
    return;
  }
  for (Worker& w : workers) {
    if (!w.used) continue;
    console.Printf("fault-tap: killing chat-worker pid %u in the middle of its call\n", w.pid);
    caprt::Status s = caprt::ProcessHandle(w.handle).Kill();
    if (!s.ok()) console.Printf("fault-tap: kill failed: %s\n", caprt::ErrorName(s.error()));
  }
  RefreshWorkers();
}

// "fault:stall" / "fault:kill-worker" are whole send texts; anything else
// (including a malformed message, which chat::Handle rejects) is ordinary.
void MaybeInjectFault(const caprt::Incoming& in) {
  if (in.header->method != L::Chat::kSend) return;
  char text[32] = {};
  caprt::DecodeRoot<capos::schema::Chat::SendParams>(
      in.params, in.params_len, [&](capos::schema::Chat::SendParams::Reader p) {
        auto t = p.getText();
        if (t.size() < sizeof(text)) memcpy(text, t.begin(), t.size());
      });
  if (strcmp(text, kStall) == 0) {
    console.Printf("fault-tap: stalling a chat call for %llu ms\n",
                   static_cast<unsigned long long>(kStallMs));
    timer.Sleep(kStallMs * 1000 * 1000);
  } else if (strcmp(text, kKillWorker) == 0) {
    KillCallingWorker();
  }
}

void ServeChat(void*, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
               caprt::Answer* answer) {
  if (in.header->interface_id == chat::kChatInterfaceId) MaybeInjectFault(in);
  chat::HandleResult r = chat::HandleRecv(room, *in.header, in.params, out, out_cap);
  if (r.log[0] != '\0') console.Printf("%s\n", r.log);
  answer->status = r.error;
  answer->len = r.error == abi::Error::kOk ? static_cast<uint32_t>(r.length) : 0;
}

void ReleaseAll(const caprt::Incoming& in) {
  for (uint16_t i = 0; i < in.caps_count; ++i) {
    caprt::Result<caprt::Cap> c = in.cap(i);
    if (c.ok()) caprt::Release(c.value());
  }
}

// Forwards one launch unchanged: same params, the received caps moved on
// in the same order (so the params' cap indices still hold).
void ServeLauncher(void*, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
                   caprt::Answer* answer) {
  if (in.header->interface_id != L::RestrictedLauncher::kId ||
      in.header->method != L::RestrictedLauncher::kLaunch) {
    ReleaseAll(in);
    answer->status = abi::Error::kBadMethod;
    return;
  }
  abi::CapTransfer sent[abi::kMaxTransferCaps];
  uint16_t n = 0;
  for (uint16_t i = 0; i < in.caps_count && i < abi::kMaxTransferCaps; ++i) {
    caprt::Result<caprt::Cap> c = in.cap(i);
    if (c.ok()) sent[n++] = caprt::Send(c.value(), abi::kRightsAll, abi::TransferMode::kMove);
  }
  caprt::CallOptions o;
  o.caps = sent;
  o.caps_count = n;
  o.timeout_ms = 10000;
  caprt::Result<caprt::Reply> r =
      caprt::CallWith(launcher, L::RestrictedLauncher::kLaunch, in.params, in.params_len,
                      launch_reply, sizeof(launch_reply), o);
  if (!r.ok()) {
    ReleaseAll(in);  // a failed CALL moved nothing
    answer->status = r.error();
    return;
  }
  if (r.value().len > out_cap) {  // cannot happen with Server's buffer
    for (uint16_t i = 0; i < r.value().caps; ++i) {
      caprt::Result<caprt::Cap> h = caprt::ReplyCap(launch_reply, r.value(), i);
      if (h.ok()) caprt::Release(h.value());
    }
    answer->status = abi::Error::kResultTooSmall;
    return;
  }
  memcpy(out, launch_reply, r.value().len);
  answer->len = r.value().len;
  uint32_t pid = 0;
  caprt::DecodeRoot<Launcher::LaunchResults>(launch_reply, r.value().len,
                                             [&](Launcher::LaunchResults::Reader res) {
                                               if (res.getResult().isLaunched())
                                                 pid = res.getResult().getLaunched().getPid();
                                             });
  for (uint16_t i = 0; i < r.value().caps && i < abi::kMaxTransferCaps; ++i) {
    caprt::Result<caprt::Cap> c = caprt::ReplyCap(launch_reply, r.value(), i);
    if (!c.ok()) continue;
    answer->caps[answer->caps_count++] = caprt::Send(c.value());  // a copy
    Worker* slot = nullptr;
    for (Worker& w : workers) {
      if (!w.used) {
        slot = &w;
        break;
      }
    }
    if (slot != nullptr && pid != 0) {
      *slot = Worker{c.value(), pid, true};
      console.Printf("fault-tap: launched pid %u, keeping a copy of its handle\n", pid);
    } else {
      // Not a worker handle, or no room: the caller gets it; keep nothing.
      answer->caps[answer->caps_count - 1].mode = static_cast<uint8_t>(abi::TransferMode::kMove);
    }
  }
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  caprt::Result<caprt::Timer> t = caprt::Timer::Find();
  caprt::Result<caprt::Cap> chat_owner = caprt::FindCap("chat", chat::kChatInterfaceId);
  caprt::Result<caprt::Cap> launcher_in = caprt::FindCap("launcherIn", L::RestrictedLauncher::kId);
  caprt::Result<caprt::Cap> launcher_out = caprt::FindCap("launcher", L::RestrictedLauncher::kId);
  if (!t.ok() || !chat_owner.ok() || !launcher_in.ok() || !launcher_out.ok()) {
    console.Write("fault-tap: needs timer, chat (owner), launcherIn (owner), launcher\n");
    return 1;
  }
  timer = t.value();
  launcher = launcher_out.value();
  static_assert(caprt::Server::kBufferBytes >= chat::kMinResultBytes);
  server.Add(chat_owner.value(), ServeChat, nullptr);
  server.Add(launcher_in.value(), ServeLauncher, nullptr);
  console.Write("fault-tap: serving chat and the launcher tap\n");
  for (;;) {
    abi::Error e = server.Step(250ull * 1000 * 1000);
    if (e != abi::Error::kOk && e != abi::Error::kTimedOut) {
      console.Printf("fault-tap: stopped: %s\n", caprt::ErrorName(e));
      return 1;
    }
    RefreshWorkers();
  }
}
