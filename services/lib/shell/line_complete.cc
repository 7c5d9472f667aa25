// Tab: ask the Completer for candidates of the word before the cursor. One
// candidate replaces the word (plus a space); several extend it to their
// common prefix and are listed above a redrawn prompt; none rings the bell.
#include <string.h>

#include "services/lib/shell/layout.h"
#include "services/lib/shell/line_editor.h"
#include "services/lib/shell/utf8.h"

namespace shell {

void LineEditor::Complete(Output* out) {
  if (options_.completer == nullptr) return Bell(out);
  completions_.Reset(cursor_);
  options_.completer->Complete(line(), cursor_, &completions_);
  const size_t start = completions_.word_start();
  // A word start that is not a code point boundary before the cursor is
  // the completer's mistake; nothing is replaced.
  if (start > cursor_ || (start < len_ && IsUtf8Continuation(uint8_t(line_[start])))) {
    return Bell(out);
  }
  const size_t n = completions_.size();
  if (n == 0) return Bell(out);
  if (n == 1 && completions_.omitted() == 0) {
    const bool space = completions_.append_space() && (cursor_ == len_ || line_[cursor_] != ' ');
    return Replace(start, cursor_, completions_.at(0), space, out);
  }
  // The common prefix of a cut list may be longer than the whole list's.
  const size_t prefix = completions_.omitted() == 0 ? completions_.CommonPrefix() : 0;
  if (prefix > cursor_ - start) {
    Replace(start, cursor_, TextRef{completions_.at(0).data, prefix}, false, out);
  }
  ShowCompletions(out);
}

void LineEditor::Replace(size_t from, size_t to, TextRef text, bool space, Output* out) {
  const size_t add = text.size + (space ? 1 : 0);
  if (len_ - (to - from) + add > kMaxLineBytes) return Bell(out);
  memmove(line_ + from + add, line_ + to, len_ - to);
  memcpy(line_ + from, text.data, text.size);
  if (space) line_[from + text.size] = ' ';
  len_ = len_ - (to - from) + add;
  cursor_ = from + add;
  Redraw(out);
}

// The list goes below the line, which is then drawn again under it. The
// list is cut (whole items, "... N more") to stay within kMaxListOutput.
void LineEditor::ShowCompletions(Output* out) {
  size_t widest = 0;
  for (size_t i = 0; i < completions_.size(); ++i) {
    const size_t w = Utf8Columns(completions_.at(i).data, completions_.at(i).size);
    if (w > widest) widest = w;
  }
  // Each item prints at most its bytes plus its column's padding, and each
  // row adds "\r\n"; 128 bytes are kept for the "more" line.
  size_t shown = 0, bytes = 0;
  while (shown < completions_.size()) {
    const size_t item = completions_.at(shown).size + widest + 4;
    if (bytes + item > kMaxListOutput - 128) break;
    bytes += item;
    ++shown;
  }
  FreshLine(out);
  PrintColumns(out, completions_.items(), shown, width_);
  const size_t more = completions_.size() - shown + completions_.omitted();
  if (more > 0) {
    char text[32] = "... ";
    Output t(text + 4, sizeof(text) - 4);
    t.PutUint(uint32_t(more));
    t.PutStr(" more");
    WrapText(out, TextRef{text, 4 + t.size()}, width_, 0, 0);
    out->Put("\r\n", 2);
  }
  Draw(out);
}

}  // namespace shell
