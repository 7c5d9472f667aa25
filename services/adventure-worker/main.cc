// adventure-worker: one per remote session. Spawned by a front end through
// the restricted launcher, bound to that session's cell, with exactly three
// grants: console, `adventure` (Adventure client facet) and `control` (the
// owner facet of a ServiceWorker endpoint whose client the front end
// keeps). It relays Adventure calls so the adventure server sees the live
// session; on shutdown it leaves the game. See README.md.
#include "layout/adventure.capnp.layout.h"
#include "layout/worker.capnp.layout.h"
#include "services/lib/service-relay/session_worker.h"

namespace {

namespace L = capos::layout;

// status..who are the player's; `leave` is only ever the worker's own call
// at shutdown, so a front end cannot drop a player the session still has.
constexpr service_relay::WorkerSpec kSpec = {"adventure-worker",   "adventure",
                                             L::Adventure::kId,    L::Adventure::kLeave,
                                             L::Adventure::kLeave, L::ServiceWorker::kId};
static_assert(L::Adventure::kWho + 1 == L::Adventure::kLeave);

}  // namespace

int main() {
  return service_relay::RunSessionWorker(kSpec);
}
