#include "services/shell/table.h"

#include <string.h>

#include "services/lib/shell/layout.h"
#include "services/lib/shell/utf8.h"

namespace shell_app {
namespace {

using shell::Output;
using shell::TextRef;

size_t Min(size_t a, size_t b) {
  return a < b ? a : b;
}

}  // namespace

size_t PutClipped(Output* out, TextRef text, size_t max_cols) {
  size_t cols = 0;
  for (size_t i = 0; i < text.size && cols < max_cols;) {
    shell::SafeChar c;
    i = shell::ReadSafeChar(text.data, text.size, i, &c);
    if (c.kind == shell::SafeChar::Kind::kSkip) continue;
    if (c.kind == shell::SafeChar::Kind::kPrint) {
      out->Put(c.bytes, c.size);
    } else {
      out->Put(' ');
    }
    ++cols;
  }
  return cols;
}

void Table::Reset(const char* const* headers, size_t columns) {
  headers_ = headers;
  columns_ = Min(columns, kMaxColumns);
  rows_ = omitted_ = used_ = 0;
}

void Table::AddRow(const TextRef* cells) {
  if (rows_ == kMaxRows) {
    ++omitted_;
    return;
  }
  for (size_t c = 0; c < columns_; ++c) cells_[rows_][c] = cells[c];
  ++rows_;
}

TextRef Table::Copy(const char* s, size_t n) {
  if (n > sizeof(pool_) - used_) return TextRef{};
  char* at = pool_ + used_;
  memcpy(at, s, n);
  used_ += n;
  return TextRef{at, n};
}

void Table::Print(Output* out, size_t width) const {
  if (columns_ == 0) return;
  if (width == 0) width = 1;
  size_t widths[kMaxColumns] = {};
  size_t fixed = 0;  // columns taken before the last one, gaps included
  for (size_t c = 0; c + 1 < columns_; ++c) {
    widths[c] = shell::SafeColumns(shell::Text(headers_[c]));
    for (size_t r = 0; r < rows_; ++r) {
      const size_t w = shell::SafeColumns(cells_[r][c]);
      if (w > widths[c]) widths[c] = w;
    }
    widths[c] = Min(widths[c], width / 4 > 0 ? width / 4 : 1);
    fixed += widths[c] + 2;
  }
  if (fixed + kMinLastColumns > width) {
    // Too narrow for columns: one block per row.
    for (size_t r = 0; r < rows_; ++r) {
      shell::SetColor(out, shell::Color::kDefault, true);
      shell::WrapText(out, cells_[r][0], width, 0, 0);
      shell::ResetStyle(out);
      out->Put("\r\n", 2);
      for (size_t c = 1; c < columns_; ++c) {
        if (cells_[r][c].size == 0) continue;
        const size_t indent = width > 2 ? 2 : 0;
        out->PutRepeat(' ', indent);
        shell::WrapText(out, cells_[r][c], width, indent, indent);
        out->Put("\r\n", 2);
      }
    }
  } else {
    for (size_t r = 0; r <= rows_; ++r) {
      const bool header = r == 0;
      if (header) shell::SetColor(out, shell::Color::kDefault, true);
      for (size_t c = 0; c + 1 < columns_; ++c) {
        const TextRef cell = header ? shell::Text(headers_[c]) : cells_[r - 1][c];
        const size_t printed = PutClipped(out, cell, widths[c]);
        out->PutRepeat(' ', widths[c] - printed + 2);
      }
      const TextRef last =
          header ? shell::Text(headers_[columns_ - 1]) : cells_[r - 1][columns_ - 1];
      shell::WrapText(out, last, width, fixed, fixed);
      if (header) shell::ResetStyle(out);
      out->Put("\r\n", 2);
    }
  }
  if (omitted_ > 0) {
    char line[48] = "... ";
    size_t n = 4;
    char num[24];
    size_t k = 0;
    for (size_t v = omitted_; v != 0; v /= 10) num[k++] = char('0' + v % 10);
    while (k > 0) line[n++] = num[--k];
    memcpy(line + n, " more", 5);
    shell::WrapText(out, TextRef{line, n + 5}, width, 0, 0);
    out->Put("\r\n", 2);
  }
}

}  // namespace shell_app
