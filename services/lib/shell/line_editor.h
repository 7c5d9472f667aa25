// A terminal line editor as a state machine: input bytes in, the bytes that
// redraw the line out (ANSI/VT100), for a terminal of a given width that
// may change at any time. No allocation after construction, no exceptions,
// no std containers: it runs in the freestanding shell, one per terminal.
//
// Keys: text, Left/Right (Ctrl-B/F), Home/End (Ctrl-A/E and every common
// escape form), Backspace, Delete, Up/Down history (Ctrl-P/N), Ctrl-U/K/W
// kill to start / to end / the word before the cursor, Ctrl/Alt-arrows and
// Alt-b/f word moves, Ctrl-C (abandon: kInterrupt), Ctrl-D (kEof on an
// empty line, else delete), Ctrl-L (clear screen, redraw), Tab (complete),
// Enter (kLine). The line is always clean UTF-8 (no controls) of at most
// kMaxLineBytes; more is refused with a bell.
//
// Drawing: the prompt and line are redrawn as one region, moving relative
// to the cursor, so wrapping at any width is right (see line_render.cc).
// The region must start at column 0 (Begin and Show draw from the start of
// the cursor's line). Each input byte adds at most kMaxKeyOutput bytes.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/shell/ansi.h"
#include "services/lib/shell/bounds.h"
#include "services/lib/shell/completions.h"
#include "services/lib/shell/history.h"
#include "services/lib/shell/key_decoder.h"

namespace shell {

// What a terminal does to the editor's rows when its width changes. The
// editor cannot see it, and it decides where the prompt is afterwards.
enum class ResizeModel : uint8_t {
  // The rows holding the cursor's (wrapped) line are kept as they are:
  // xterm, and xterm.js (its default reflowCursorLine: false).
  kKeepRows,
  // Soft-wrapped lines, the cursor's included, are re-wrapped to the new
  // width (VTE, kitty, tmux).
  kReflow,
};

class LineEditor {
 public:
  enum class Event : uint8_t {
    kNone,
    kLine,       // Enter: line() is the finished line (added to history)
    kInterrupt,  // Ctrl-C: the line was abandoned
    kEof,        // Ctrl-D on an empty line
  };
  struct Options {
    uint32_t width = 80;
    ResizeModel resize_model = ResizeModel::kKeepRows;
    Completer* completer = nullptr;  // none: Tab rings the bell
  };
  // Completion lists are cut to this many bytes ("... N more").
  static constexpr size_t kMaxListOutput = 4096;
  static constexpr size_t kMaxRenderOutput = kMaxPromptBytes + kMaxLineBytes + 64;
  static constexpr size_t kMaxKeyOutput = 8192;
  // The worst byte: Show (a hidden line is drawn first), then Tab (the
  // word replaced, the list, the line drawn again).
  static_assert(kMaxKeyOutput >= kMaxListOutput + 3 * kMaxRenderOutput + 64, "budget");

  explicit LineEditor(const Options& options);

  // The calls below that take an Output write at most kMaxKeyOutput bytes
  // (per input byte, for Feed) and do nothing (false / 0) unless
  // out->room() is at least that.

  // Starts a line after `prompt`, of which only text and SGR colours are
  // kept, cut at kMaxPromptBytes. Draws from column 0 of the cursor's row;
  // a line still shown is replaced.
  bool Begin(TextRef prompt, Output* out);
  // Feeds input until an event, the end of the input, or too little room
  // in `out`; returns the bytes taken. Feed the rest again after an event
  // (and a new Begin) or after flushing `out`. Takes nothing between an
  // event and the next Begin.
  size_t Feed(const uint8_t* data, size_t size, Output* out, Event* event);
  // The terminal's new width; redraws. 0 is taken as 1.
  bool Resize(uint32_t width, Output* out);
  // Takes the line off the screen (the cursor goes to the region's start)
  // so the caller can print something (ending with "\r\n"), then Show
  // draws it again below. Feed shows a hidden line by itself.
  bool Hide(Output* out);
  bool Show(Output* out);

  bool active() const { return active_; }
  bool shown() const { return active_ && shown_; }
  TextRef line() const { return TextRef{line_, len_}; }
  size_t cursor() const { return cursor_; }  // byte offset in line()
  uint32_t width() const { return width_; }
  const History& history() const { return history_; }
  History& history() { return history_; }
  // Columns from the region's start to the cursor as drawn (for tests).
  size_t cursor_columns() const { return drawn_cursor_; }

 private:
  void HandleKey(const Key& key, Output* out, Event* event);
  void HandleCtrl(char c, Output* out, Event* event);
  void Insert(const char* s, size_t n, Output* out);
  void Erase(size_t from, size_t to, Output* out);
  void MoveTo(size_t byte, Output* out);
  void RecallHistory(int direction, Output* out);
  // line_complete.cc: Tab.
  void Complete(Output* out);
  void Replace(size_t from, size_t to, TextRef text, bool space, Output* out);
  void ShowCompletions(Output* out);
  void Finish(Event done, Output* out, Event* event);
  size_t WordStartBefore(size_t pos) const;
  size_t WordEndAfter(size_t pos) const;
  // line_render.cc: the region's geometry.
  size_t CursorColumns() const;
  void GoToStart(size_t rows_up, Output* out);
  void Draw(Output* out);  // from the region's start, the cursor there
  void Redraw(Output* out);
  void AppendDrawn(const char* s, size_t n, size_t cols, Output* out);
  void PlaceCursor(size_t columns, Output* out);
  void FreshLine(Output* out);

  Options options_;
  uint32_t width_;
  KeyDecoder keys_;
  History history_;
  Completions completions_;
  char prompt_[kMaxPromptBytes];
  size_t prompt_len_ = 0;
  size_t prompt_cols_ = 0;
  char line_[kMaxLineBytes];
  size_t len_ = 0;
  size_t cursor_ = 0;
  bool active_ = false;
  bool shown_ = false;
  // History browsing: 0 is the line being typed (saved in scratch_), k the
  // k-th newest entry.
  size_t history_pos_ = 0;
  char scratch_[kMaxLineBytes];
  size_t scratch_len_ = 0;
  // What is on screen: columns drawn from the region's start (prompt and
  // line) and the cursor's column offset from the start; its row is
  // drawn_cursor_ / width_.
  size_t drawn_end_ = 0;
  size_t drawn_cursor_ = 0;
};

}  // namespace shell
