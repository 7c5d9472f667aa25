// The server's games, one per caller session. A game is keyed only by the
// caller-session reference the kernel puts in the RECV header; nothing a
// caller sends can name or reach another session's game. Fixed size, no
// allocation.
#pragma once

#include <stdint.h>

#include "services/paperclips-server/paperclips_rules.h"

namespace paperclips {

inline constexpr uint32_t kMaxGames = 16;
// One tick of every game's clock (Paperclips.tickMs).
inline constexpr uint32_t kTickMs = 250;
// The RECV header's value for a caller bound to no session.
inline constexpr uint64_t kNoSession = 0;

class Table {
 public:
  // The session's game, created on its first call. kNoSession for session
  // 0, kTableFull when all kMaxGames are in use; *game is then null.
  // *created says whether this call made the game (for the log).
  Outcome Open(uint64_t session, Game** game, bool* created);
  // The session's game or null; never creates one.
  Game* Find(uint64_t session);
  // Removes the session's game, copying its last state to *last; false if
  // it had none.
  bool End(uint64_t session, Game* last);
  // Runs the clock of every game.
  void Advance(uint64_t ticks);
  uint32_t count() const { return count_; }

 private:
  struct Slot {
    bool used = false;
    uint64_t session = 0;
    Game game;
  };
  Slot slots_[kMaxGames];
  uint32_t count_ = 0;
};

}  // namespace paperclips
