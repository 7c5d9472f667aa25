// Timer: monotonic time and asynchronous sleeps. A sleep reserves a CQ
// slot at submission and completes from the timer tick, so the caller's
// ring keeps working while it waits.
#pragma once

#include "kernel/objects/object.h"

namespace kobj {

class Timer final : public Object {
 public:
  uint64_t interface_id() const override;
  abi::Error call(CallCtx& ctx) override;
  static Timer* instance();
};

}  // namespace kobj

namespace timer_obj {
void fire_due();                // from the tick
void drop_process(Process* p);  // process teardown: forget its sleeps
}  // namespace timer_obj
