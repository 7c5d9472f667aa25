// The Paperclips rules (README.md "Rules"): one game's state and every
// command and clock step that may change it. Pure and deterministic: no
// clock, no IPC, no allocation; time comes in as a count of ticks, so the
// server loop and the host tests drive it the same way.
//
// Every command checks all of its rules before it changes anything: a
// refused command leaves the game exactly as it was.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/paperclips-server/paperclips_text.h"

namespace paperclips {

// Values of Paperclips.Outcome (schema/paperclips.capnp; asserted in the
// codec).
enum class Outcome : uint16_t {
  kOk = 0,
  kNoWire = 1,
  kInsufficientFunds = 2,
  kBadPrice = 3,
  kUnknownProject = 4,
  kProjectLocked = 5,
  kProjectDone = 6,
  kNoSession = 7,
  kTableFull = 8,
  kNoGame = 9,
  kInvalidText = 10,
};

// Bounds shared with the schema (asserted in the codec).
inline constexpr uint32_t kMinPriceCents = 1;
inline constexpr uint32_t kMaxPriceCents = 1000;
inline constexpr uint32_t kMaxProjectIdBytes = 24;

// The starting game and the economy's constants (README.md "Rules").
inline constexpr uint64_t kStartWire = 1000;
inline constexpr uint32_t kStartPriceCents = 25;
inline constexpr uint32_t kStartWirePerSpool = 1000;
inline constexpr uint64_t kStartWireCostCents = 1500;
inline constexpr uint64_t kMinWireCostCents = 1000;
inline constexpr uint64_t kMaxWireCostCents = 3000;
inline constexpr uint64_t kWireDriftTicks = 20;      // the wire price moves every 5 s
inline constexpr uint32_t kWireDriftMaxCents = 100;  // by at most $1.00 either way
inline constexpr uint64_t kStartAutoclipperCostCents = 500;
inline constexpr uint32_t kBuyers = 4;         // each buys a clip with chance demand% per tick
inline constexpr uint32_t kDemandScale = 800;  // demand% = 800 * marketing% / 100 / price
// One autoclipper at 100% speed makes 25/100 of a clip per tick (1 per s).
inline constexpr uint32_t kAutoclipperHundredths = 25;

enum class ProjectEffect : uint8_t { kAutoclipperSpeed, kDemand, kSpoolSize };

struct ProjectSpec {
  const char* id;
  const char* title;
  const char* effect_text;
  uint64_t cost_cents;
  // Unlocked once every one of these holds; they only ever grow, so an
  // unlocked project stays unlocked.
  uint64_t min_clips;
  uint32_t min_autoclippers;
  int8_t requires_done;  // index into Projects(), or -1
  ProjectEffect effect;
  uint32_t amount;  // percent points for speed/demand; factor for spools
};

inline constexpr uint32_t kProjectCount = 5;
const ProjectSpec& ProjectAt(uint32_t i);
// Index of the project called id[0, len), or -1.
int FindProject(const char* id, size_t len);

struct Game {
  uint64_t clips = 0;  // made in total
  uint64_t unsold = 0;
  uint64_t wire = kStartWire;
  uint64_t funds_cents = 0;
  uint64_t ticks = 0;
  uint32_t price_cents = kStartPriceCents;
  uint32_t autoclippers = 0;
  uint64_t autoclipper_cost_cents = kStartAutoclipperCostCents;
  uint64_t wire_cost_cents = kStartWireCostCents;
  uint32_t wire_per_spool = kStartWirePerSpool;
  uint32_t speed_percent = 100;      // autoclipper speed
  uint32_t marketing_percent = 100;  // scales demand
  // Fractions carried between ticks, so output and sales follow their
  // rates exactly instead of by chance.
  uint32_t made_fraction = 0;  // of a clip, in 1/10000
  uint32_t sold_fraction = 0;  // of a clip, in 1/100
  uint32_t rng = 0x2545f491u;  // the wire price walk; the same in every game
  uint32_t projects_done = 0;  // bit i: ProjectAt(i) bought
};

// Percent chance per tick that one buyer buys one clip (0..100).
uint32_t DemandPercent(const Game& g);
bool ProjectUnlocked(const Game& g, uint32_t i);
bool ProjectDone(const Game& g, uint32_t i);

// Runs `ticks` clock steps: autoclippers make clips while wire lasts,
// buyers buy unsold clips at the current price, the wire price drifts.
void Advance(Game& g, uint64_t ticks);

// The commands. Each returns its outcome and writes the one-line message
// of the View into `msg`.
Outcome Make(Game& g, Line& msg);
Outcome SetPrice(Game& g, uint32_t cents, Line& msg);
Outcome BuyWire(Game& g, Line& msg);
Outcome BuyAutoclipper(Game& g, Line& msg);
// `id` is untrusted text (any bytes, any length).
Outcome BuyProject(Game& g, const char* id, size_t len, Line& msg);

}  // namespace paperclips
