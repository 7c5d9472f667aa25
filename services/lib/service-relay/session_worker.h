// The serve loop every per-session worker runs (chat-worker,
// adventure-worker, paperclips-worker): its `control` grant is the owner
// facet of a ServiceWorker (ChatWorker for chat) endpoint, its one service
// grant is the client facet it relays to. Guest only (IPC); the decisions are in service_relay.h.
#pragma once

#include <stdint.h>

namespace service_relay {

struct WorkerSpec {
  const char* name;        // log prefix, e.g. "paperclips-worker"
  const char* grant;       // the service grant's name, e.g. "paperclips"
  uint64_t interface_id;   // its interface
  uint16_t relay_methods;  // ordinals 0..relay_methods-1 are relayed
  uint16_t leave_method;   // parameterless; called once at shutdown
  uint64_t control_iface;  // the control facet's: ServiceWorker (games) or ChatWorker
};

// Runs the worker; main() returns its value. With neither grant (a copy
// init started from a manifest entry) it says so and returns 0; with only
// one, 1. Otherwise it serves until ServiceWorker.shutdown: calls
// `leave_method` (bounded), answers, releases both grants and returns 0;
// or until the endpoint fails: 1.
int RunSessionWorker(const WorkerSpec& spec);

}  // namespace service_relay
