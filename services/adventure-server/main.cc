// adventure-server: one shared text world (README.md) served on two
// endpoint owner facets from one loop: `adventure` for players (keyed by the
// live caller-session reference in each RECV header) and `npc` for the
// companions. Runs until killed or an endpoint fails.
#include "kernel-abi/abi.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/ipc.h"
#include "services/adventure-server/adventure_codec.h"

namespace {

adventure::World world;
caprt::Console console;
caprt::Server server;  // large: static

void Answer(const adventure::HandleResult& r, caprt::Answer* answer) {
  // Join, leave and NPC arrival lines name players by their display name,
  // never by a session reference.
  if (r.log[0] != '\0') console.Printf("%s\n", r.log);
  answer->status = r.error;
  answer->len = r.error == abi::Error::kOk ? static_cast<uint32_t>(r.length) : 0;
}

// TSC cycles spent handling player verbs (measurement only): printed with
// each leave line, where `make bench` reads it.
uint64_t verb_cycles = 0;
uint32_t verbs = 0;

void ServePlayer(void*, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
                 caprt::Answer* answer) {
  uint64_t t0 = __builtin_ia32_rdtsc();
  adventure::HandleResult r = adventure::HandleRecv(world, *in.header, in.params, out, out_cap);
  verb_cycles += __builtin_ia32_rdtsc() - t0;
  ++verbs;
  if (r.log[0] != '\0' && verbs != 0) {
    console.Printf("adventure-server: cycles/verb %llu over %u verbs\n",
                   (unsigned long long)(verb_cycles / verbs), verbs);
  }
  Answer(r, answer);
}

void ServeNpc(void*, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
              caprt::Answer* answer) {
  Answer(adventure::HandleNpcRecv(world, *in.header, in.params, out, out_cap), answer);
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  caprt::Result<caprt::Cap> players = caprt::FindCap("adventure", adventure::kAdventureInterfaceId);
  caprt::Result<caprt::Cap> npcs = caprt::FindCap("npc", adventure::kAdventureNpcInterfaceId);
  if (!players.ok() || !npcs.ok()) {
    console.Printf("adventure-server: missing grant: adventure %s, npc %s\n",
                   caprt::ErrorName(players.error()), caprt::ErrorName(npcs.error()));
    return 1;
  }
  static_assert(caprt::Server::kBufferBytes >= adventure::kMinResultBytes);
  server.Add(players.value(), ServePlayer, nullptr);
  server.Add(npcs.value(), ServeNpc, nullptr);
  console.Write("adventure-server: serving\n");
  abi::Error e = server.Run();
  console.Printf("adventure-server: stopped: %s\n", caprt::ErrorName(e));
  return e == abi::Error::kOk ? 0 : 1;
}
