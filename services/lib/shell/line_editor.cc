// The line editor's keys and line buffer; drawing is in line_render.cc,
// Tab in line_complete.cc.
#include "services/lib/shell/line_editor.h"

#include <string.h>

#include "services/lib/shell/utf8.h"

namespace shell {

LineEditor::LineEditor(const Options& options) : options_(options), width_(1) {
  width_ = options.width == 0            ? 1
           : options.width > kMaxColumns ? uint32_t(kMaxColumns)
                                         : options.width;
}

bool LineEditor::Begin(TextRef prompt, Output* out) {
  if (out->room() < kMaxKeyOutput) return false;
  // Keep printable text and whole CSI sequences (colours); a stray control
  // would move the cursor behind the editor's back. The reset at the end
  // keeps the prompt's colours out of the line.
  static constexpr char kReset[] = "\x1b[0m";
  const size_t cap = kMaxPromptBytes - (sizeof(kReset) - 1);
  prompt_len_ = 0;
  bool styled = false;
  for (size_t i = 0; i < prompt.size;) {
    size_t end = i + 1;
    if (prompt.data[i] == 0x1b) {
      if (end < prompt.size && prompt.data[end] == '[') {
        for (++end; end < prompt.size && !(prompt.data[end] >= 0x40 && prompt.data[end] <= 0x7e);) {
          ++end;
        }
        if (end < prompt.size) ++end;
      }
      // Only SGR (ESC[...m): any other sequence could move the cursor.
      const bool sgr = end - i > 2 && prompt.data[end - 1] == 'm';
      if (sgr && IsCleanText(prompt.data + i + 1, end - i - 1) && prompt_len_ + (end - i) <= cap) {
        memcpy(prompt_ + prompt_len_, prompt.data + i, end - i);
        prompt_len_ += end - i;
        styled = true;
      }
    } else {
      end = Utf8Next(prompt.data, prompt.size, i);
      if (IsCleanText(prompt.data + i, end - i) && prompt_len_ + (end - i) <= cap) {
        memcpy(prompt_ + prompt_len_, prompt.data + i, end - i);
        prompt_len_ += end - i;
      }
    }
    i = end;
  }
  if (styled) {
    memcpy(prompt_ + prompt_len_, kReset, sizeof(kReset) - 1);
    prompt_len_ += sizeof(kReset) - 1;
  }
  prompt_cols_ = DisplayColumns(prompt_, prompt_len_);
  if (active_ && shown_) {
    GoToStart(drawn_cursor_ / width_, out);
  } else {
    out->Put('\r');
  }
  len_ = cursor_ = 0;
  history_pos_ = 0;
  active_ = true;
  drawn_cursor_ = drawn_end_ = 0;
  Draw(out);
  return true;
}

size_t LineEditor::Feed(const uint8_t* data, size_t size, Output* out, Event* event) {
  *event = Event::kNone;
  size_t used = 0;
  while (used < size && active_ && out->room() >= kMaxKeyOutput) {
    if (!shown_) Show(out);
    Key key;
    if (keys_.Feed(data[used++], &key)) HandleKey(key, out, event);
    if (*event != Event::kNone) break;
  }
  return used;
}

void LineEditor::HandleKey(const Key& key, Output* out, Event* event) {
  switch (key.code) {
    case KeyCode::kText:
      return Insert(key.text, key.size, out);
    case KeyCode::kEnter:
      return Finish(Event::kLine, out, event);
    case KeyCode::kTab:
      return Complete(out);
    case KeyCode::kBackspace:
      if (cursor_ > 0) Erase(Utf8Prev(line_, cursor_), cursor_, out);
      return;
    case KeyCode::kDelete:
      if (cursor_ < len_) Erase(cursor_, Utf8Next(line_, len_, cursor_), out);
      return;
    case KeyCode::kLeft:
      return MoveTo(Utf8Prev(line_, cursor_), out);
    case KeyCode::kRight:
      return MoveTo(Utf8Next(line_, len_, cursor_), out);
    case KeyCode::kHome:
      return MoveTo(0, out);
    case KeyCode::kEnd:
      return MoveTo(len_, out);
    case KeyCode::kWordLeft:
      return MoveTo(WordStartBefore(cursor_), out);
    case KeyCode::kWordRight:
      return MoveTo(WordEndAfter(cursor_), out);
    case KeyCode::kUp:
      return RecallHistory(1, out);
    case KeyCode::kDown:
      return RecallHistory(-1, out);
    case KeyCode::kCtrl:
      return HandleCtrl(key.ctrl, out, event);
    case KeyCode::kNone:
      return;
  }
}

void LineEditor::HandleCtrl(char c, Output* out, Event* event) {
  switch (c) {
    case 'a':
      return MoveTo(0, out);
    case 'b':
      return MoveTo(Utf8Prev(line_, cursor_), out);
    case 'c':
      PlaceCursor(drawn_end_, out);
      out->Put("^C", 2);
      return Finish(Event::kInterrupt, out, event);
    case 'd':
      if (len_ == 0) return Finish(Event::kEof, out, event);
      if (cursor_ < len_) Erase(cursor_, Utf8Next(line_, len_, cursor_), out);
      return;
    case 'e':
      return MoveTo(len_, out);
    case 'f':
      return MoveTo(Utf8Next(line_, len_, cursor_), out);
    case 'k':
      return Erase(cursor_, len_, out);
    case 'l':
      ClearScreen(out);
      drawn_cursor_ = drawn_end_ = 0;
      return Draw(out);
    case 'n':
      return RecallHistory(-1, out);
    case 'p':
      return RecallHistory(1, out);
    case 'u':
      return Erase(0, cursor_, out);
    case 'w':
      return Erase(WordStartBefore(cursor_), cursor_, out);
    default:
      return;  // unbound
  }
}

void LineEditor::Insert(const char* s, size_t n, Output* out) {
  if (len_ + n > kMaxLineBytes) return Bell(out);
  if (cursor_ == len_) {
    // Typing at the end, the common case: echo just the character.
    memcpy(line_ + len_, s, n);
    len_ += n;
    cursor_ = len_;
    return AppendDrawn(s, n, Utf8Columns(s, n), out);
  }
  memmove(line_ + cursor_ + n, line_ + cursor_, len_ - cursor_);
  memcpy(line_ + cursor_, s, n);
  len_ += n;
  cursor_ += n;
  Redraw(out);
}

void LineEditor::Erase(size_t from, size_t to, Output* out) {
  if (from >= to) return;
  memmove(line_ + from, line_ + to, len_ - to);
  len_ -= to - from;
  cursor_ = from;
  Redraw(out);
}

void LineEditor::MoveTo(size_t byte, Output* out) {
  cursor_ = byte;
  PlaceCursor(CursorColumns(), out);
}

// Words are runs of non-spaces (spaces are ASCII, so these stay on
// code point boundaries).
size_t LineEditor::WordStartBefore(size_t pos) const {
  while (pos > 0 && line_[pos - 1] == ' ') --pos;
  while (pos > 0 && line_[pos - 1] != ' ') --pos;
  return pos;
}

size_t LineEditor::WordEndAfter(size_t pos) const {
  while (pos < len_ && line_[pos] == ' ') ++pos;
  while (pos < len_ && line_[pos] != ' ') ++pos;
  return pos;
}

void LineEditor::RecallHistory(int direction, Output* out) {
  if (direction > 0 && history_pos_ >= history_.size()) return Bell(out);
  if (direction < 0 && history_pos_ == 0) return Bell(out);
  if (history_pos_ == 0) {  // leaving the line being typed: keep it
    memcpy(scratch_, line_, len_);
    scratch_len_ = len_;
  }
  history_pos_ = direction > 0 ? history_pos_ + 1 : history_pos_ - 1;
  const TextRef text =
      history_pos_ == 0 ? TextRef{scratch_, scratch_len_} : history_.Newest(history_pos_ - 1);
  memcpy(line_, text.data, text.size);
  len_ = cursor_ = text.size;
  Redraw(out);
}

void LineEditor::Finish(Event done, Output* out, Event* event) {
  FreshLine(out);
  if (done == Event::kLine) history_.Add(line());
  active_ = false;
  history_pos_ = 0;
  *event = done;
}

}  // namespace shell
