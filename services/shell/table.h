// A table of untrusted text cells that fits any width (caps, transcript):
// every column but the last is as wide as its widest cell, at most a
// quarter of the width (longer cells are cut), and the last column wraps
// under itself. When that leaves fewer than kMinLastColumns for the last
// column, each row prints as a block instead: the first cell bold, the
// others wrapped below it, indented. No row is ever wider than the width,
// so the terminal never wraps one by itself. No allocation.
#pragma once

#include <stddef.h>

#include "services/lib/shell/ansi.h"

namespace shell_app {

class Table {
 public:
  static constexpr size_t kMaxColumns = 5;
  static constexpr size_t kMaxRows = 80;
  static constexpr size_t kMinLastColumns = 16;

  // Starts a new table with these headers (static strings).
  void Reset(const char* const* headers, size_t columns);
  // Adds a row of `columns` cells; the cells' text must stay valid until
  // Print. Past kMaxRows rows are only counted.
  void AddRow(const shell::TextRef* cells);
  // Keeps a copy of a short text (a formatted number) for a cell.
  shell::TextRef Copy(const char* s, size_t n);
  void Print(shell::Output* out, size_t width) const;

 private:
  const char* const* headers_ = nullptr;
  size_t columns_ = 0;
  shell::TextRef cells_[kMaxRows][kMaxColumns];
  size_t rows_ = 0;
  size_t omitted_ = 0;
  char pool_[4096];
  size_t used_ = 0;
};

// Prints at most max_cols columns of untrusted text on one line (controls
// dropped, newlines and tabs as spaces); returns the columns printed.
size_t PutClipped(shell::Output* out, shell::TextRef text, size_t max_cols);

}  // namespace shell_app
