#include "services/lib/tls-front/custody.h"

#include <stdlib.h>
#include <string.h>

#include "kernel-abi/abi.h"
#include "libcaprt/capnp_glue.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/boot_package.h"
#include "libcaprt/runtime/interfaces.h"
#include "psa/crypto.h"
#include "schema/keyvault.capnp.h"

// The image's writable data (linker/user.ld).
extern "C" char __data_start[], __image_end[];

namespace tls_front::custody {
namespace {

constexpr char kGrant[] = "custodyCheck";
constexpr int kMaxPatterns = 9;  // the canary and two byte orders of 4 keys
constexpr uint32_t kCanaryBytes = 32;

struct Pattern {
  uint64_t prefix = 0;
  uint8_t digest[32] = {};
  uint32_t length = 0;
  int key = -1;  // index into names_, or -1 for the canary
};

caprt::Console* console_ = nullptr;
const char* who_ = "";
Pattern patterns_[kMaxPatterns];
int count_ = 0;
char names_[4][32];
int keys_ = 0;
uint8_t* canary_ = nullptr;  // the heap copy every scan must find
int scans_ = 0;

bool Matches(const uint8_t* p, const Pattern& pat) {
  uint8_t digest[32];
  size_t len = 0;
  return psa_hash_compute(PSA_ALG_SHA_256, p, pat.length, digest, sizeof(digest), &len) ==
             PSA_SUCCESS &&
         memcmp(digest, pat.digest, sizeof(digest)) == 0;
}

// Counts, per pattern, the windows of [from, to) that match it.
uint64_t Scan(const uint8_t* from, const uint8_t* to, uint32_t* hits) {
  if (to <= from + 8) return 0;
  for (const uint8_t* p = from; p + 8 <= to; ++p) {
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    for (int i = 0; i < count_; ++i) {
      const Pattern& pat = patterns_[i];
      if (v == pat.prefix && p + pat.length <= to && Matches(p, pat)) ++hits[i];
    }
  }
  return uint64_t(to - from);
}

bool Add(uint64_t prefix, const uint8_t* digest, uint32_t length, int key) {
  if (count_ == kMaxPatterns || length < 8) return false;
  Pattern& p = patterns_[count_++];
  p.prefix = prefix;
  memcpy(p.digest, digest, sizeof(p.digest));
  p.length = length;
  p.key = key;
  return true;
}

bool Parse(const void* bytes, size_t size) {
  bool ok = true;
  caprt::DecodeResult r = caprt::Decode<capos::schema::CustodyCheck>(
      bytes, size, [&](capos::schema::CustodyCheck::Reader check) {
        auto canary = check.getCanary();
        if (canary.size() != kCanaryBytes) ok = false;
        if (!ok) return;
        // The canary's own print, made here: it is not secret.
        canary_ = static_cast<uint8_t*>(malloc(kCanaryBytes));
        if (canary_ == nullptr) {
          ok = false;
          return;
        }
        memcpy(canary_, canary.begin(), kCanaryBytes);
        uint8_t digest[32];
        size_t len = 0;
        uint64_t prefix;
        memcpy(&prefix, canary_, sizeof(prefix));
        ok = psa_hash_compute(PSA_ALG_SHA_256, canary_, kCanaryBytes, digest, 32, &len) ==
                 PSA_SUCCESS &&
             Add(prefix, digest, kCanaryBytes, -1);
        for (auto key : check.getKeys()) {
          if (!ok || keys_ == 4 || key.getPrefixes().size() != key.getDigests().size()) {
            ok = false;
            return;
          }
          strncpy(names_[keys_], key.getName().cStr(), sizeof(names_[keys_]) - 1);
          for (unsigned i = 0; ok && i < key.getPrefixes().size(); ++i) {
            auto d = key.getDigests()[i];
            ok = d.size() == 32 && Add(key.getPrefixes()[i], d.begin(), key.getLength(), keys_);
          }
          ++keys_;
        }
      });
  return ok && r.ok();
}

}  // namespace

void Load(caprt::Console& console, const char* who) {
  caprt::Result<caprt::Cap> cap = caprt::FindCap(kGrant, caprt::iface::kBootPackage);
  if (!cap.ok()) return;
  caprt::BootPackage res(cap.value());
  caprt::BootEntry entry;
  caprt::Result<size_t> n = res.List(&entry, 1);
  caprt::Result<void*> bytes =
      n.ok() && n.value() == 1 ? res.ReadAll(entry.name, entry.size) : caprt::Error::kNotFound;
  caprt::Release(cap.value());
  bool ok = bytes.ok() && Parse(bytes.value(), entry.size);
  if (bytes.ok()) free(bytes.value());
  if (!ok) {
    console.Printf("%s: custody check unreadable; no scans\n", who);
    count_ = 0;
    return;
  }
  console_ = &console;
  who_ = who;
  console.Printf("%s: custody check loaded: %d keys, canary planted\n", who, keys_);
}

void AfterHandshake() {
  if (console_ == nullptr || count_ == 0) return;
  uint32_t hits[kMaxPatterns] = {};
  const abi::CapSetHeader& h = caprt::MyCapSet().header();
  const auto* heap = reinterpret_cast<const uint8_t*>(h.heap_va);
  const auto* stack = reinterpret_cast<const uint8_t*>(abi::kStackTop);
  const auto* ring = reinterpret_cast<const uint8_t*>(abi::kRingVa);
  uint64_t bytes = Scan(reinterpret_cast<const uint8_t*>(__data_start),
                        reinterpret_cast<const uint8_t*>(__image_end), hits);
  bytes += Scan(heap, heap + h.heap_size, hits);
  bytes += Scan(stack - abi::kStackPages * abi::kPageSize, stack, hits);
  bytes += Scan(ring, ring + abi::kRingPages * abi::kPageSize, hits);
  uint32_t canary = 0;
  uint32_t per_key[4] = {};
  for (int i = 0; i < count_; ++i) {
    if (patterns_[i].key < 0) {
      canary += hits[i];
    } else {
      per_key[patterns_[i].key] += hits[i];
    }
  }
  ++scans_;
  for (int k = 0; k < keys_; ++k) {
    console_->Printf("%s: custody scan %d: %llu bytes, canary %u, key %s %u\n", who_, scans_,
                     (unsigned long long)bytes, canary, names_[k], per_key[k]);
  }
}

}  // namespace tls_front::custody
