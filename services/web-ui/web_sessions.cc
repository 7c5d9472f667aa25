#include "services/web-ui/web_sessions.h"

namespace web_ui {

namespace {

uint64_t AddSaturating(uint64_t a, uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

}  // namespace

SessionTable::SessionTable(WebSession* slots, size_t capacity, const SessionLimits& limits)
    : slots_(slots), capacity_(capacity), limits_(limits) {}

uint64_t SessionTable::ExpiresAt(const WebSession& e) const {
  if (!e.logged_in) return AddSaturating(e.since_ms, limits_.pre_auth_grace_ms);
  uint64_t idle = AddSaturating(e.last_ms, limits_.idle_ms);
  uint64_t absolute = AddSaturating(e.login_ms, limits_.absolute_ms);
  return idle < absolute ? idle : absolute;
}

Ended SessionTable::Free(WebSession* e, Ended::Why why) {
  Ended out;
  out.why = why;
  out.index = IndexOf(e);
  out.logged_in = e->logged_in;
  out.user = e->user;
  *e = WebSession{};  // the id and token bytes do not linger
  return out;
}

WebSession* SessionTable::Match(const Token& id) {
  WebSession* hit = nullptr;
  for (size_t i = 0; i < capacity_; ++i) {
    // No break: the time taken says nothing about where (or whether) it hit.
    bool eq = TokensEqual(slots_[i].id, id);
    if (slots_[i].used && eq) hit = &slots_[i];
  }
  return hit;
}

SessionTable::Created SessionTable::Create(uint64_t now_ms, const Token& id, const Token& csrf) {
  Created out;
  if (Match(id) != nullptr) {
    out.error = CreateError::kDuplicateId;
    return out;
  }
  WebSession* slot = nullptr;
  WebSession* expired = nullptr;
  WebSession* oldest_pre_auth = nullptr;
  for (size_t i = 0; i < capacity_ && slot == nullptr; ++i) {
    WebSession& e = slots_[i];
    if (!e.used) {
      slot = &e;
    } else if (now_ms >= ExpiresAt(e)) {
      if (expired == nullptr) expired = &e;
    } else if (!e.logged_in &&
               (oldest_pre_auth == nullptr || e.since_ms < oldest_pre_auth->since_ms)) {
      oldest_pre_auth = &e;
    }
  }
  if (slot == nullptr && expired != nullptr) {
    out.ended = Free(expired, Ended::Why::kExpired);
    slot = expired;
  } else if (slot == nullptr && oldest_pre_auth != nullptr) {
    out.ended = Free(oldest_pre_auth, Ended::Why::kEvicted);
    slot = oldest_pre_auth;
  }
  if (slot == nullptr) {
    out.error = CreateError::kTooManySessions;
    return out;
  }
  slot->used = true;
  slot->id = id;
  slot->csrf = csrf;
  slot->since_ms = now_ms;
  slot->last_ms = now_ms;
  out.entry = slot;
  return out;
}

SessionTable::Lookup SessionTable::Find(const Token& id, uint64_t now_ms) {
  Lookup out;
  WebSession* e = Match(id);
  if (e == nullptr) return out;
  if (now_ms >= ExpiresAt(*e)) {
    out.found = Found::kExpired;
    out.ended = Free(e, Ended::Why::kExpired);
    return out;
  }
  out.found = Found::kLive;
  out.entry = e;
  return out;
}

bool SessionTable::Rotate(WebSession* entry, const Token& new_id, const Token& new_csrf) {
  if (Match(new_id) != nullptr) return false;
  entry->id = new_id;
  entry->csrf = new_csrf;
  return true;
}

void SessionTable::MarkLoggedIn(WebSession* entry, uint64_t now_ms) {
  entry->logged_in = true;
  entry->login_ms = now_ms;
  entry->last_ms = now_ms;
}

void SessionTable::MarkLoggedOut(WebSession* entry, uint64_t now_ms) {
  entry->logged_in = false;
  entry->since_ms = now_ms;
  entry->login_ms = 0;
}

void SessionTable::Touch(WebSession* entry, uint64_t now_ms) {
  entry->last_ms = now_ms;
}

void SessionTable::Remove(WebSession* entry) {
  *entry = WebSession{};
}

bool SessionTable::Sweep(uint64_t now_ms, Ended* out) {
  for (size_t i = 0; i < capacity_; ++i) {
    if (slots_[i].used && now_ms >= ExpiresAt(slots_[i])) {
      *out = Free(&slots_[i], Ended::Why::kExpired);
      return true;
    }
  }
  return false;
}

uint64_t SessionTable::NextExpiryMs() const {
  uint64_t next = UINT64_MAX;
  for (size_t i = 0; i < capacity_; ++i) {
    if (!slots_[i].used) continue;
    uint64_t t = ExpiresAt(slots_[i]);
    if (t < next) next = t;
  }
  return next;
}

size_t SessionTable::used() const {
  size_t n = 0;
  for (size_t i = 0; i < capacity_; ++i) n += slots_[i].used ? 1 : 0;
  return n;
}

size_t SessionTable::logged_in() const {
  size_t n = 0;
  for (size_t i = 0; i < capacity_; ++i) n += slots_[i].used && slots_[i].logged_in ? 1 : 0;
  return n;
}

}  // namespace web_ui
