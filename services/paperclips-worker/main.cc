// paperclips-worker: one per remote session. Spawned by a front end through
// the restricted launcher, bound to that session's cell, with exactly three
// grants: console, `paperclips` (Paperclips client facet) and `control`
// (the owner facet of a ServiceWorker endpoint whose client the front end
// keeps). It relays Paperclips calls so paperclips-server keys the game by
// the live session; on shutdown it ends the game. See README.md.
#include "layout/paperclips.capnp.layout.h"
#include "layout/worker.capnp.layout.h"
#include "services/lib/service-relay/session_worker.h"

namespace {

namespace L = capos::layout;

// status..project are the player's; `end` is only ever the worker's own
// call at shutdown, so a front end cannot end a game the session still has.
constexpr service_relay::WorkerSpec kSpec = {"paperclips-worker", "paperclips",
                                             L::Paperclips::kId,  L::Paperclips::kEnd,
                                             L::Paperclips::kEnd, L::ServiceWorker::kId};
static_assert(L::Paperclips::kProject + 1 == L::Paperclips::kEnd);

}  // namespace

int main() {
  return service_relay::RunSessionWorker(kSpec);
}
