// Freestanding self-test of the guest Cap'n Proto path: encode a
// ProcessSpawner.spawn params message, decode it back, then decode hostile
// variants and require a typed kMalformedMessage (never an abort). Also
// touches the libc pieces kj relies on (printf formatting, strtod, heap).
#include <capnp/message.h>
#include <caprt/libc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libcaprt/capnp_glue.h"
#include "schema/kernel.capnp.h"

namespace {

using capos::schema::ProcessSpawner;
using Params = ProcessSpawner::SpawnParams;

int g_passed = 0;
int g_failed = 0;

void Check(bool ok, const char* what) {
  if (ok) {
    ++g_passed;
  } else {
    ++g_failed;
    printf("FAIL: %s\n", what);
  }
}

alignas(8) unsigned char g_wire[1024];
size_t g_wire_len = 0;

void BuildMessage() {
  capnp::MallocMessageBuilder builder;
  auto params = builder.initRoot<Params>();
  params.setName("chat");
  params.setBinary("chat-server");
  params.setHeapPages(64);
  auto grants = params.initGrants(2);
  grants[0].setName("console");
  grants[0].setCapIndex(3);
  grants[1].setName("timer");
  grants[1].setCapIndex(4);
  auto small = caprt::EncodeMessage(builder, g_wire, 16);
  Check(small.error == abi::Error::kResultTooSmall && small.length > 16, "encode: too small");
  auto enc = caprt::EncodeMessage(builder, g_wire, sizeof(g_wire));
  Check(enc.error == abi::Error::kOk && enc.length == small.length, "encode: fits");
  g_wire_len = enc.length;
}

caprt::DecodeResult DecodeCopy(const unsigned char* bytes, size_t len, bool* read_ran) {
  *read_ran = false;
  return caprt::Decode<Params>(bytes, len, [&](Params::Reader p) {
    *read_ran = true;
    // Touch every field: hostile pointers must be recorded, not fatal.
    (void)p.getName().size();
    (void)p.getBinary().size();
    for (auto g : p.getGrants()) (void)g.getName().size();
  });
}

void RoundTrip() {
  bool name_ok = false, grants_ok = false;
  auto r = caprt::Decode<Params>(g_wire, g_wire_len, [&](Params::Reader p) {
    name_ok = p.getName() == "chat" && p.getBinary() == "chat-server" && p.getHeapPages() == 64;
    auto g = p.getGrants();
    grants_ok = g.size() == 2 && g[0].getName() == "console" && g[0].getCapIndex() == 3 &&
                g[1].getName() == "timer";
  });
  Check(r.ok() && name_ok && grants_ok, "decode: round trip");

  // An unaligned copy of the same bytes decodes too (copied internally).
  static unsigned char shifted[1025];
  memcpy(shifted + 1, g_wire, g_wire_len);
  bool ran;
  Check(DecodeCopy(shifted + 1, g_wire_len, &ran).ok() && ran, "decode: unaligned buffer");
}

void Corrupt(const char* what, size_t len, void (*mutate)(unsigned char*), bool expect_read) {
  alignas(8) unsigned char buf[1024];
  memcpy(buf, g_wire, g_wire_len);
  mutate(buf);
  bool ran;
  auto r = DecodeCopy(buf, len, &ran);
  bool ok = r.error == abi::Error::kMalformedMessage && ran == expect_read;
  if (ok) printf("  %-34s -> kMalformedMessage (%s)\n", what, r.detail);
  Check(ok, what);
}

void PutLe32(unsigned char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

void Hostile() {
  // Segment table claims 5 segments but the buffer is one word long.
  Corrupt(
      "truncated segment table", 8, [](unsigned char* b) { PutLe32(b, 4); }, false);
  Corrupt(
      "segment larger than buffer", g_wire_len,
      [](unsigned char* b) { PutLe32(b + 4, 0x10000000); }, false);
  Corrupt(
      "buffer shorter than segment", g_wire_len - 8, [](unsigned char*) {}, false);
  Corrupt(
      "trailing bytes", g_wire_len + 8, [](unsigned char*) {}, false);
  // Root struct pointer (segment word 0) with an offset far past the end.
  Corrupt(
      "out-of-bounds root pointer", g_wire_len,
      [](unsigned char* b) { PutLe32(b + 8, 1000u << 2); }, true);
  // `name` (first pointer of the root struct, segment word 2): a byte list
  // claiming 2^29-1 elements.
  Corrupt(
      "list with a huge element count", g_wire_len,
      [](unsigned char* b) { PutLe32(b + 8 + 2 * 8 + 4, (0x1fffffffu << 3) | 2); }, true);
  // `grants` (third pointer, word 4) as a composite list with huge count.
  Corrupt(
      "composite list huge word count", g_wire_len,
      [](unsigned char* b) { PutLe32(b + 8 + 4 * 8 + 4, (0x1fffffffu << 3) | 7); }, true);
}

// sscanf: cJSON re-reads its "%1.15g" output with "%lg".
void Scan() {
  double d = 0;
  Check(sscanf("0.10000000000000001", "%lg", &d) == 1 && d == 0.1, "sscanf %lg");
  Check(sscanf("1e+300", "%lg", &d) == 1 && d > 0.99e300 && d < 1.01e300, "sscanf %lg exp");
  int a = 0, n = 0;
  unsigned x = 0;
  char word[8];
  Check(sscanf(" 12:ff rest", "%d:%x %7s%n", &a, &x, word, &n) == 3 && a == 12 && x == 255 &&
            strcmp(word, "rest") == 0 && n == 11,
        "sscanf %d:%x %s%n");
  Check(sscanf("12345", "%3d%d", &a, &n) == 2 && a == 123 && n == 45, "sscanf width");
  Check(sscanf("abc", "%d", &a) == 0, "sscanf matching failure");
  Check(sscanf("", "%d", &a) == EOF, "sscanf input failure is EOF");
  Check(sscanf("x=5", "x=%*d%n", &n) == 0 && n == 3, "sscanf suppression");
}

void Libc() {
  char buf[64];
  snprintf(buf, sizeof(buf), "%d|%5s|%-3x|%05.1f|%g|%.17g", -42, "ab", 255, 3.14159, 1e-5, 0.1);
  Check(strcmp(buf, "-42|   ab|ff |003.1|1e-05|0.10000000000000001") == 0, buf);
  Check(strtod("1.5e3", nullptr) == 1500.0, "strtod");
  Check(strtoull("0x10", nullptr, 0) == 16, "strtoull hex");
  Scan();
  size_t before = caprt_heap_used();
  void* p = malloc(100);
  void* q = realloc(p, 5000);
  Check(q != nullptr && caprt_heap_used() > before, "heap grows");
  free(q);
  Check(caprt_heap_used() == before, "heap returns to baseline");
  Check(malloc(size_t(1) << 40) == nullptr, "heap exhaustion returns null");
}

}  // namespace

extern "C" int caprt_selftest_main() {
  BuildMessage();
  RoundTrip();
  Hostile();
  Libc();
  printf("caprt_libc_selftest: %d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
