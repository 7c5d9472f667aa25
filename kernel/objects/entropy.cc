#include "kernel/objects/entropy.h"

#include "kernel/arch/cpu.h"
#include "kernel/lib/kstring.h"
#include "layout/kernel.capnp.layout.h"

namespace entropy {
namespace {

int have = -1;  // -1 unknown, 0 none, 1 rdrand, 2 rdseed
constexpr int kRetries = 64;

int detect() {
  uint32_t a, b, c, d;
  cpu::cpuid(7, 0, &a, &b, &c, &d);
  if (b & (1 << 18)) return 2;
  cpu::cpuid(1, 0, &a, &b, &c, &d);
  return (c & (1 << 30)) ? 1 : 0;
}

bool next(uint64_t* out) {
  for (int i = 0; i < kRetries; i++) {
    unsigned char ok;
    if (have == 2) {
      asm volatile("rdseed %0; setc %1" : "=r"(*out), "=qm"(ok));
    } else {
      asm volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
    }
    if (ok) return true;
  }
  return false;
}

}  // namespace

bool available() {
  if (have < 0) have = detect();
  return have > 0;
}

bool fill(void* buf, size_t len) {
  if (!available()) return false;
  auto* p = static_cast<uint8_t*>(buf);
  while (len) {
    uint64_t v;
    if (!next(&v)) return false;
    size_t n = len < 8 ? len : 8;
    memcpy(p, &v, n);
    p += n, len -= n;
  }
  return true;
}

}  // namespace entropy

namespace kobj {
namespace {
using L = capos::layout::EntropySource;
namespace wire = capos::wire;
}

uint64_t EntropySource::interface_id() const { return L::kId; }

EntropySource* EntropySource::instance() {
  static EntropySource obj;
  return &obj;
}

abi::Error EntropySource::call(CallCtx& ctx) {
  if (ctx.method != L::kRead) return abi::Error::kBadMethod;
  wire::Message msg;
  wire::StructReader root;
  abi::Error err = open_params(ctx, msg, &root);
  if (err != abi::Error::kOk) return err;
  if (!entropy::available()) return abi::Error::kNotFound;
  uint32_t len = root.get(L::ReadParams::kLength);
  if (len > 4096) len = 4096;
  uint32_t room = ctx.result_cap > 32 ? ctx.result_cap - 32 : 0;
  if (len > room) len = room;
  static uint8_t bytes[4096];
  if (!entropy::fill(bytes, len)) return abi::Error::kBusy;  // generator exhausted for now
  wire::MessageBuilder b(ctx.result, ctx.result_cap);
  wire::StructBuilder r;
  b.initRoot<L::ReadResults>(&r);
  r.setData(L::ReadResults::kData, bytes, len);
  return finish_result(ctx, b);
}

}  // namespace kobj
