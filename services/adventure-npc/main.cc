// adventure-npc: a companion (README.md). Every ~2 s it asks the world to
// move its NPC and say a line (AdventureNpc.act on `world`), then tells the
// chat room what it said and where (ChatNarrator.announce on `narrator`).
// Runs until killed; a peer that is gone ends it with a non-zero status.
#include "kernel-abi/abi.h"
#include "layout/adventure.capnp.layout.h"
#include "layout/chat.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/ipc.h"
#include "services/adventure-npc/npc_calls.h"

namespace {

namespace L = capos::layout;

constexpr uint64_t kPeriodNs = 2'000'000'000ull;
// Bounded: a wedged server must not wedge the companion silently.
constexpr uint16_t kCallTimeoutMs = 5000;
// Chat.minResultBytes; also above AdventureNpc's minimum.
constexpr uint32_t kReplyBytes = 1024;

caprt::Console console;
alignas(16) uint8_t params[512];
alignas(16) uint8_t reply[kReplyBytes];

caprt::Result<caprt::Reply> Call(const caprt::Cap& cap, uint16_t method, size_t len) {
  caprt::CallOptions options;
  options.timeout_ms = kCallTimeoutMs;
  return caprt::CallWith(cap, method, params, static_cast<uint32_t>(len), reply, sizeof(reply),
                         options);
}

// True to go on: only a peer that is gone for good stops the companion.
bool Survivable(const char* peer, abi::Error e, uint32_t* failures) {
  if (e == abi::Error::kDisconnected) {
    console.Printf("adventure-npc: %s disconnected; exiting\n", peer);
    return false;
  }
  // One line per run of failures, not one every period.
  if ((*failures)++ == 0)
    console.Printf("adventure-npc: %s call failed: %s\n", peer, caprt::ErrorName(e));
  return true;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  caprt::Result<caprt::Cap> world = caprt::FindCap("world", L::AdventureNpc::kId);
  if (!world.ok()) {
    // Started by init from a manifest entry (which is what puts the binary
    // into the boot package): no world to act in.
    console.Write("adventure-npc: no world grant; standby copy exits\n");
    return 0;
  }
  caprt::Result<caprt::Cap> narrator = caprt::FindCap("narrator", L::ChatNarrator::kId);
  caprt::Result<caprt::Timer> timer = caprt::Timer::Find();
  if (!narrator.ok() || !timer.ok()) {
    console.Printf("adventure-npc: missing grant: narrator %s, timer %s\n",
                   caprt::ErrorName(narrator.error()), caprt::ErrorName(timer.error()));
    return 1;
  }
  npc::ActAnswer me;  // name "" until the world assigns one
  uint32_t failures = 0;
  for (uint32_t turn = 0;; ++turn) {
    caprt::Status slept = timer.value().Sleep(kPeriodNs);
    if (!slept.ok()) {
      // Without the pace it would hammer both servers; better to stop.
      console.Printf("adventure-npc: timer failed: %s; exiting\n", caprt::ErrorName(slept.error()));
      return 4;
    }
    const char* line = npc::LineAt(turn);
    size_t len = npc::EncodeAct(me.name, line, params, sizeof(params));
    caprt::Result<caprt::Reply> r = Call(world.value(), L::AdventureNpc::kAct, len);
    npc::ActAnswer answer;
    if (!r.ok()) {
      if (!Survivable("world", r.error(), &failures)) return 2;
      continue;
    }
    if (!npc::DecodeAct(reply, r.value().len, &answer)) {
      if (!Survivable("world", abi::Error::kMalformedMessage, &failures)) return 2;
      continue;
    }
    if (me.name[0] == '\0') console.Printf("adventure-npc: playing %s\n", answer.name);
    me = answer;
    char text[npc::kMaxAnnounceBytes + 1];
    npc::FormatAnnouncement(line, answer.room, text, sizeof(text));
    len = npc::EncodeAnnounce(answer.name, text, params, sizeof(params));
    r = Call(narrator.value(), L::ChatNarrator::kAnnounce, len);
    npc::AnnounceAnswer said;
    if (!r.ok()) {
      if (!Survivable("narrator", r.error(), &failures)) return 3;
      continue;
    }
    if (!npc::DecodeAnnounce(reply, r.value().len, &said) || said.status != 0) {
      Survivable("narrator", abi::Error::kDenied, &failures);
      continue;
    }
    failures = 0;
  }
}
