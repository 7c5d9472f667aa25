// Finding a front end's backend grants (gateway, web-ui): the same
// clients, the same optional game grants, the same catalog and admission
// policy, so every front end serves the same sessions by the same rules.
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "services/lib/ipc-backend/ipc_backend.h"

namespace ipc_backend {

// OpenSSH's LoginGraceTime and MaxAuthTries: the manifest's
// authorityPolicy (SessionManager.admission, asked at start-up).
struct AdmissionPolicy {
  uint64_t pre_auth_grace_ms = 30000;
  uint32_t max_auth_tries = 3;
  // The web UI's logged-in browser sessions: idle and absolute expiry.
  uint64_t web_idle_ms = 900 * 1000;
  uint64_t web_absolute_ms = 28800 * 1000;
  // Terminals: a detached one (and a session holding one) lives this long.
  uint64_t terminal_grace_ms = 300 * 1000;
};

// Looks up the required grants (sessionManager, broker, systemInfo,
// launcher, endpointFactory, chat) and the optional ones a launched
// service may be handed (adventureNpc, narrator, adventure, paperclips),
// and reads the service catalog once. `timer` is passed on to services by
// name. Logs each missing grant as "<who>: no <name> grant"; false if a
// required one is missing. The tables live in static storage: call once.
bool FindBackendCaps(caprt::Console& console, const char* who, const caprt::Cap& timer,
                     BackendCaps* caps);

// The manifest's admission policy from the authority; the defaults hold
// (and the log says so) without an answer.
AdmissionPolicy AskAdmission(caprt::Console& console, const char* who,
                             const caprt::Cap& session_manager);

// The port a TcpListenAuthority is scoped to (0 if it does not answer).
uint16_t GrantedPort(const caprt::Cap& authority);

}  // namespace ipc_backend
