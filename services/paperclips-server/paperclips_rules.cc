#include "services/paperclips-server/paperclips_rules.h"

namespace paperclips {
namespace {

// Thresholds are staggered so a new player meets one project every minute
// or so; the first one after ten clips made by hand.
constexpr ProjectSpec kProjects[kProjectCount] = {
    {"improved-autoclippers", "Improved AutoClippers", "autoclippers work 25% faster", 200, 10, 0,
     -1, ProjectEffect::kAutoclipperSpeed, 25},
    {"catchy-jingle", "Catchy Jingle", "demand +50%", 500, 50, 0, -1, ProjectEffect::kDemand, 50},
    {"wire-extrusion", "Wire Extrusion", "spools hold twice the wire", 1500, 0, 2, -1,
     ProjectEffect::kSpoolSize, 2},
    {"even-better-autoclippers", "Even Better AutoClippers", "autoclippers work 50% faster", 2500,
     500, 0, 0, ProjectEffect::kAutoclipperSpeed, 50},
    {"hypno-harmonics", "Hypno Harmonics", "demand +100%", 5000, 2000, 0, 1, ProjectEffect::kDemand,
     100},
};

bool SameId(const char* a, const char* b, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    if (a[i] == '\0' || a[i] != b[i]) return false;
  }
  return a[len] == '\0';
}

// xorshift32: a fixed, seedable walk, so the wire price is the same in
// every run and every test.
uint32_t NextRandom(uint32_t& s) {
  s ^= s << 13;
  s ^= s >> 17;
  s ^= s << 5;
  return s;
}

void DriftWirePrice(Game& g) {
  int64_t step = static_cast<int64_t>(NextRandom(g.rng) % (2 * kWireDriftMaxCents + 1)) -
                 static_cast<int64_t>(kWireDriftMaxCents);
  int64_t cost = static_cast<int64_t>(g.wire_cost_cents) + step;
  if (cost < static_cast<int64_t>(kMinWireCostCents)) cost = kMinWireCostCents;
  if (cost > static_cast<int64_t>(kMaxWireCostCents)) cost = kMaxWireCostCents;
  g.wire_cost_cents = static_cast<uint64_t>(cost);
}

void Tick(Game& g) {
  if (g.autoclippers > 0) {
    uint64_t f = g.made_fraction +
                 uint64_t{g.autoclippers} * kAutoclipperHundredths * uint64_t{g.speed_percent};
    uint64_t made = f / 10000;
    g.made_fraction = static_cast<uint32_t>(f % 10000);
    if (made > g.wire) {
      made = g.wire;
      g.made_fraction = 0;  // idle machines bank no progress
    }
    g.clips += made;
    g.unsold += made;
    g.wire -= made;
  }
  uint32_t f = g.sold_fraction + kBuyers * DemandPercent(g);
  uint64_t sold = f / 100;
  g.sold_fraction = f % 100;
  if (sold > g.unsold) {
    sold = g.unsold;
    g.sold_fraction = 0;  // buyers who found the shelf empty do not wait
  }
  g.unsold -= sold;
  g.funds_cents += sold * g.price_cents;
  ++g.ticks;
  if (g.ticks % kWireDriftTicks == 0) DriftWirePrice(g);
}

void NeedsFunds(uint64_t cents, Line& msg) {
  msg.Add("needs ").Money(cents);
}

void LockedReason(const Game& g, const ProjectSpec& p, Line& msg) {
  msg.Add(p.title).Add(" is locked: needs ");
  if (g.clips < p.min_clips) {
    msg.Add(p.min_clips).Add(" clips made");
  } else if (g.autoclippers < p.min_autoclippers) {
    msg.Add(uint64_t{p.min_autoclippers}).Add(" autoclippers");
  } else {
    msg.Add(kProjects[p.requires_done].title).Add(" first");
  }
}

}  // namespace

const ProjectSpec& ProjectAt(uint32_t i) {
  return kProjects[i < kProjectCount ? i : 0];
}

int FindProject(const char* id, size_t len) {
  for (uint32_t i = 0; i < kProjectCount; ++i) {
    if (SameId(kProjects[i].id, id, len)) return static_cast<int>(i);
  }
  return -1;
}

