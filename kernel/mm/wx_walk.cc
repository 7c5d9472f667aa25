#include "kernel/mm/wx_walk.h"

namespace wx {
namespace {

constexpr uint64_t kPresent = 1ull << 0;
constexpr uint64_t kWrite = 1ull << 1;
constexpr uint64_t kHuge = 1ull << 7;
constexpr uint64_t kNoExec = 1ull << 63;
constexpr uint64_t kAddrMask = 0x000ffffffffff000ull;

struct Walker {
  TableFn table;
  void* ctx;
  Report report;

  // level 3 = PML4, 0 = PT. `writable`/`noexec` carry the upper levels' bits.
  void Visit(uint64_t phys, int level, uint64_t va_base, bool writable, bool noexec, int first,
             int last) {
    const uint64_t* t = table(phys, ctx);
    if (t == nullptr) {
      Fail(va_base, true);
      return;
    }
    for (int i = first; i <= last && report.ok; i++) {
      uint64_t e = t[i];
      if (!(e & kPresent)) continue;
      uint64_t va = va_base | (uint64_t(i) << (12 + 9 * level));
      if (level == 3 && (va & (1ull << 47))) va |= 0xffff000000000000ull;
      bool w = writable && (e & kWrite);
      bool nx = noexec || (e & kNoExec);
      // PS at PDPT (1 GiB) or PD (2 MiB) level is a leaf; at PML4 it is
      // reserved, so treat it as a table pointer like the CPU would fault on.
      if (level == 0 || ((level == 1 || level == 2) && (e & kHuge))) {
        report.leaves++;
        if (w && !nx) Fail(va, false);
        continue;
      }
      Visit(e & kAddrMask, level - 1, va, w, nx, 0, 511);
    }
  }

  void Fail(uint64_t va, bool bad_table) {
    report.ok = false;
    report.bad_va = va;
    report.bad_table = bad_table;
  }
};

}  // namespace

Report Walk(uint64_t pml4_phys, int first, int last, TableFn table, void* ctx) {
  Walker w{table, ctx, {}};
  if (first < 0) first = 0;
  if (last > 511) last = 511;
  w.Visit(pml4_phys, 3, 0, true, false, first, last);
  return w.report;
}

}  // namespace wx
