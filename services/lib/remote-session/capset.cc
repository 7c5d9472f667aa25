#include "services/lib/remote-session/capset.h"

#include <string.h>

namespace remote_session {

bool CapSet::Add(const BundleEntry& e) {
  if (count_ == kMaxBundleEntries || e.name[0] == 0) return false;
  uint32_t ignored = 0;
  if (Find(e.name, strlen(e.name), e.interface_id, &ignored) != LookupResult::kUnknownCap)
    return false;
  entries_[count_] = e;
  entries_[count_].name[kMaxCapNameBytes] = 0;
  ++count_;
  return true;
}

void CapSet::Remove(const char* name) {
  for (uint32_t i = 0; i < count_; ++i) {
    if (strcmp(entries_[i].name, name) != 0) continue;
    for (uint32_t k = i + 1; k < count_; ++k) entries_[k - 1] = entries_[k];
    --count_;
    return;
  }
}

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
      return "ServiceRunner";
    case CapKind::kAdventure:
      return "Adventure";
    case CapKind::kPaperclips:
      return "Paperclips";
    case CapKind::kTerminal:
      return "TerminalManager";
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
      return false;  // its methods are requests of their own (serviceLaunch, ...)
    case CapKind::kAdventure:
      return m == CallMethod::kAdventure;
    case CapKind::kPaperclips:
      return m == CallMethod::kPaperclips;
    case CapKind::kTerminal:
      return IsTerminalMethod(m);
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
    case CallMethod::kAdventure:
    case CallMethod::kPaperclips:
      return rights != 0;  // each verb's own rights are checked with its descriptor
    case CallMethod::kTerminalOpen:
    case CallMethod::kTerminalWrite:
    case CallMethod::kTerminalResize:
    case CallMethod::kTerminalClose:
      return (rights & kRightWrite) != 0;  // attach as owner: checked with its mode
    default:
      return (rights & kRightRead) != 0;
  }
}

}  // namespace remote_session
