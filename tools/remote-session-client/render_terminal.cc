// Terminal views for people: the `terminal list` table and one-line
// replies. Names and states come from the guest: printable() them.
#include <algorithm>
#include <vector>

#include "tools/remote-session-client/render.h"
#include "tools/remote-session-client/render_parts.h"

namespace rsclient::render {
namespace {

std::string pad(const std::string& s, size_t w) {
  return s.size() >= w ? s + " " : s + std::string(w - s.size() + 1, ' ');
}

}  // namespace

std::string terminal_table(capnp::List<rs::TerminalView>::Reader terminals) {
  if (terminals.size() == 0) return "no terminals";
  std::vector<std::vector<std::string>> rows = {
      {"ID", "NAME", "SIZE", "STATE", "OWNER", "FOLLOWERS", "SEQS", "PAUSED"}};
  for (auto t : terminals) {
    rows.push_back({std::to_string(t.getId()), printable(t.getName().cStr()),
                    std::to_string(t.getCols()) + "x" + std::to_string(t.getRows()),
                    printable(t.getState().cStr()), t.getOwnerAttached() ? "attached" : "-",
                    std::to_string(t.getFollowers()),
                    std::to_string(t.getOldestSeq()) + ".." + std::to_string(t.getNextSeq()),
                    t.getPaused() ? "paused" : "-"});
  }
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) line += i + 1 == r.size() ? r[i] : pad(r[i], width[i]);
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

std::string terminal_denial(rs::TerminalReply::Reader reply) {
  std::string t = "denied: " + printable(reply.getStatus().cStr());
  if (reply.getLimit() != 0) t += " (limit " + std::to_string(reply.getLimit()) + ")";
  return t;
}

std::string terminal_reply_text(rs::TerminalReply::Reader reply) {
  if (reply.getStatus() != "ok") return "terminal: " + terminal_denial(reply);
  if (reply.getTerminals().size() > 0) return terminal_table(reply.getTerminals());
  std::string t = "terminal: ok";
  if (reply.hasInfo()) {
    auto i = reply.getInfo();
    t += " " + printable(i.getName().cStr()) + " " + printable(i.getState().cStr());
  }
  if (reply.getMode().size() > 0) t += " mode=" + printable(reply.getMode().cStr());
  if (reply.getNextSeq() != 0) t += " nextSeq=" + std::to_string(reply.getNextSeq());
  return t;
}

}  // namespace rsclient::render
