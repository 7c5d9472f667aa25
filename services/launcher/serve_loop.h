// The launcher's serving loop over its two endpoints (launch, control).
//
// Not caprt::Server, for two reasons: a RETURN that fails after a launch
// (the caller timed out, died or was logged out meanwhile) must not leave an
// unsupervised child, so its status is needed; and the receive buffers take
// the largest message the kernel can deliver, so no caller can wedge the
// loop with an oversized call (a RECV that is too small leaves the call
// queued).
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "libcaprt/runtime/ring.h"
#include "services/launcher/launch_service.h"

namespace launcher {

class ServeLoop {
 public:
  static constexpr uint32_t kRecvBytes = sizeof(abi::RecvHeader) + abi::kMaxMessageBytes + 8 +
                                         sizeof(abi::CapDescriptor) * abi::kMaxTransferCaps;

  void AddLauncher(const caprt::Cap& owner, Service* svc);
  void AddControl(const caprt::Cap& owner);
  // Serves until LauncherControl.shutdown (kOk) or the launcher endpoint
  // fails (that error).
  abi::Error Run();

 private:
  struct Slot {
    caprt::Cap owner;
    bool used = false;
    bool posted = false;
    uint64_t user_data = 0;
    alignas(16) uint8_t buf[kRecvBytes];
  };
  abi::Error Post(Slot& s);
  void ServeLaunch(const caprt::Incoming& in);
  void ServeControl(const caprt::Incoming& in);

  Slot launch_;
  Slot control_;
  Service* svc_ = nullptr;
  uint32_t kept_ = 0;  // children's handles kept (limited profiles)
  static constexpr uint64_t kReleaseEndedNs = 500'000'000;
  bool stop_ = false;
  alignas(16) uint8_t out_[4096];
};

}  // namespace launcher
