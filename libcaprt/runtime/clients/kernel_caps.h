// Typed clients for the remaining kernel caps: EndpointFactory,
// SessionAuthority / SessionCell, Diagnostics and EntropySource.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace caprt {

struct EndpointPair {
  Cap owner;   // RECV/RETURN
  Cap client;  // CALL
};

Result<EndpointPair> CreateEndpoint(const Cap& factory, uint64_t interface_id, bool disclose,
                                    uint64_t badge = 0);

struct SessionClasses {
  uint8_t principal_class;
  uint8_t auth_strength;
  uint8_t profile_class;
};

// Mints a live session cell (SessionAuthority holders only).
Result<Cap> MintSession(const Cap& authority, const SessionClasses& classes);
// Logs the cell out for good.
Status LogoutSession(const Cap& authority, const Cap& cell);
Result<bool> SessionLive(const Cap& cell);

struct KernelStats {
  uint32_t processes;
  uint32_t objects;
  uint64_t free_frames;
  uint64_t kernel_allocations;
  uint32_t live_sessions;
};
Result<KernelStats> Stats(const Cap& diagnostics);

// Fills buf with hardware random bytes (notFound if the CPU has none).
Status RandomBytes(const Cap& entropy, void* buf, size_t len);

}  // namespace caprt
