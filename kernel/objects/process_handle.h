// ProcessHandle: a parent's hold on one spawned process (wait, kill,
// status). The handle outlives the process: after the end it keeps the
// exit status for wait() and status().
#pragma once

#include "kernel/objects/object.h"

namespace kobj {

class ProcessHandle final : public Object {
 public:
  explicit ProcessHandle(Process* p);
  uint64_t interface_id() const override;
  abi::Error call(CallCtx& ctx) override;

  // Called once when the process ends: records how, completes waiters.
  void ended(int status, bool killed, bool faulted);

 protected:
  void destroy() override;

 private:
  Process* process_;  // null once ended
  int status_ = 0;
  bool killed_ = false;
  bool faulted_ = false;
};

}  // namespace kobj

namespace handle_waits {
void drop_process(Process* p);  // p is exiting: forget the waits it posted
}
