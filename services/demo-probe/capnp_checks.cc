// Guest-side Cap'n Proto hardening: a valid BootManifest, corrupted in
// several ways, must decode to kMalformedMessage (or, for random damage,
// decode either way) and never abort the process.
#include <string.h>

#include "libcaprt/runtime/clients/message.h"
#include "schema/boot_manifest.capnp.h"
#include "services/demo-probe/probe.h"

namespace probe {
namespace {

using Manifest = capos::schema::BootManifest;

alignas(8) uint64_t g_valid[128];
alignas(8) uint64_t g_work[128];
size_t g_valid_len = 0;

bool BuildValid() {
  capnp::MallocMessageBuilder b;
  auto services = b.initRoot<Manifest>().initServices(2);
  const char* names[] = {"alpha", "beta"};
  for (unsigned i = 0; i < 2; ++i) {
    services[i].setName(names[i]);
    services[i].setBinary(names[i]);
    services[i].setHeapPages(16);
    auto grants = services[i].initGrants(2);
    grants[0].setName("console");
    grants[0].setKind(Manifest::CapKind::CONSOLE);
    grants[1].setName("timer");
    grants[1].setKind(Manifest::CapKind::TIMER);
  }
  caprt::Result<size_t> n = caprt::SerializeTo(b, g_valid, sizeof(g_valid));
  g_valid_len = n.ok() ? n.value() : 0;
  return n.ok();
}

// Reads every field, as a consumer would; returns the decode status.
caprt::Status Walk(const void* data, size_t len) {
  return caprt::DecodeRoot<Manifest>(data, len, [](Manifest::Reader m) {
    size_t chars = 0;
    for (auto svc : m.getServices()) {
      chars += svc.getName().size() + svc.getBinary().size() + svc.getHeapPages();
      for (auto g : svc.getGrants()) chars += g.getName().size() + static_cast<size_t>(g.getKind());
    }
    (void)chars;
  });
}

// Copies the valid message, lets `corrupt` damage it, and expects malformed.
template <typename Fn>
void ExpectMalformed(Probe& p, const char* check, size_t len, Fn&& corrupt) {
  memcpy(g_work, g_valid, g_valid_len);
  corrupt(g_work);
  caprt::Status s = Walk(g_work, len);
  if (s.error() == abi::Error::kMalformedMessage) return p.Pass(check);
  p.Fail(check, "decoded as %s", caprt::ErrorName(s.error()));
}

}  // namespace

void RunCapnpChecks(Probe& p) {
  if (!BuildValid()) return p.Fail("capnp-build", "could not serialize the sample manifest");
  p.Check("capnp-valid", Walk(g_valid, g_valid_len).ok(), "the valid manifest did not decode");

  ExpectMalformed(p, "capnp-truncated", g_valid_len / 2, [](uint64_t*) {});
  ExpectMalformed(p, "capnp-empty", 0, [](uint64_t*) {});
  ExpectMalformed(p, "capnp-segment-count", g_valid_len,
                  [](uint64_t* m) { m[0] = (m[0] & ~uint64_t{0xffffffff}) | 0xfffe; });
  ExpectMalformed(p, "capnp-segment-size", g_valid_len,
                  [](uint64_t* m) { m[0] = (m[0] & 0xffffffffu) | (uint64_t{0x7fffffff} << 32); });
  // Root struct pointer offset far beyond the segment.
  ExpectMalformed(p, "capnp-root-offset", g_valid_len,
                  [](uint64_t* m) { m[1] = (m[1] & ~uint64_t{0xfffffffc}) | (0x1fffffffu << 2); });
  // Root replaced by a far pointer into a segment that does not exist.
  ExpectMalformed(p, "capnp-far-pointer", g_valid_len,
                  [](uint64_t* m) { m[1] = 2 | (uint64_t{7} << 32); });
  // services list: claim far more words than the segment holds. The root
  // struct has no data words, so its first pointer (services) is the first
  // word of its body.
  ExpectMalformed(p, "capnp-list-size", g_valid_len, [](uint64_t* m) {
    uint64_t& list = m[2];  // root body starts right after the root pointer
    list = (list & 0xffffffffu) | (uint64_t{7} << 32) | (uint64_t{0x1fffffff} << 35);
  });

  // Random damage: any outcome but an abort is acceptable, so reaching the
  // end of the loop is the check.
  uint64_t seed = 0x2545f4914f6cdd1d;
  int malformed = 0;
  for (int round = 0; round < 200; ++round) {
    memcpy(g_work, g_valid, g_valid_len);
    for (int k = 0; k < 4; ++k) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      reinterpret_cast<unsigned char*>(g_work)[(seed >> 33) % g_valid_len] ^= (seed >> 24) | 1;
    }
    if (Walk(g_work, g_valid_len).error() == abi::Error::kMalformedMessage) ++malformed;
  }
  p.Check("capnp-random-flips", malformed > 0, "200 corrupted messages all decoded cleanly");
}

}  // namespace probe
