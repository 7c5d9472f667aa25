#include "kernel/objects/entropy.h"

#include "kernel/arch/cpu.h"
#include "kernel/drivers/virtio_rng.h"
#include "kernel/lib/kstring.h"
#include "kernel/lib/print.h"
#include "layout/kernel.capnp.layout.h"

namespace entropy {
namespace {

// -1 unknown, 0 none, 1 rdrand, 2 rdseed, 3 virtio-rng
int have = -1;
constexpr int kVirtio = 3;
constexpr int kRetries = 64;
bool cpu_rdseed = false, cpu_rdrand = false;

int detect() {
  uint32_t a, b, c, d;
  cpu::cpuid(7, 0, &a, &b, &c, &d);
  cpu_rdseed = b & (1 << 18);
  cpu::cpuid(1, 0, &a, &b, &c, &d);
  cpu_rdrand = c & (1 << 30);
  return cpu_rdseed ? 2 : cpu_rdrand ? 1 : 0;
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

void init() {
  have = detect();
  if (have == 0 && virtio_rng::init()) have = kVirtio;
  static const char* const kNames[] = {"none", "rdrand", "rdseed", "virtio-rng"};
  klog("entropy: %s (cpuid rdseed %d rdrand %d)%s", kNames[have], cpu_rdseed, cpu_rdrand,
       have ? "" : "; no virtio-rng device either: EntropySource.read answers notFound");
}

bool available() {
  if (have < 0) have = detect();
  if (have == kVirtio) return virtio_rng::ready();  // false once the device was disabled
  return have > 0;
}

bool fill(void* buf, size_t len) {
  if (!available()) return false;
  if (have == kVirtio) return virtio_rng::fill(buf, len);
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
}  // namespace

uint64_t EntropySource::interface_id() const {
  return L::kId;
}

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
  // Busy: the generator is exhausted for now; notFound: the device just
  // failed and was disabled, so there is no source any more.
  if (!entropy::fill(bytes, len)) {
    return entropy::available() ? abi::Error::kBusy : abi::Error::kNotFound;
  }
  wire::MessageBuilder b(ctx.result, ctx.result_cap);
  wire::StructBuilder r;
  b.initRoot<L::ReadResults>(&r);
  r.setData(L::ReadResults::kData, bytes, len);
  return finish_result(ctx, b);
}

}  // namespace kobj
