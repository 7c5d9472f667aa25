// Human text for the game views (AdventureView, PaperclipsView). A verb the
// game refused is a result, not a denial: its outcome name leads the first
// line so it cannot be mistaken for success.
#include <string>

#include "tools/remote-session-client/render.h"
#include "tools/remote-session-client/render_parts.h"

namespace rsclient::render {
namespace {

std::string outcome_line(capnp::Text::Reader outcome, capnp::Text::Reader message) {
  const std::string msg = printable(message.cStr());
  if (outcome == "ok") return msg.empty() ? "ok" : msg;
  return "[" + printable(outcome.cStr()) + "] " + msg + " (nothing changed)";
}

// "label: a, b" on its own line, or nothing for an empty list.
std::string list_line(const char* label, capnp::List<capnp::Text>::Reader items) {
  if (items.size() == 0) return "";
  return std::string("\n  ") + label + ": " + list_text(items);
}

}  // namespace

std::string money(uint64_t cents) {
  const std::string c = std::to_string(cents % 100);
  return "$" + std::to_string(cents / 100) + "." + (c.size() == 1 ? "0" + c : c);
}

std::string adventure_text(rs::AdventureView::Reader v) {
  std::string t = outcome_line(v.getOutcome(), v.getMessage());
  if (v.getRoom().size() > 0) {
    t += "\n  == " + printable(v.getRoom().cStr()) + " ==";
    if (v.getYou().size() > 0) t += "  (you are " + printable(v.getYou().cStr()) + ")";
    if (v.getDescription().size() > 0) t += "\n  " + printable(v.getDescription().cStr());
    t += "\n  exits: " + list_text(v.getExits());
  }
  t += list_line("items here", v.getItems());
  t += list_line("also here", v.getOthers());
  t += "\n  inventory: " + list_text(v.getInventory(), "nothing");
  t += "\n  score " + std::to_string(v.getScore()) + "/" + std::to_string(v.getMaxScore()) + ", " +
       std::to_string(v.getMoves()) + (v.getMoves() == 1 ? " move" : " moves") +
       (v.getWon() ? "  -- you have won!" : "");
  if (v.getHeard().size() > 0) {
    t += "\n  heard:";
    for (auto h : v.getHeard()) {
      t += "\n    " + printable(h.getFrom().cStr()) + ": " + printable(h.getText().cStr());
    }
  }
  if (v.getPlayers().size() > 0) {
    t += "\n  players:";
    for (auto p : v.getPlayers()) t += "\n    " + printable(p.cStr());
  }
  return t;
}

std::string paperclips_text(rs::PaperclipsView::Reader v) {
  std::string t = outcome_line(v.getOutcome(), v.getMessage());
  t += "\n  clips " + std::to_string(v.getClips()) + " (unsold " + std::to_string(v.getUnsold()) +
       "), wire " + std::to_string(v.getWire()) + " in, funds " + money(v.getFundsCents()) +
       ", price " + money(v.getPriceCents()) + ", demand " + std::to_string(v.getDemandPercent()) +
       "%";
  t += "\n  autoclippers " + std::to_string(v.getAutoclippers()) + " (next " +
       money(v.getAutoclipperCostCents()) + "), wire spool " + money(v.getWireCostCents()) +
       ", tick " + std::to_string(v.getTicks());
  if (v.getCommands().size() > 0) t += "\n  commands:";
  for (auto c : v.getCommands()) {
    std::string name = printable(c.getName().cStr());
    if (name.size() < 16) name.resize(16, ' ');
    t += "\n    " + name +
         (c.getEnabled() ? "enabled" : "not now: " + printable(c.getReason().cStr()));
  }
  if (v.getProjects().size() > 0) t += "\n  projects:";
  for (auto p : v.getProjects()) {
    const char* state = p.getDone() ? "done" : p.getAvailable() ? "available" : "not affordable";
    t += "\n    " + printable(p.getId().cStr()) + "  " + printable(p.getTitle().cStr()) + "  " +
         money(p.getCostCents()) + "  " + state + "  (" + printable(p.getEffect().cStr()) + ")";
  }
  return t;
}

}  // namespace rsclient::render
