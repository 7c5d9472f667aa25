// Caps travelling with a CALL or RETURN.
//
// collect() takes the caps an SQE sends out of the sender's reach: a copy
// takes a new reference, a move empties the sender's slot. Either way the
// returned entries own one reference each (with the possibly narrowed
// rights) until install() hands them to a receiver or drop() releases them.
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel/cap/cap_table.h"

struct Process;

namespace xfer {

// Validates every CapTransfer first (slot, generation, transfer right, mode,
// duplicate moves), so a failure leaves the sender's table untouched.
abi::Error collect(Process* p, uint64_t addr, uint16_t count, cap::Entry* out);

// Moves the entries into p's table and fills `desc` (one per entry). If the
// table fills up, the rest are dropped and kNoMemory is returned.
abi::Error install(Process* p, cap::Entry* caps, uint16_t count, abi::CapDescriptor* desc);

void drop(cap::Entry* caps, uint16_t count);

// Removes a cap from a table, dropping its reference (RELEASE, teardown).
abi::Error release(Process* p, uint32_t slot, uint32_t generation);

}  // namespace xfer
