#include "services/paperclips-server/paperclips_view.h"

namespace paperclips {
namespace {

constexpr const char* kCommandNames[kCommandCount] = {"make", "setPrice", "buyWire",
                                                      "buyAutoclipper", "project"};

// The project command's reason names the cheapest project it could buy
// next, so a player sees how far away the next purchase is.
bool ProjectCommand(const Game& g, Line& why) {
  bool any = false;
  uint64_t cheapest = 0;
  for (uint32_t i = 0; i < kProjectCount; ++i) {
    ProjectState s = ProjectStateAt(g, i);
    if (s.available) return true;
    if (!s.listed || s.done) continue;
    uint64_t cost = ProjectAt(i).cost_cents;
    if (!any || cost < cheapest) cheapest = cost;
    any = true;
  }
  if (any) {
    why.Add("needs ").Money(cheapest);
  } else {
    why.Add("no project unlocked");
  }
  return false;
}

bool Affordable(const Game& g, uint64_t cost, Line& why) {
  if (g.funds_cents >= cost) return true;
  why.Add("needs ").Money(cost);
  return false;
}

}  // namespace

CommandState CommandAt(const Game& g, uint32_t i) {
  CommandState c{};
  c.name = kCommandNames[i < kCommandCount ? i : 0];
  Line why(c.reason, sizeof(c.reason));
  switch (i) {
    case 0:
      c.enabled = g.wire > 0;
      if (!c.enabled) why.Add("no wire");
      break;
    case 1:
      c.enabled = true;
      break;
    case 2:
      c.enabled = Affordable(g, g.wire_cost_cents, why);
      break;
    case 3:
      c.enabled = Affordable(g, g.autoclipper_cost_cents, why);
      break;
    case 4:
      c.enabled = ProjectCommand(g, why);
      break;
    default:
      why.Add("no such command");
      break;
  }
  return c;
}

ProjectState ProjectStateAt(const Game& g, uint32_t i) {
  ProjectState s{};
  s.done = ProjectDone(g, i);
  s.listed = s.done || ProjectUnlocked(g, i);
  s.available = s.listed && !s.done && g.funds_cents >= ProjectAt(i).cost_cents;
  return s;
}

}  // namespace paperclips