uint32_t DemandPercent(const Game& g) {
  uint64_t d = uint64_t{kDemandScale} * g.marketing_percent / 100 / g.price_cents;
  return d > 100 ? 100 : static_cast<uint32_t>(d);
}

bool ProjectDone(const Game& g, uint32_t i) {
  return i < kProjectCount && (g.projects_done & (1u << i)) != 0;
}

bool ProjectUnlocked(const Game& g, uint32_t i) {
  if (i >= kProjectCount) return false;
  const ProjectSpec& p = kProjects[i];
  if (g.clips < p.min_clips || g.autoclippers < p.min_autoclippers) return false;
  return p.requires_done < 0 || ProjectDone(g, static_cast<uint32_t>(p.requires_done));
}

void Advance(Game& g, uint64_t ticks) {
  for (uint64_t i = 0; i < ticks; ++i) Tick(g);
}

Outcome Make(Game& g, Line& msg) {
  if (g.wire == 0) {
    msg.Add("no wire: buy a spool");
    return Outcome::kNoWire;
  }
  --g.wire;
  ++g.clips;
  ++g.unsold;
  msg.Add("made clip #").Add(g.clips);
  return Outcome::kOk;
}

Outcome SetPrice(Game& g, uint32_t cents, Line& msg) {
  if (cents < kMinPriceCents || cents > kMaxPriceCents) {
    msg.Add("price must be ").Money(kMinPriceCents).Add(" to ").Money(kMaxPriceCents);
    return Outcome::kBadPrice;
  }
  g.price_cents = cents;
  msg.Add("price ").Money(cents).Add(": demand ").Add(uint64_t{DemandPercent(g)}).Add("%");
  return Outcome::kOk;
}

Outcome BuyWire(Game& g, Line& msg) {
  if (g.funds_cents < g.wire_cost_cents) {
    NeedsFunds(g.wire_cost_cents, msg);
    return Outcome::kInsufficientFunds;
  }
  g.funds_cents -= g.wire_cost_cents;
  g.wire += g.wire_per_spool;
  msg.Add("bought ").Add(uint64_t{g.wire_per_spool}).Add(" inches of wire for ");
  msg.Money(g.wire_cost_cents);
  return Outcome::kOk;
}

Outcome BuyAutoclipper(Game& g, Line& msg) {
  uint64_t cost = g.autoclipper_cost_cents;
  if (g.funds_cents < cost) {
    NeedsFunds(cost, msg);
    return Outcome::kInsufficientFunds;
  }
  g.funds_cents -= cost;
  ++g.autoclippers;
  // Each one costs 10% more plus $1, so output grows slower than spending.
  g.autoclipper_cost_cents = cost + cost / 10 + 100;
  msg.Add("bought autoclipper #").Add(uint64_t{g.autoclippers}).Add(" for ").Money(cost);
  return Outcome::kOk;
}

Outcome BuyProject(Game& g, const char* id, size_t len, Line& msg) {
  if (!IsValidId(id, len, kMaxProjectIdBytes)) {
    msg.Add("a project id is 1..").Add(uint64_t{kMaxProjectIdBytes}).Add(" printable bytes");
    return Outcome::kInvalidText;
  }
  int found = FindProject(id, len);
  if (found < 0) {
    msg.Add("no such project");
    return Outcome::kUnknownProject;
  }
  uint32_t i = static_cast<uint32_t>(found);
  const ProjectSpec& p = kProjects[i];
  if (ProjectDone(g, i)) {
    msg.Add(p.title).Add(" is already done");
    return Outcome::kProjectDone;
  }
  if (!ProjectUnlocked(g, i)) {
    LockedReason(g, p, msg);
    return Outcome::kProjectLocked;
  }
  if (g.funds_cents < p.cost_cents) {
    NeedsFunds(p.cost_cents, msg);
    return Outcome::kInsufficientFunds;
  }
  g.funds_cents -= p.cost_cents;
  g.projects_done |= 1u << i;
  switch (p.effect) {
    case ProjectEffect::kAutoclipperSpeed:
      g.speed_percent += p.amount;
      break;
    case ProjectEffect::kDemand:
      g.marketing_percent += p.amount;
      break;
    case ProjectEffect::kSpoolSize:
      g.wire_per_spool *= p.amount;
      break;
  }
  msg.Add(p.title).Add(" done: ").Add(p.effect_text);
  return Outcome::kOk;
}

}  // namespace paperclips
