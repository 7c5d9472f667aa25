// The launcher's own copies of the ProcessHandles of the children it started
// for limited profiles (maxInstances > 0), by profile index: what it counts a
// profile's running children with. Bounded: kMaxInstances per profile (the
// profile loader keeps the sum within kMaxTracked). No kernel calls here:
// whether a child has ended is the caller's question to answer, so the table
// is host-tested and fuzzed with a fake.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "libcaprt/runtime/ring.h"
#include "services/launcher/launch_policy.h"

namespace launcher {

class Instances {
 public:
  // Forgets every kept handle of `profile` whose child has ended
  // (`ended(handle)` is true), passing it to `release(handle)`, and returns
  // how many are left: the profile's running children.
  template <typename Ended, typename Release>
  uint32_t Refresh(size_t profile, Ended&& ended, Release&& release) {
    if (profile >= kMaxProfiles) return 0;
    uint8_t kept = 0;
    for (uint8_t i = 0; i < count_[profile]; ++i) {
      const caprt::Cap h = rows_[profile][i];
      if (ended(h)) {
        release(h);
      } else {
        rows_[profile][kept++] = h;
      }
    }
    count_[profile] = kept;
    return kept;
  }

  // Keeps `handle` for `profile`; false (nothing kept) if the row is full.
  bool Add(size_t profile, const caprt::Cap& handle);
  uint32_t Count(size_t profile) const;

 private:
  caprt::Cap rows_[kMaxProfiles][kMaxInstances];
  uint8_t count_[kMaxProfiles] = {};
};

}  // namespace launcher
