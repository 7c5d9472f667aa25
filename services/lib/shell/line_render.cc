// The line editor's drawing. The prompt and the line are one region that
// starts at column 0 and wraps every `width` columns; a position `c`
// columns into it is at row c / width, column c % width of the region. The
// editor remembers where the cursor was drawn (drawn_cursor_) and moves
// from there with relative sequences only (CUU/CUD, CR, CUF), so it needs
// neither the screen size nor the cursor's absolute position, and scrolling
// cannot confuse it.
//
// One terminal subtlety: after a character in the last column the cursor
// stays on it with a pending wrap, and terminals differ on what moves do
// then. So whenever the region ends exactly at a row boundary, " \r" is
// written: the space wraps to the next row (which becomes part of the same
// soft-wrapped line, so reflowing terminals keep it with the region) and CR
// returns to its column 0. The cursor is then always where c / width says.
//
// FIXME: a region taller than the screen cannot be redrawn in place (the
// terminal stops CUU at its top row); at 80 columns that needs a line of
// about 24 x 80 bytes, beyond kMaxLineBytes, but a very narrow terminal
// gets there.
#include "services/lib/shell/line_editor.h"
#include "services/lib/shell/utf8.h"

namespace shell {

size_t LineEditor::CursorColumns() const {
  return prompt_cols_ + Utf8Columns(line_, cursor_);
}

void LineEditor::GoToStart(size_t rows_up, Output* out) {
  CursorUp(out, uint32_t(rows_up));
  out->Put('\r');
  drawn_cursor_ = drawn_end_ = 0;
}

void LineEditor::Draw(Output* out) {
  EraseBelow(out);
  drawn_cursor_ = drawn_end_ = 0;
  AppendDrawn(prompt_, prompt_len_, prompt_cols_, out);
  AppendDrawn(line_, len_, Utf8Columns(line_, len_), out);
  shown_ = true;
  PlaceCursor(CursorColumns(), out);
}

void LineEditor::Redraw(Output* out) {
  GoToStart(drawn_cursor_ / width_, out);
  Draw(out);
}

// Writes s (cols columns) at the region's end, where the cursor must be.
void LineEditor::AppendDrawn(const char* s, size_t n, size_t cols, Output* out) {
  if (n == 0) return;
  out->Put(s, n);
  drawn_end_ += cols;
  if (cols > 0 && drawn_end_ % width_ == 0) out->Put(" \r", 2);
  drawn_cursor_ = drawn_end_;
}

void LineEditor::PlaceCursor(size_t columns, Output* out) {
  const size_t from_row = drawn_cursor_ / width_, from_col = drawn_cursor_ % width_;
  const size_t to_row = columns / width_, to_col = columns % width_;
  if (to_row < from_row) CursorUp(out, uint32_t(from_row - to_row));
  if (to_row > from_row) CursorDown(out, uint32_t(to_row - from_row));
  if (to_col != from_col) {
    out->Put('\r');
    CursorForward(out, uint32_t(to_col));
  }
  drawn_cursor_ = columns;
}

// Leaves the cursor at column 0 of the row after the region, which is no
// longer the editor's. A region that ends at a row boundary leaves one
// blank row (the " \r" row) above it.
void LineEditor::FreshLine(Output* out) {
  PlaceCursor(drawn_end_, out);
  out->Put("\r\n", 2);
  drawn_cursor_ = drawn_end_ = 0;
  shown_ = false;
}

bool LineEditor::Resize(uint32_t width, Output* out) {
  if (out->room() < kMaxKeyOutput) return false;
  if (width == 0) width = 1;
  if (width > kMaxColumns) width = uint32_t(kMaxColumns);
  if (!active_ || !shown_) {
    width_ = width;
    return true;
  }
  // Where the region's start is now depends on what the terminal did to
  // the rows it had drawn (see ResizeModel).
  const size_t rows_up = options_.resize_model == ResizeModel::kKeepRows ? drawn_cursor_ / width_
                                                                         : drawn_cursor_ / width;
  width_ = width;
  GoToStart(rows_up, out);
  Draw(out);
  return true;
}

bool LineEditor::Hide(Output* out) {
  if (out->room() < kMaxKeyOutput) return false;
  if (active_ && shown_) {
    GoToStart(drawn_cursor_ / width_, out);
    EraseBelow(out);
    shown_ = false;
  }
  return true;
}

bool LineEditor::Show(Output* out) {
  if (out->room() < kMaxKeyOutput) return false;
  if (active_ && !shown_) {
    out->Put('\r');
    Draw(out);
  }
  return true;
}

}  // namespace shell
