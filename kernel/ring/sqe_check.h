// Validation of one submission entry, before anything it names is looked
// up. Pure and host-buildable (unit tests and a fuzz target): the kernel
// runs exactly this code on a private copy of each SQE.
#pragma once

#include "kernel-abi/abi.h"

namespace sqe {

// kOk, or the typed error to put in the CQE: kBadOpcode for an unknown
// opcode, kBadFlags for flags or for fields the opcode does not use (caps
// outside CALL/RETURN, a timeout outside CALL), kBadLength for a params size
// over abi::kMaxMessageBytes, a result buffer over that plus 4 KiB (room
// for a RecvHeader and cap descriptors) or too many caps, and kBadAddress
// for a buffer that wraps or leaves the user half.
abi::Error check(const abi::Sqe& s);

// Whether the opcode is implemented by this kernel.
bool implemented(uint8_t opcode);

}  // namespace sqe
