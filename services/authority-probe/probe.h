// authority-probe: issue 3 items 5 and 6 in QEMU, acting as the gateway
// would (README.md). Shared state and helpers of the check files.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/process_spawner.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/ipc.h"
#include "services/lib/probe/harness.h"

namespace aprobe {

struct Caps {
  caprt::Cap manager, broker, info, chat;  // client facets
  caprt::Cap diagnostics, factory;
  caprt::Console console;
  caprt::Timer timer;
  caprt::ProcessSpawner spawner;
};

// PASS/FAIL bookkeeping is services/lib/probe's.
class Probe : public harness::Harness {
 public:
  explicit Probe(const Caps& caps) : Harness(caps.console, "authority-probe"), caps_(caps) {}
  Caps& caps() { return caps_; }
  uint32_t LiveSessions();

 private:
  Caps caps_;
};

// One login attempt's outcome as the gateway sees it.
struct Login {
  abi::Error transport = abi::Error::kOk;
  bool ok = false;
  uint16_t denial = 0;  // Denial.Code when !ok
  uint64_t retry_after_ns = 0;
  char principal[40] = {};
  char profile[40] = {};
  uint16_t principal_class = 0;
  uint16_t auth_method = 0;
  caprt::Cap session;  // UserSession client facet
  caprt::Cap cell;     // SessionCell, bind+transfer
  uint8_t raw[256];    // the RETURNed message, for denial comparisons
  uint32_t raw_len = 0;
};

enum Method : uint16_t { kPassword = 0, kGuest = 1, kAnonymous = 2 };

Login DoLogin(Probe& p, uint16_t method, const char* principal, const char* secret,
              const char* profile, uint64_t source, uint64_t conn_event);

// UserSession calls.
struct AuditCtx {
  char principal[40];
  uint64_t source, conn, login_event;
  bool logged_out;
};
abi::Error SessionInfoLive(const caprt::Cap& s, bool* live);
abi::Error SessionLogout(const caprt::Cap& s);
abi::Error SessionAuditContext(const caprt::Cap& s, AuditCtx* out);

void RunAuthChecks(Probe& p);
void RunChatChecks(Probe& p);
void RunLogoutChecks(Probe& p);
void RunLoginBench(Probe& p);

}  // namespace aprobe
