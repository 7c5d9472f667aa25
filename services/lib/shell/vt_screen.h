// Test only: a tiny VT100 screen model, so tests assert what a user would
// see after each key rather than which bytes were sent. A grid of cells
// and a cursor interpreting the subset the shell emits: text with autowrap
// (and xterm's pending wrap in the last column), CR, LF (scrolling at the
// bottom), BEL, CUU/CUD/CUF/CUB, CUP, ED 0/2, EL 0, SGR, DECTCEM
// (ignored) and the alternate screen (CSI ?1049 h/l). Anything else is recorded in unknown(), which
// tests expect to stay empty. Rows remember whether they continue a soft wrap, so Resize can model
// both ResizeModels.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <string>
#include <vector>

#include "services/lib/shell/line_editor.h"

namespace shell::test {

class VtScreen {
 public:
  VtScreen(size_t cols, size_t rows);
  void Write(const char* s, size_t n);
  void Write(const std::string& s) { Write(s.data(), s.size()); }
  void Resize(size_t cols, ResizeModel model);

  // Row r as text: blanks inside are spaces, trailing blanks cut.
  std::string Row(size_t r) const;
  // Row r continues the row above (it was reached by autowrap).
  bool wrapped(size_t r) const { return grid_[r].wrapped; }
  // Nothing but blanks and spaces in row r.
  bool RowBlank(size_t r) const;
  // Every row, trailing empty rows cut.
  std::vector<std::string> Rows() const;
  // The code point at (r, c); 0 for a never-written or erased cell.
  uint32_t Cell(size_t r, size_t c) const;
  size_t cursor_row() const { return row_; }
  size_t cursor_col() const { return col_; }
  bool pending_wrap() const { return pending_; }
  size_t cols() const { return cols_; }
  size_t rows() const { return grid_.size(); }
  size_t bells() const { return bells_; }
  // Times text ran past the right margin onto the next row.
  size_t autowraps() const { return autowraps_; }
  size_t scrolled() const { return scrolled_; }
  const std::string& unknown() const { return unknown_; }
  bool alternate() const { return alternate_; }

 private:
  struct Line {
    std::vector<uint32_t> cells;  // shorter than cols_: the rest is blank
    bool wrapped = false;         // continues the row above (autowrap)
  };
  void Print(uint32_t cp);
  void LineFeed();
  void Csi(char final_byte);
  void EraseRow(size_t r, size_t from);
  void Reflow(size_t cols);
  void Alternate(bool on);

  size_t cols_;
  std::vector<Line> grid_;
  size_t row_ = 0, col_ = 0;
  bool pending_ = false;
  size_t bells_ = 0, scrolled_ = 0, autowraps_ = 0;
  std::string unknown_;
  // The normal screen while the alternate one is shown.
  bool alternate_ = false;
  std::vector<Line> saved_grid_;
  size_t saved_row_ = 0, saved_col_ = 0;
  // Parser state.
  enum class State { kGround, kEscape, kCsi } state_ = State::kGround;
  std::string params_;
  uint32_t utf8_cp_ = 0;
  int utf8_need_ = 0;
};

// Appends code point cp to s as UTF-8.
void AppendUtf8(std::string* s, uint32_t cp);

// Strips escape sequences (the prompt's colours) from s.
std::string Plain(const std::string& s);

// "" when the screen shows the editor's region as it should: `prompt`
// (plain text) and the line from column 0 of the region's start row, the
// cursor at cursor_columns() into it, and nothing after it on the screen.
// Otherwise a description of the first difference.
std::string CheckRegion(const VtScreen& screen, const LineEditor& editor,
                        const std::string& prompt);

// What a resize must keep: the screen above the editor's region, as rows
// cut to `width` columns (kKeepRows: the terminal cut them) or as
// soft-wrapped lines (kReflow: the terminal re-wrapped them).
std::vector<std::string> TextAbove(const VtScreen& screen, const LineEditor& editor,
                                   ResizeModel model, size_t width);
// "" when `after` (TextAbove after a resize and the editor's redraw) is
// `before` (TextAbove just before it, at the new width): nothing above the
// region was erased and no piece of the old region was left behind. Rows
// pushed off the top by a reflow may be missing from `after` (and from the
// start of its top line).
std::string CheckAboveKept(const std::vector<std::string>& before,
                           const std::vector<std::string>& after, ResizeModel model);

}  // namespace shell::test
