#include "services/shell/render.h"

#include "services/lib/shell/layout.h"
#include "services/shell/names.h"

namespace shell_app {
namespace {

namespace s = capos::schema;
using shell::Color;
using shell::Output;
using shell::TextRef;

TextRef Ref(capnp::Text::Reader t) {
  return TextRef{t.begin(), t.size()};
}
TextRef Ref(const LineBuf& b) {
  return TextRef{b.data(), b.size()};
}

void Definition(Output* out, const char* term, TextRef text, size_t width, size_t term_cols = 10) {
  shell::PrintDefinition(out, shell::Text(term), text, term_cols, width, Color::kCyan);
}

}  // namespace

void PutLine(Output* out, TextRef text, size_t width, size_t indent, Color color) {
  if (indent >= width) indent = width > 1 ? width - 1 : 0;
  out->PutRepeat(' ', indent);
  if (color != Color::kDefault) shell::SetColor(out, color);
  shell::WrapText(out, text, width, indent, indent + 2 < width ? indent + 2 : indent);
  if (color != Color::kDefault) shell::ResetStyle(out);
  out->Put("\r\n", 2);
}

void PutList(Output* out, const char* label, capnp::List<capnp::Text>::Reader items, size_t width,
             const char* none) {
  LineBuf b;
  b.Add(label).Add(": ");
  for (uint32_t i = 0; i < items.size(); ++i) b.Add(i == 0 ? "" : ", ").Add(items[i]);
  if (items.size() == 0) b.Add(none);
  PutLine(out, Ref(b), width, 2);
}

void RenderSession(Output* out, s::SessionView::Reader v, size_t width) {
  Definition(out, "principal", Ref(v.getPrincipal()), width);
  Definition(out, "class", Ref(v.getPrincipalClass()), width);
  Definition(out, "profile", Ref(v.getProfile()), width);
  Definition(out, "login", Ref(v.getAuthMethod()), width);
  Definition(out, "session", Ref(v.getSessionTag()), width);
  Definition(out, "live", shell::Text(v.getLive() ? "yes" : "no"), width);
}

void RenderServiceState(Output* out, s::ServiceStatus::Reader st, size_t width) {
  LineBuf b;
  b.Add(st.getProfile()).Add(" ").Add(ServiceStateName(st.getState())).Add(", ");
  b.Num(st.getProcesses()).Add(st.getProcesses() == 1 ? " process" : " processes");
  PutLine(out, Ref(b), width, 0, Color::kGreen);
  for (s::ExportDescriptor::Reader x : st.getExports()) {
    LineBuf e;
    e.Add("export ").Add(x.getCapName()).Add(" (").Add(x.getInterfaceName()).Add(")");
    PutLine(out, Ref(e), width, 2);
  }
}

void RenderService(Output* out, s::ServiceEntry::Reader e, size_t width) {
  size_t term = width / 4 < 16 ? width / 4 : 16;
  shell::PrintDefinition(out, Ref(e.getName()), Ref(e.getDescription()), term, width, Color::kCyan);
  LineBuf b;
  b.Add("state ").Add(ServiceStateName(e.getState()));
  if (e.getAvailable()) {
    b.Add(", available");
  } else {
    b.Add(", unavailable: ").Add(LaunchDenialName(e.getUnavailable()));
    if (e.getReason().size() > 0) b.Add(" (").Add(e.getReason()).Add(")");
  }
  PutLine(out, Ref(b), width, 2, e.getAvailable() ? Color::kDefault : Color::kYellow);
}

void RenderMethods(Output* out, s::CapSetEntry::Reader e, size_t width) {
  LineBuf head;
  head.Add(e.getName()).Add("  ").Add(e.getInterfaceName()).Add("  ").Add(e.getPolicy());
  PutLine(out, Ref(head), width, 0, Color::kGreen);
  if (e.getDescriptors().size() == 0) {
    PutList(out, "methods", e.getMethods(), width);
    return;
  }
  for (s::MethodDescriptor::Reader m : e.getDescriptors()) {
    LineBuf use;
    use.Add(m.getName());
    for (s::ParamDescriptor::Reader p : m.getParams()) use.Add(" <").Add(p.getName()).Add(">");
    LineBuf text;
    text.Add(m.getSummary());
    for (s::ParamDescriptor::Reader p : m.getParams()) {
      if (p.getType() != s::ParamType::ENUM) continue;
      text.Add(" (").Add(p.getName()).Add(":");
      for (capnp::Text::Reader v : p.getValues()) text.Add(" ").Add(v);
      text.Add(")");
    }
    const size_t term = width / 3 < 24 ? width / 3 : 24;
    shell::PrintDefinition(out, Ref(use), Ref(text), term, width, Color::kCyan);
  }
}

void RenderOutcome(Output* out, capnp::Text::Reader outcome, capnp::Text::Reader message,
                   size_t width) {
  if (outcome == "ok") {
    PutLine(out, message.size() > 0 ? Ref(message) : shell::Text("ok"), width);
    return;
  }
  LineBuf b;
  b.Add("[").Add(outcome).Add("] ").Add(message).Add(" (nothing changed)");
  PutLine(out, Ref(b), width, 0, Color::kYellow);
}

void RenderAdventure(Output* out, s::AdventureView::Reader v, size_t width) {
  RenderOutcome(out, v.getOutcome(), v.getMessage(), width);
  if (v.getRoom().size() > 0) {
    LineBuf room;
    room.Add("== ").Add(v.getRoom()).Add(" ==");
    if (v.getYou().size() > 0) room.Add("  (you are ").Add(v.getYou()).Add(")");
    PutLine(out, Ref(room), width, 2, Color::kBrightWhite);
    if (v.getDescription().size() > 0) PutLine(out, Ref(v.getDescription()), width, 2);
    PutList(out, "exits", v.getExits(), width);
  }
  if (v.getItems().size() > 0) PutList(out, "items here", v.getItems(), width);
  if (v.getOthers().size() > 0) PutList(out, "also here", v.getOthers(), width);
  PutList(out, "inventory", v.getInventory(), width, "nothing");
  LineBuf score;
  score.Add("score ").Num(v.getScore()).Add("/").Num(v.getMaxScore()).Add(", ").Num(v.getMoves());
  score.Add(v.getMoves() == 1 ? " move" : " moves").Add(v.getWon() ? "  -- you have won!" : "");
  PutLine(out, Ref(score), width, 2);
  for (s::ChatMessage::Reader h : v.getHeard()) {
    LineBuf b;
    b.Add(h.getFrom()).Add(": ").Add(h.getText());
    PutLine(out, Ref(b), width, 4);
  }
  if (v.getPlayers().size() > 0) PutList(out, "players", v.getPlayers(), width);
}

void RenderPaperclips(Output* out, s::PaperclipsView::Reader v, size_t width) {
  RenderOutcome(out, v.getOutcome(), v.getMessage(), width);
  LineBuf a;
  a.Add("clips ").Num(v.getClips()).Add(" (unsold ").Num(v.getUnsold()).Add("), wire ");
  a.Num(v.getWire()).Add(" in, funds ").Money(v.getFundsCents()).Add(", price ");
  a.Money(v.getPriceCents()).Add(", demand ").Num(v.getDemandPercent()).Add("%");
  PutLine(out, Ref(a), width, 2);
  LineBuf b;
  b.Add("autoclippers ").Num(v.getAutoclippers()).Add(" (next ").Money(v.getAutoclipperCostCents());
  b.Add("), wire spool ").Money(v.getWireCostCents()).Add(", tick ").Num(v.getTicks());
  PutLine(out, Ref(b), width, 2);
  for (s::CommandState::Reader c : v.getCommands()) {
    LineBuf t;
    if (c.getEnabled()) {
      t.Add("enabled");
    } else {
      t.Add("not now: ").Add(c.getReason());
    }
    shell::PrintDefinition(out, Ref(c.getName()), Ref(t), width / 4 < 16 ? width / 4 : 16, width);
  }
  for (s::ProjectView::Reader p : v.getProjects()) {
    LineBuf t;
    t.Add(p.getTitle()).Add(", ").Money(p.getCostCents()).Add(", ");
    t.Add(p.getDone() ? "done" : p.getAvailable() ? "available" : "not affordable");
    t.Add(" (").Add(p.getEffect()).Add(")");
    shell::PrintDefinition(out, Ref(p.getId()), Ref(t), width / 4 < 16 ? width / 4 : 16, width,
                           Color::kCyan);
  }
}

}  // namespace shell_app
