#include "services/lib/shell/layout.h"

#include "services/lib/shell/utf8.h"

namespace shell {
namespace {

void NewLine(Output* out, size_t indent) {
  out->Put("\r\n", 2);
  out->PutRepeat(' ', indent);
}

// Prints at most max_cols columns of text on one line (newlines and tabs as
// spaces); returns the columns printed.
size_t PutClipped(Output* out, TextRef text, size_t max_cols) {
  size_t cols = 0;
  for (size_t i = 0; i < text.size && cols < max_cols;) {
    SafeChar c;
    i = ReadSafeChar(text.data, text.size, i, &c);
    if (c.kind == SafeChar::Kind::kSkip) continue;
    if (c.kind == SafeChar::Kind::kPrint) {
      out->Put(c.bytes, c.size);
    } else {
      out->Put(' ');
    }
    ++cols;
  }
  return cols;
}

}  // namespace

size_t SafeColumns(TextRef text) {
  size_t cols = 0;
  for (size_t i = 0; i < text.size;) {
    SafeChar c;
    i = ReadSafeChar(text.data, text.size, i, &c);
    cols += c.kind != SafeChar::Kind::kSkip;
  }
  return cols;
}

size_t WrapText(Output* out, TextRef text, size_t width, size_t col, size_t indent) {
  if (width == 0) width = 1;
  if (indent >= width) indent = width - 1;  // leave every line one column of text
  bool space = false;                       // a space is owed before the next word
  bool line_start = true;                   // nothing printed on this line yet
  size_t i = 0;
  while (i < text.size) {
    SafeChar c;
    const size_t next = ReadSafeChar(text.data, text.size, i, &c);
    if (c.kind == SafeChar::Kind::kSkip) {
      i = next;
    } else if (c.kind == SafeChar::Kind::kSpace) {
      space = !line_start;
      i = next;
    } else if (c.kind == SafeChar::Kind::kNewline) {
      NewLine(out, indent);
      col = indent;
      space = false;
      line_start = true;
      i = next;
    } else {
      // A word: measure it, then break before it if it does not fit.
      size_t end = i, cols = 0;
      while (end < text.size) {
        SafeChar w;
        const size_t after = ReadSafeChar(text.data, text.size, end, &w);
        if (w.kind == SafeChar::Kind::kSpace || w.kind == SafeChar::Kind::kNewline) break;
        cols += w.kind == SafeChar::Kind::kPrint;
        end = after;
      }
      if (col + (space ? 1 : 0) + cols > width && col > indent) {
        NewLine(out, indent);
        col = indent;
      } else if (space) {
        out->Put(' ');
        ++col;
      }
      space = false;
      line_start = false;
      while (i < end) {
        i = ReadSafeChar(text.data, text.size, i, &c);
        if (c.kind != SafeChar::Kind::kPrint) continue;
        if (col >= width) {  // a word longer than the line: break it
          NewLine(out, indent);
          col = indent;
        }
        out->Put(c.bytes, c.size);
        ++col;
      }
    }
  }
  return col;
}

void PrintColumns(Output* out, const TextRef* items, size_t count, size_t width) {
  if (count == 0) return;
  if (width == 0) width = 1;
  size_t widest = 1;
  for (size_t i = 0; i < count; ++i) {
    const size_t w = SafeColumns(items[i]);
    if (w > widest) widest = w;
  }
  if (widest > width) widest = width;
  const size_t column = widest + 2;  // two spaces between columns
  size_t ncols = (width + 2) / column;
  if (ncols == 0) ncols = 1;
  const size_t nrows = (count + ncols - 1) / ncols;
  for (size_t r = 0; r < nrows; ++r) {
    for (size_t c = 0; c < ncols; ++c) {
      const size_t at = c * nrows + r;
      if (at >= count) break;
      const size_t printed = PutClipped(out, items[at], widest);
      if (at + nrows < count) out->PutRepeat(' ', column - printed);
    }
    out->Put("\r\n", 2);
  }
}

void PrintDefinition(Output* out, TextRef term, TextRef definition, size_t term_cols, size_t width,
                     Color term_color) {
  if (width == 0) width = 1;
  const bool side_by_side = width >= term_cols + 2 + 20;
  if (term_color != Color::kDefault) SetColor(out, term_color, true);
  size_t col = side_by_side ? PutClipped(out, term, width) : WrapText(out, term, width, 0, 0);
  if (term_color != Color::kDefault) ResetStyle(out);
  if (side_by_side) {
    const size_t indent = term_cols + 2;
    if (col + 2 > indent) {  // a term longer than its column: the text goes under it
      NewLine(out, indent);
    } else {
      out->PutRepeat(' ', indent - col);
    }
    WrapText(out, definition, width, indent, indent);
  } else {
    const size_t indent = width > 2 ? 2 : 0;
    NewLine(out, indent);
    WrapText(out, definition, width, indent, indent);
  }
  out->Put("\r\n", 2);
}

}  // namespace shell
