#include "services/authority/backoff.h"

namespace authority {

uint64_t Backoff::remaining(const Entry& e, uint64_t now_ns) {
  if (!e.used || e.failures <= kFreeFailures) return 0;
  const uint32_t step = e.failures - 1 - kFreeFailures;
  const uint64_t delay = step >= 20 ? kMaxDelayNs : kBaseDelayNs << step;
  const uint64_t capped = delay > kMaxDelayNs ? kMaxDelayNs : delay;
  const uint64_t until = e.last_ns + capped;
  return now_ns >= until ? 0 : until - now_ns;
}

void Backoff::bump(Entry* e, uint64_t now_ns) {
  if (now_ns > e->last_ns && now_ns - e->last_ns > kForgetNs) e->failures = 0;
  if (e->failures != UINT32_MAX) ++e->failures;
  e->last_ns = now_ns;
}

Backoff::Entry* Backoff::victim(Entry* table) {
  Entry* oldest = &table[0];
  for (size_t i = 0; i < kBackoffSlots; ++i) {
    if (!table[i].used) return &table[i];
    if (table[i].last_ns < oldest->last_ns) oldest = &table[i];
  }
  return oldest;
}

const Backoff::Entry* Backoff::find_principal(Str p) const {
  if (p.empty()) return nullptr;
  for (const Entry& e : principals_) {
    if (e.used && e.principal.view() == p) return &e;
  }
  return nullptr;
}

const Backoff::Entry* Backoff::find_source(uint64_t s) const {
  for (const Entry& e : sources_) {
    if (e.used && e.source == s) return &e;
  }
  return nullptr;
}

uint64_t Backoff::blocked_for(Str principal, uint64_t now_ns) const {
  const Entry* p = find_principal(principal);
  return p ? remaining(*p, now_ns) : 0;
}

void Backoff::record_failure(Str principal, uint64_t source, uint64_t now_ns) {
  Entry* s = const_cast<Entry*>(find_source(source));
  if (s == nullptr) {
    s = victim(sources_);
    *s = Entry{};
    s->used = true;
    s->source = source;
    s->last_ns = now_ns;
  }
  bump(s, now_ns);
  if (principal.empty()) return;
  Entry* p = const_cast<Entry*>(find_principal(principal));
  if (p == nullptr) {
    p = victim(principals_);
    *p = Entry{};
    if (!p->principal.set(principal)) return;
    p->used = true;
    p->last_ns = now_ns;
  }
  bump(p, now_ns);
}

void Backoff::record_success(Str principal) {
  Entry* p = const_cast<Entry*>(find_principal(principal));
  if (p != nullptr) *p = Entry{};
}

uint32_t Backoff::principal_failures(Str principal) const {
  const Entry* p = find_principal(principal);
  return p ? p->failures : 0;
}

uint32_t Backoff::source_failures(uint64_t source) const {
  const Entry* s = find_source(source);
  return s ? s->failures : 0;
}

}  // namespace authority
