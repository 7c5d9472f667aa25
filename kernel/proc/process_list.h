// The list of all live processes (runnable, blocked or not yet reaped).
#pragma once

#include "kernel/proc/process.h"

namespace proc {

extern Process* all_processes;

template <typename Fn>
void for_each(Fn fn) {
  for (Process* p = all_processes; p; p = p->all_next) fn(p);
}

}  // namespace proc
