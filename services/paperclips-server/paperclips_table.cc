#include "services/paperclips-server/paperclips_table.h"

namespace paperclips {

Game* Table::Find(uint64_t session) {
  if (session == kNoSession) return nullptr;
  for (Slot& s : slots_) {
    if (s.used && s.session == session) return &s.game;
  }
  return nullptr;
}

Outcome Table::Open(uint64_t session, Game** game, bool* created) {
  *game = nullptr;
  *created = false;
  if (session == kNoSession) return Outcome::kNoSession;
  if (Game* g = Find(session)) {
    *game = g;
    return Outcome::kOk;
  }
  for (Slot& s : slots_) {
    if (s.used) continue;
    s.used = true;
    s.session = session;
    s.game = Game();
    ++count_;
    *game = &s.game;
    *created = true;
    return Outcome::kOk;
  }
  return Outcome::kTableFull;
}

bool Table::End(uint64_t session, Game* last) {
  if (session == kNoSession) return false;
  for (Slot& s : slots_) {
    if (!s.used || s.session != session) continue;
    if (last != nullptr) *last = s.game;
    s.used = false;
    s.session = 0;
    --count_;
    return true;
  }
  return false;
}

void Table::Advance(uint64_t ticks) {
  for (Slot& s : slots_) {
    if (s.used) paperclips::Advance(s.game, ticks);
  }
}

}  // namespace paperclips
