// chat-worker: one per remote session. Spawned by a front end (gateway)
// through the restricted launcher, bound to that session's cell, with
// exactly three grants: console, `chat` (Chat client facet) and `control`
// (the owner facet of a ChatWorker endpoint whose client the front end
// keeps). It relays Chat calls from the front end so chat-server sees the
// live session; on ChatWorker.shutdown it leaves the room and exits. The
// loop is the one every per-session worker runs (services/lib/service-relay).
// See README.md.
#include "layout/chat.capnp.layout.h"
#include "layout/worker.capnp.layout.h"
#include "services/lib/service-relay/session_worker.h"

namespace {

namespace L = capos::layout;

// Every Chat method is relayed (leave too: a session may leave the room and
// join again). At shutdown the worker leaves the room itself while the
// session is still live, so a logged-out session never lingers as a member.
constexpr service_relay::WorkerSpec kSpec = {
    "chat-worker", "chat", L::Chat::kId, L::Chat::kPoll + 1, L::Chat::kLeave, L::ChatWorker::kId};

}  // namespace

int main() {
  return service_relay::RunSessionWorker(kSpec);
}
