#include "services/lib/remote-session/bounds.h"

#include <string.h>

namespace remote_session {

bool Counter::TryAcquire() {
  if (used_ >= limit_) return false;
  ++used_;
  return true;
}

void Counter::Release() {
  if (used_ > 0) --used_;
}

int LoginRegistry::Find(const char* principal) const {
  for (uint32_t i = 0; i < kMaxPrincipals; ++i) {
    if (slots_[i].count != 0 && strcmp(slots_[i].principal, principal) == 0) return int(i);
  }
  return -1;
}

bool LoginRegistry::TryAcquire(const char* principal) {
  if (principal == nullptr || strlen(principal) > kMaxPrincipalBytes) return false;
  int i = Find(principal);
  if (i >= 0) {
    if (slots_[i].count >= limit_) return false;
    ++slots_[i].count;
    return true;
  }
  if (limit_ == 0) return false;
  for (Slot& s : slots_) {
    if (s.count == 0) {
      strcpy(s.principal, principal);
      s.count = 1;
      return true;
    }
  }
  return false;  // too many distinct principals logged in at once
}

void LoginRegistry::Release(const char* principal) {
  if (principal == nullptr) return;
  int i = Find(principal);
  if (i >= 0) --slots_[i].count;
}

uint32_t LoginRegistry::Count(const char* principal) const {
  if (principal == nullptr) return 0;
  int i = Find(principal);
  return i < 0 ? 0 : slots_[i].count;
}

}  // namespace remote_session
