#include "services/authority/broker.h"

namespace authority {

BrokerResult remote_client_bundle(const Policy& policy, Str profile,
                                  BundleEntry (&out)[kMaxBundleEntries], size_t* count) {
  *count = 0;
  const Profile* p = policy.find_profile(profile);
  if (p == nullptr || p->retired) return BrokerResult::kNotFound;
  const bool launch_ok = p->launcher && may_launch(p->suits);
  for (uint8_t i = 0; i < p->cap_count && i < kMaxBundleEntries; ++i) {
    if (p->caps[i].kind == CapKind::kLauncher && !launch_ok) continue;
    out[(*count)++] = p->caps[i];
  }
  return BrokerResult::kOk;
}

}  // namespace authority
