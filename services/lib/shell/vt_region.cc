// Test only: the text helpers and checks of vt_screen.h.
#include <string>

#include "services/lib/shell/vt_screen.h"

namespace shell::test {
namespace {

std::u32string Decode(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const uint8_t b = uint8_t(s[i]);
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    uint32_t cp = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (uint8_t(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string At(size_t r, size_t c) {
  return " at row " + std::to_string(r) + " col " + std::to_string(c);
}

}  // namespace

void AppendUtf8(std::string* s, uint32_t cp) {
  if (cp < 0x80) {
    s->push_back(char(cp));
  } else if (cp < 0x800) {
    s->push_back(char(0xC0 | (cp >> 6)));
    s->push_back(char(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    s->push_back(char(0xE0 | (cp >> 12)));
    s->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    s->push_back(char(0x80 | (cp & 0x3F)));
  } else {
    s->push_back(char(0xF0 | (cp >> 18)));
    s->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
    s->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    s->push_back(char(0x80 | (cp & 0x3F)));
  }
}

std::string Plain(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != 0x1b) {
      out.push_back(s[i]);
    } else if (i + 1 < s.size() && s[i + 1] == '[') {
      for (i += 2; i < s.size() && !(s[i] >= 0x40 && s[i] <= 0x7e); ++i) {
      }
    } else {
      ++i;
    }
  }
  return out;
}

std::string CheckRegion(const VtScreen& screen, const LineEditor& editor,
                        const std::string& prompt) {
  if (!editor.shown()) return "";
  const size_t w = editor.width();
  if (screen.cols() != w) return "screen and editor widths differ";
  const TextRef line = editor.line();
  const std::u32string want = Decode(Plain(prompt) + std::string(line.data, line.size));
  const size_t cursor =
      Decode(Plain(prompt)).size() + Decode(std::string(line.data, editor.cursor())).size();
  if (editor.cursor_columns() != cursor) return "the editor's drawn cursor is stale";
  if (screen.pending_wrap()) return "the cursor is left in a pending wrap";
  if (screen.cursor_col() != cursor % w) {
    return "cursor at col " + std::to_string(screen.cursor_col()) + ", want " +
           std::to_string(cursor % w);
  }
  if (screen.cursor_row() < cursor / w) return "the region starts above the screen";
  const size_t start = screen.cursor_row() - cursor / w;
  for (size_t k = 0; k < want.size(); ++k) {
    const uint32_t got = screen.Cell(start + k / w, k % w);
    if (got != want[k]) {
      return "cell " + std::to_string(got) + ", want " + std::to_string(want[k]) +
             At(start + k / w, k % w);
    }
  }
  // Nothing after the region: the rest of its last row and every row below.
  const size_t last = start + want.size() / w;
  for (size_t c = want.size() % w; c < w && last < screen.rows(); ++c) {
    const uint32_t got = screen.Cell(last, c);
    if (got != 0 && got != ' ') return "leftover " + std::to_string(got) + At(last, c);
  }
  for (size_t r = last + 1; r < screen.rows(); ++r) {
    if (!screen.RowBlank(r)) return "leftover \"" + screen.Row(r) + "\"" + At(r, 0);
  }
  return "";
}

std::vector<std::string> TextAbove(const VtScreen& screen, const LineEditor& editor,
                                   ResizeModel model, size_t width) {
  std::vector<std::string> text;
  if (!editor.shown()) return text;
  const size_t rows_up = editor.cursor_columns() / editor.width();
  const size_t start = screen.cursor_row() >= rows_up ? screen.cursor_row() - rows_up : 0;
  std::vector<std::u32string> lines;
  for (size_t r = 0; r < start; ++r) {
    std::u32string row;
    for (size_t c = 0; c < screen.cols(); ++c) row.push_back(screen.Cell(r, c));
    if (model == ResizeModel::kKeepRows && row.size() > width) row.resize(width);
    // kReflow: a wrapped row continues the line above.
    if (model == ResizeModel::kKeepRows || !screen.wrapped(r) || lines.empty())
      lines.emplace_back();
    lines.back() += row;
  }
  for (std::u32string& line : lines) {
    while (!line.empty() && (line.back() == 0 || line.back() == ' ')) line.pop_back();
    text.emplace_back();
    for (char32_t cp : line) AppendUtf8(&text.back(), cp ? cp : ' ');
  }
  // The region must start a line of its own, or a reflow would join it to
  // the text above.
  if (model == ResizeModel::kReflow && start < screen.rows() && screen.wrapped(start)) {
    text.push_back("<region continues the line above>");
  }
  return text;
}

std::string CheckAboveKept(const std::vector<std::string>& before,
                           const std::vector<std::string>& after, ResizeModel model) {
  if (after.size() > before.size()) {
    return "text above the region grew from " + std::to_string(before.size()) + " to " +
           std::to_string(after.size()) + " entries: " + after.back();
  }
  if (model == ResizeModel::kKeepRows && after.size() != before.size()) {
    return "rows above the region were erased";
  }
  for (size_t i = 1; i <= after.size(); ++i) {
    const std::string& a = after[after.size() - i];
    const std::string& b = before[before.size() - i];
    // The top line may have lost its first rows off the top of the screen.
    const bool top = i == after.size();
    if (a != b &&
        !(top && b.size() > a.size() && b.compare(b.size() - a.size(), a.size(), a) == 0)) {
      return "above the region: \"" + after[after.size() - i] + "\", was \"" +
             before[before.size() - i] + "\"";
    }
  }
  return "";
}

}  // namespace shell::test
