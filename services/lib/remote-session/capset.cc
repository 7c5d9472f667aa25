#include "services/lib/remote-session/capset.h"

#include <string.h>

namespace remote_session {

bool CapSet::Load(const BundleEntry* entries, uint32_t count) {
  count_ = 0;
  bool all = true;
  for (uint32_t i = 0; i < count; ++i) {
    if (entries[i].name[0] == 0) continue;
    if (count_ == kMaxBundleEntries) {
      all = false;
      break;
    }
    entries_[count_] = entries[i];
    entries_[count_].name[kMaxCapNameBytes] = 0;  // the backend's copy may not be terminated
    ++count_;
  }
  return all;
}

LookupResult CapSet::Find(const char* name, size_t name_len, uint64_t interface_id,
                          uint32_t* index) const {
  for (uint32_t i = 0; i < count_; ++i) {
    const BundleEntry& e = entries_[i];
    if (strlen(e.name) != name_len || memcmp(e.name, name, name_len) != 0) continue;
    if (e.interface_id != interface_id) return LookupResult::kWrongInterface;
    *index = i;
    return LookupResult::kFound;
  }
  return LookupResult::kUnknownCap;
}

const char* InterfaceName(CapKind kind) {
  switch (kind) {
    case CapKind::kSession:
      return "UserSession";
    case CapKind::kSystemInfo:
      return "SystemInfo";
    case CapKind::kChat:
      return "Chat";
    case CapKind::kLauncher:
      return "Launcher";
  }
  return "unknown";
}

const char* PolicyName(uint32_t rights) {
  bool r = rights & kRightRead, w = rights & kRightWrite, c = rights & kRightControl;
  if (r && w && c) return "read-write-control";
  if (r && w) return "read-write";
  if (r && c) return "read-control";
  if (w && c) return "write-control";
  if (r) return "read";
  if (w) return "write";
  if (c) return "control";
  return "none";
}

bool MethodOfKind(CapKind kind, CallMethod m) {
  switch (kind) {
    case CapKind::kSession:
      return m == CallMethod::kSessionInfo;
    case CapKind::kSystemInfo:
      return m == CallMethod::kSystemMotd || m == CallMethod::kSystemBuildInfo;
    case CapKind::kChat:
      return m == CallMethod::kChatJoin || m == CallMethod::kChatLeave ||
             m == CallMethod::kChatSend || m == CallMethod::kChatWho || m == CallMethod::kChatPoll;
    case CapKind::kLauncher:
      return false;  // no remote call variants
  }
  return false;
}

bool MethodAllowed(CapKind kind, uint32_t rights, CallMethod m) {
  if (!MethodOfKind(kind, m)) return false;
  switch (m) {
    case CallMethod::kChatJoin:
    case CallMethod::kChatLeave:
    case CallMethod::kChatSend:
      return (rights & kRightWrite) != 0;
    default:
      return (rights & kRightRead) != 0;
  }
}

}  // namespace remote_session
