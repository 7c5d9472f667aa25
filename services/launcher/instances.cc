#include "services/launcher/instances.h"

namespace launcher {

bool Instances::Add(size_t profile, const caprt::Cap& handle) {
  if (profile >= kMaxProfiles || count_[profile] >= kMaxInstances) return false;
  rows_[profile][count_[profile]++] = handle;
  return true;
}

uint32_t Instances::Count(size_t profile) const {
  return profile < kMaxProfiles ? count_[profile] : 0;
}

}  // namespace launcher
