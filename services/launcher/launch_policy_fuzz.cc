// libFuzzer target over launcher::Decide and CheckQuota: an arbitrary policy
// and request, both carved from the input, then a run of the instance table
// against a fake kernel. Checks that nothing reads out of bounds, that an
// allowed launch really matches its profile exactly, that the quota opens
// exactly below maxInstances, and that the table counts what a model counts.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout/kernel.capnp.layout.h"
#include "services/launcher/instances.h"
#include "services/launcher/launch_policy.h"

namespace {

struct Input {
  const uint8_t* p;
  size_t n;
  uint8_t Byte() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  // A short text drawn from a tiny alphabet so names collide often.
  launcher::Text Name() {
    static const char kAlpha[] = "abct-\0X";
    size_t len = Byte() % 6;
    char* s = static_cast<char*>(malloc(len + 1));
    for (size_t i = 0; i < len; ++i) s[i] = kAlpha[Byte() % (sizeof(kAlpha) - 1)];
    return launcher::Text{s, len};
  }
  uint64_t Interface() {
    static const uint64_t kIds[] = {capos::layout::Console::kId, capos::layout::Timer::kId,
                                    capos::layout::SessionCell::kId, 0};
    return kIds[Byte() % 4];
  }
};

void Free(launcher::Text t) {
  free(const_cast<char*>(t.data));
}

// Adds, ends and refreshes children of a few profiles; the model is the set
// of handles added and not yet released. Every handle is released once, only
// after its child ended, and a row never exceeds kMaxInstances.
void FuzzInstances(Input& in) {
  static launcher::Instances table;
  static bool ended[256];
  static uint8_t released[256];
  static int model[4];
  table = launcher::Instances();
  memset(ended, 0, sizeof(ended));
  memset(released, 0, sizeof(released));
  memset(model, 0, sizeof(model));
  uint32_t next = 0;
  for (int op = in.Byte() % 64; op > 0 && next < 256; --op) {
    const uint8_t b = in.Byte();
    const size_t profile = b % 4;
    if ((b >> 2) % 3 == 0) {
      caprt::Cap h;
      h.slot = next;
      if (table.Add(profile, h)) {
        ++next;
        ++model[profile];
      } else if (model[profile] < static_cast<int>(launcher::kMaxInstances)) {
        abort();  // refused with room left
      }
    } else if ((b >> 2) % 3 == 1) {
      ended[in.Byte() % 256] = true;
    } else {
      uint32_t live = table.Refresh(
          profile, [](const caprt::Cap& h) { return ended[h.slot]; },
          [&](const caprt::Cap& h) {
            if (!ended[h.slot] || released[h.slot]++ != 0) abort();
            --model[profile];
          });
      if (live != static_cast<uint32_t>(model[profile])) abort();
    }
    if (table.Count(profile) > launcher::kMaxInstances) abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static launcher::Policy policy;
  memset(&policy, 0, sizeof(policy));
  Input in{data, size};
  size_t profiles = in.Byte() % 4;
  for (size_t i = 0; i < profiles; ++i) {
    launcher::Text name = in.Name();
    launcher::Profile* p = launcher::AddProfile(&policy, name, 16);
    Free(name);
    if (p == nullptr) continue;
    p->max_instances = in.Byte() % 4;
    for (size_t b = in.Byte() % 3; b > 0; --b) {
      launcher::Text t = in.Name();
      launcher::AddBinary(p, t);
      Free(t);
    }
    for (size_t g = in.Byte() % 4; g > 0; --g) {
      launcher::Text t = in.Name();
      launcher::AddShape(p, t, in.Interface());
      Free(t);
    }
  }
  uint64_t sent[abi::kMaxTransferCaps];
  size_t sent_count = in.Byte() % (abi::kMaxTransferCaps + 1);
  for (size_t i = 0; i < sent_count; ++i) sent[i] = in.Interface();
  launcher::OfferedGrant grants[launcher::kMaxShapes + 2];
  launcher::Request r{};
  r.profile = in.Name();
  r.binary = in.Name();
  r.name = (in.Byte() & 1) ? in.Name() : launcher::Text{nullptr, 0};
  r.grant_count = in.Byte() % (launcher::kMaxShapes + 2);
  for (size_t i = 0; i < r.grant_count; ++i) grants[i] = {in.Name(), in.Byte() % 18u};
  r.grants = grants;
  r.sent_interfaces = sent;
  r.sent_count = sent_count;
  r.session_index = static_cast<int8_t>(in.Byte()) % 18;

  launcher::Decision d = launcher::Decide(policy, r);
  if (strnlen(d.message, sizeof(d.message)) == sizeof(d.message)) abort();  // not terminated
  if (d.allowed) {
    // Exactness: every shape supplied exactly once with its interface.
    if (d.profile == nullptr || r.grant_count != d.profile->shape_count) abort();
    for (size_t s = 0; s < d.profile->shape_count; ++s) {
      int found = 0;
      for (size_t i = 0; i < r.grant_count; ++i) {
        const char* n = d.profile->shapes[s].name;
        if (grants[i].name.size == strlen(n) && memcmp(grants[i].name.data, n, strlen(n)) == 0) {
          ++found;
          if (sent[grants[i].cap_index] != d.profile->shapes[s].interface_id) abort();
        }
      }
      if (found != 1) abort();
    }
    const uint32_t live = in.Byte() % 6;
    launcher::Decision q = launcher::CheckQuota(*d.profile, live);
    if (strnlen(q.message, sizeof(q.message)) == sizeof(q.message)) abort();
    const bool room = d.profile->max_instances == 0 || live < d.profile->max_instances;
    if (q.allowed != room) abort();
    if (!q.allowed && q.denial != launcher::Denial::kQuotaExceeded) abort();
  }
  Free(r.profile);
  Free(r.binary);
  Free(r.name);
  for (size_t i = 0; i < r.grant_count; ++i) Free(grants[i].name);
  FuzzInstances(in);
  return 0;
}
