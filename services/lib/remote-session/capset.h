// The CapSet view model: what a remote client sees of its bundle (names,
// interface ids, policy text, allowed call variants) and the lookup rules
// for capSetGet / call (unknownCap, wrongInterface, methodDenied).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/remote-session/codec.h"
#include "services/lib/remote-session/types.h"

namespace remote_session {

enum class LookupResult : uint8_t { kFound, kUnknownCap, kWrongInterface };

class CapSet {
 public:
  // Replaces the entries (at most kMaxBundleEntries; extra ones are dropped
  // and Load returns false). Entries with an empty name are skipped.
  bool Load(const BundleEntry* entries, uint32_t count);
  void Clear() { count_ = 0; }
  // A launched service's export joins the set (false: full, or the name is
  // taken); Remove takes it out again when the service stops.
  bool Add(const BundleEntry& e);
  void Remove(const char* name);

  uint32_t size() const { return count_; }
  const BundleEntry& At(uint32_t i) const { return entries_[i]; }

  // By name, then interface id. *index is set on kFound.
  LookupResult Find(const char* name, size_t name_len, uint64_t interface_id,
                    uint32_t* index) const;

 private:
  BundleEntry entries_[kMaxBundleEntries];
  uint32_t count_ = 0;
};

// The interface name shown for a kind ("UserSession", "SystemInfo", "Chat",
// "ServiceRunner", "Adventure", "Paperclips").
const char* InterfaceName(CapKind kind);
// "read", "read-write", "read-write-control", "write", "none", ...
const char* PolicyName(uint32_t rights);
// Whether `method` is a call on `kind` that `rights` allow.
bool MethodAllowed(CapKind kind, uint32_t rights, CallMethod method);
// Whether `method` belongs to `kind` at all (else it is methodDenied too,
// but logged differently).
bool MethodOfKind(CapKind kind, CallMethod method);

}  // namespace remote_session
