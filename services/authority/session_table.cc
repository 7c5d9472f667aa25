#include "services/authority/session_table.h"

namespace authority {

int SessionTable::open(const Decision& d, uint64_t now_ns, uint64_t cell) {
  if (!d.allowed() || d.account() == nullptr || d.profile() == nullptr) return -1;
  for (size_t i = 0; i < kMaxSessions; ++i) {
    SessionRecord& s = slots_[i];
    if (s.used) continue;
    s = SessionRecord{};
    s.used = true;
    s.live = true;
    s.principal = d.account()->principal;
    s.cls = d.account()->cls;
    s.profile = d.profile()->name;
    s.profile_class = d.profile()->suits;
    s.method = d.audit().method;
    s.login_ns = now_ns;
    s.source_id = d.audit().source_id;
    s.connection_event = d.audit().connection_event;
    s.login_event = d.audit().event_id;
    s.cell = cell;
    return static_cast<int>(i);
  }
  return -1;
}

const SessionRecord* SessionTable::get(int slot) const {
  if (slot < 0 || static_cast<size_t>(slot) >= kMaxSessions || !slots_[slot].used) return nullptr;
  return &slots_[slot];
}

bool SessionTable::logout(int slot, uint64_t now_ns, uint64_t event_id, AuditRecord* audit) {
  const SessionRecord* cs = get(slot);
  if (cs == nullptr || !cs->live) return false;
  SessionRecord& s = slots_[slot];
  s.live = false;
  *audit = AuditRecord{};
  audit->event_id = event_id;
  audit->time_ns = now_ns;
  audit->what = AuditEvent::kLogout;
  audit->method = s.method;
  audit_copy(audit->principal, s.principal.view());
  audit_copy(audit->profile, s.profile.view());
  audit->source_id = s.source_id;
  audit->connection_event = s.connection_event;
  return true;
}

void SessionTable::release(int slot) {
  if (get(slot) != nullptr) slots_[slot] = SessionRecord{};
}

size_t SessionTable::live_count() const {
  size_t n = 0;
  for (const SessionRecord& s : slots_) n += s.used && s.live ? 1 : 0;
  return n;
}

}  // namespace authority
