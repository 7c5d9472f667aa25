#include "kernel/mm/usercopy.h"

#include "kernel/lib/kstring.h"
#include "kernel/mm/layout.h"

namespace usercopy {
namespace {

bool range_ok(uint64_t addr, size_t n) {
  return addr + n >= addr && addr + n <= abi::kUserTop;
}

// Calls fn(kernel_ptr, offset, chunk) for each page piece of the range.
template <typename Fn>
abi::Error each_page(const vm::AddressSpace* as, uint64_t addr, size_t n, bool write, Fn fn) {
  if (!range_ok(addr, n)) return abi::Error::kBadAddress;
  size_t done = 0;
  while (done < n) {
    uint64_t va = addr + done;
    size_t chunk = abi::kPageSize - (va & (abi::kPageSize - 1));
    if (chunk > n - done) chunk = n - done;
    uint64_t flags = 0;
    uint64_t phys = vm::translate(as, va, &flags);
    if (!phys || !(flags & vm::kUser) || (write && !(flags & vm::kWrite))) {
      return abi::Error::kBadAddress;
    }
    fn(mm::phys_to_virt<uint8_t>(phys), done, chunk);
    done += chunk;
  }
  return abi::Error::kOk;
}

}  // namespace

abi::Error from_user(const vm::AddressSpace* as, void* dst, uint64_t src, size_t n) {
  auto* out = static_cast<uint8_t*>(dst);
  return each_page(as, src, n, false,
                   [&](uint8_t* k, size_t off, size_t len) { memcpy(out + off, k, len); });
}

abi::Error to_user(const vm::AddressSpace* as, uint64_t dst, const void* src, size_t n) {
  // Validate the whole range first so a failing copy writes nothing.
  abi::Error e = check(as, dst, n, true);
  if (e != abi::Error::kOk) return e;
  auto* in = static_cast<const uint8_t*>(src);
  return each_page(as, dst, n, true,
                   [&](uint8_t* k, size_t off, size_t len) { memcpy(k, in + off, len); });
}

abi::Error check(const vm::AddressSpace* as, uint64_t addr, size_t n, bool write) {
  return each_page(as, addr, n, write, [](uint8_t*, size_t, size_t) {});
}

}  // namespace usercopy
