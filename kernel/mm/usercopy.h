// The only way the kernel touches user memory. Each page of the range is
// translated through the process's page tables and accessed through the
// direct map, so an unmapped, kernel-half or read-only (for writes) address
// yields kBadAddress instead of a fault, and SMAP never has to be lifted.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel/mm/vm.h"

namespace usercopy {

abi::Error from_user(const vm::AddressSpace* as, void* dst, uint64_t src, size_t n);
abi::Error to_user(const vm::AddressSpace* as, uint64_t dst, const void* src, size_t n);
// Checks without copying (used to reject a bad result buffer up front).
abi::Error check(const vm::AddressSpace* as, uint64_t addr, size_t n, bool write);

}  // namespace usercopy
