// Session cells and SessionAuthority: the kernel half of user sessions.
//
// A cell is live or logged out, for good. Processes may be bound to one at
// spawn; their calls carry the cell's opaque reference to servers and fail
// as staleSession once the cell is logged out. Only SessionAuthority mints
// and logs out cells; a SessionCell cap itself only allows binding (with
// kRightBind) and asking whether it is live.
#pragma once

#include "kernel/objects/object.h"

namespace kobj {

class SessionCell final : public Object {
 public:
  SessionCell(uint8_t principal_class, uint8_t auth_strength, uint8_t profile_class,
              uint64_t opaque_ref);
  uint64_t interface_id() const override;
  abi::Error call(CallCtx& ctx) override;

  bool live() const { return live_; }
  void logout();
  uint64_t opaque_ref() const { return ref_; }
  uint8_t principal_class() const { return principal_; }
  uint8_t auth_strength() const { return strength_; }
  uint8_t profile_class() const { return profile_; }

  // Processes and in-flight calls pin a cell with a plain reference.
  void pin() { ref(0); }
  void unpin() { unref(0); }

  static uint32_t live_count();

 protected:
  void destroy() override;

 private:
  bool live_ = true;
  uint8_t principal_, strength_, profile_;
  uint64_t ref_;
};

class SessionAuthority final : public Object {
 public:
  uint64_t interface_id() const override;
  abi::Error call(CallCtx& ctx) override;
  static SessionAuthority* instance();
};

}  // namespace kobj
