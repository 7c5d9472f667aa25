// `paperclips play`: the full-screen Paperclips view. The alternate screen
// keeps the shell's scrollback as it was; every tick redraws the view in
// place from a (quiet) status call, at the terminal's current size, every
// row cut to the width. One key per verb; q or Ctrl-C restores the screen
// and the prompt.
#include "layout/paperclips.capnp.layout.h"
#include "schema/paperclips.capnp.h"
#include "services/shell/names.h"
#include "services/shell/render.h"
#include "services/shell/shell_session.h"

namespace shell_app {
namespace {

namespace s = capos::schema;
namespace L = capos::layout;
using shell::Color;
using shell::Output;
using shell::TextRef;

constexpr const char* kEnter = "\x1b[?1049h";
constexpr const char* kLeave = "\x1b[?1049l";
constexpr uint32_t kMessageRow = 9;
constexpr uint32_t kMinPriceCents = 1;
constexpr uint32_t kMaxPriceCents = 1000;
static_assert(kMaxPriceCents == s::Paperclips::MAX_PRICE_CENTS);

TextRef Ref(const LineBuf& b) {
  return TextRef{b.data(), b.size()};
}

}  // namespace

void ShellSession::StartPlay() {
  playing_ = true;
  play_keys_.Reset();
  PlayCall("status");
  if (alternate_) return;
  // Not even the first view (not launched, denied): a line like any other.
  playing_ = false;
  Room(1024);
  PutLine(&out_, TextRef{last_error_, last_error_len_}, width(), 0, Color::kRed);
  PutLine(&out_, shell::Text("paperclips: `launch paperclips` first, then `paperclips play`"),
          width(), 2);
}

void ShellSession::PlayCall(const char* verb, uint32_t price) {
  const bool status = verb[0] == 's' && verb[1] == 't';
  const Outcome o = CallCap(
      "paperclips", L::Paperclips::kId, status,
      [&](s::Call::Builder c) {
        s::Command::Builder cmd = c.initPaperclips();
        cmd.setVerb(verb);
        if (price == 0) return;
        char num[24];
        cmd.initArgs(1).set(0, capnp::Text::Reader(num, FormatUint(price, num)));
      },
      [&](s::Response::Reader r, Output* out) {
        if (!r.isCallResult() || !r.getCallResult().isPaperclips()) return;
        if (!alternate_) {
          out->PutStr(kEnter);
          shell::SetCursorVisible(out, false);
          shell::ClearScreen(out);
          alternate_ = true;
        }
        DrawPlay(out, r.getCallResult().getPaperclips());
      },
      false);
  if (o == Outcome::kOk || !alternate_ || done_) return;
  // A refused verb or a failed redraw: the view stays, the reason shows.
  Room(1024);
  PlayRow(&out_, kMessageRow, TextRef{last_error_, last_error_len_}, Color::kRed);
}

void ShellSession::PlayRow(Output* out, uint32_t row, TextRef text, Color color) {
  if (row >= rows_) return;
  shell::CursorTo(out, row, 0);
  if (color != Color::kDefault) shell::SetColor(out, color);
  PutClipped(out, text, cols_);
  if (color != Color::kDefault) shell::ResetStyle(out);
  shell::EraseLineRight(out);
}

void ShellSession::DrawPlay(Output* out, s::PaperclipsView::Reader v) {
  price_cents_ = v.getPriceCents();
  PlayRow(out, 0, shell::Text("Paperclips  (q quits)"), Color::kBrightWhite);
  PlayRow(out, 1, TextRef{});
  LineBuf a, b, c, d, e;
  a.Add("clips ").Num(v.getClips()).Add("  unsold ").Num(v.getUnsold());
  b.Add("wire ").Num(v.getWire()).Add(" in  funds ").Money(v.getFundsCents());
  c.Add("price ").Money(v.getPriceCents()).Add("  demand ").Num(v.getDemandPercent()).Add("%");
  d.Add("autoclippers ").Num(v.getAutoclippers()).Add(" (next ");
  d.Money(v.getAutoclipperCostCents()).Add(")");
  e.Add("wire spool ").Money(v.getWireCostCents()).Add("  tick ").Num(v.getTicks());
  PlayRow(out, 2, Ref(a));
  PlayRow(out, 3, Ref(b));
  PlayRow(out, 4, Ref(c));
  PlayRow(out, 5, Ref(d));
  PlayRow(out, 6, Ref(e));
  PlayRow(out, 7, TextRef{});
  PlayRow(out, 8, shell::Text("m make  w wire  a autoclipper  + - price  q quit"), Color::kCyan);
  LineBuf m;
  const bool ok = v.getOutcome() == "ok";
  if (!ok) m.Add("[").Add(v.getOutcome()).Add("] ");
  m.Add(v.getMessage());
  PlayRow(out, kMessageRow, Ref(m), ok ? Color::kDefault : Color::kYellow);
  uint32_t row = kMessageRow + 1;
  for (s::ProjectView::Reader p : v.getProjects()) {
    if (row >= rows_) break;
    LineBuf t;
    t.Add(p.getId()).Add("  ").Add(p.getTitle()).Add("  ").Money(p.getCostCents());
    t.Add(p.getDone() ? "  done" : p.getAvailable() ? "  available" : "");
    PlayRow(out, row++, Ref(t));
  }
  if (row < rows_) {
    shell::CursorTo(out, row, 0);
    shell::EraseBelow(out);
  }
}

void ShellSession::FeedPlay(const uint8_t* bytes, size_t size, size_t* used) {
  for (size_t i = 0; i < size; ++i) {
    shell::Key key;
    if (!play_keys_.Feed(bytes[i], &key)) continue;
    PlayKey(key);
    if (!playing_ || done_) {
      *used = i + 1;  // the rest is the line editor's again
      return;
    }
  }
  *used = size;
}

void ShellSession::PlayKey(const shell::Key& key) {
  if (key.code == shell::KeyCode::kCtrl) {
    if (key.ctrl == 'c') return EndPlay(true);
    if (key.ctrl == 'l') return PlayCall("status");
    return;
  }
  if (key.code != shell::KeyCode::kText || key.size != 1) return;
  switch (key.text[0]) {
    case 'q':
      return EndPlay(true);
    case 'm':
      return PlayCall("make");
    case 'w':
      return PlayCall("buyWire");
    case 'a':
      return PlayCall("buyAutoclipper");
    case '+':
      if (price_cents_ < kMaxPriceCents) PlayCall("setPrice", price_cents_ + 1);
      return;
    case '-':
      if (price_cents_ > kMinPriceCents) PlayCall("setPrice", price_cents_ - 1);
      return;
    case 's':
    case ' ':
      return PlayCall("status");
    default:
      return;
  }
}

void ShellSession::EndPlay(bool prompt) {
  playing_ = false;
  if (alternate_) {
    Room(64);
    shell::SetCursorVisible(&out_, true);
    out_.PutStr(kLeave);
    alternate_ = false;
  }
  if (prompt) Prompt();
}

}  // namespace shell_app
