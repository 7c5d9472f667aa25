#include "services/lib/shell/vt_screen.h"

#include <stdlib.h>

namespace shell::test {
VtScreen::VtScreen(size_t cols, size_t rows) : cols_(cols ? cols : 1), grid_(rows ? rows : 1) {}

void VtScreen::Write(const char* s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const uint8_t b = uint8_t(s[i]);
    if (state_ == State::kEscape) {
      if (b == '[') {
        state_ = State::kCsi;
        params_.clear();
      } else {
        unknown_ += "ESC ";
        unknown_.push_back(char(b));
        state_ = State::kGround;
      }
    } else if (state_ == State::kCsi) {
      if (b >= 0x40 && b <= 0x7E) {
        state_ = State::kGround;
        Csi(char(b));
      } else {
        params_.push_back(char(b));
      }
    } else if (utf8_need_ > 0) {
      utf8_cp_ = (utf8_cp_ << 6) | (b & 0x3F);
      if (--utf8_need_ == 0) Print(utf8_cp_);
    } else if (b >= 0xF0) {
      utf8_cp_ = b & 0x07, utf8_need_ = 3;
    } else if (b >= 0xE0) {
      utf8_cp_ = b & 0x0F, utf8_need_ = 2;
    } else if (b >= 0xC0) {
      utf8_cp_ = b & 0x1F, utf8_need_ = 1;
    } else if (b == 0x1b) {
      state_ = State::kEscape;
    } else if (b == '\r') {
      col_ = 0;
      pending_ = false;
    } else if (b == '\n') {
      LineFeed();
    } else if (b == '\a') {
      ++bells_;
    } else if (b < 0x20 || b == 0x7f || b >= 0x80) {
      unknown_ += "byte " + std::to_string(b) + " ";
    } else {
      Print(b);
    }
  }
}

void VtScreen::Print(uint32_t cp) {
  if (pending_) {
    pending_ = false;
    col_ = 0;
    LineFeed();
    grid_[row_].wrapped = true;
    ++autowraps_;
  }
  std::vector<uint32_t>& cells = grid_[row_].cells;
  if (cells.size() <= col_) cells.resize(col_ + 1, 0);
  cells[col_] = cp;
  if (col_ + 1 == cols_) {
    pending_ = true;
  } else {
    ++col_;
  }
}

void VtScreen::LineFeed() {
  pending_ = false;
  if (row_ + 1 < grid_.size()) {
    ++row_;
    return;
  }
  grid_.erase(grid_.begin());
  grid_.push_back(Line{});
  ++scrolled_;
}

void VtScreen::EraseRow(size_t r, size_t from) {
  if (grid_[r].cells.size() > from) grid_[r].cells.resize(from);
}

void VtScreen::Csi(char final_byte) {
  const bool priv = !params_.empty() && params_[0] == '?';
  const std::string p = priv ? params_.substr(1) : params_;
  const size_t semi = p.find(';');
  const int p0 = atoi(p.substr(0, semi).c_str());
  const int p1 = semi == std::string::npos ? 0 : atoi(p.substr(semi + 1).c_str());
  const size_t n = p0 > 0 ? size_t(p0) : 1;
  if (priv) {
    if (p == "25" && (final_byte == 'h' || final_byte == 'l')) return;
    if (p == "1049" && (final_byte == 'h' || final_byte == 'l')) {
      return Alternate(final_byte == 'h');
    }
    unknown_ += "CSI ?" + p + final_byte + " ";
    return;
  }
  switch (final_byte) {
    case 'A':
      row_ = row_ >= n ? row_ - n : 0;
      break;
    case 'B':
      row_ = row_ + n < grid_.size() ? row_ + n : grid_.size() - 1;
      break;
    case 'C':
      col_ = col_ + n < cols_ ? col_ + n : cols_ - 1;
      break;
    case 'D':
      col_ = col_ >= n ? col_ - n : 0;
      break;
    case 'H':
      row_ = p0 > 0 ? size_t(p0) - 1 : 0;
      col_ = p1 > 0 ? size_t(p1) - 1 : 0;
      if (row_ >= grid_.size()) row_ = grid_.size() - 1;
      if (col_ >= cols_) col_ = cols_ - 1;
      break;
    case 'J':
      if (p0 == 0) {
        EraseRow(row_, col_);
        for (size_t r = row_ + 1; r < grid_.size(); ++r) grid_[r] = Line{};
      } else if (p0 == 2) {
        for (Line& line : grid_) line = Line{};
      } else {
        unknown_ += "ED " + p + " ";
      }
      break;
    case 'K':
      if (p0 == 0) {
        EraseRow(row_, col_);
      } else {
        unknown_ += "EL " + p + " ";
      }
      break;
    case 'm':
      break;
    default:
      unknown_ += "CSI " + p + final_byte + " ";
      return;
  }
  pending_ = false;
}

// xterm's 1049: save the cursor and the screen, switch to a clear one;
// leaving restores both. The saved screen keeps its rows (cut to the width
// it comes back to, as xterm does for its normal screen).
void VtScreen::Alternate(bool on) {
  if (on == alternate_) return;
  alternate_ = on;
  if (on) {
    saved_grid_ = grid_;
    saved_row_ = row_;
    saved_col_ = col_;
    for (Line& line : grid_) line = Line{};
    row_ = col_ = 0;
  } else {
    saved_grid_.resize(grid_.size());
    grid_ = saved_grid_;
    for (Line& line : grid_) {
      if (line.cells.size() > cols_) line.cells.resize(cols_);
    }
    row_ = saved_row_ < grid_.size() ? saved_row_ : grid_.size() - 1;
    col_ = saved_col_ < cols_ ? saved_col_ : cols_ - 1;
  }
  pending_ = false;
}

void VtScreen::Resize(size_t cols, ResizeModel model) {
  if (cols == 0) cols = 1;
  if (model == ResizeModel::kReflow) return Reflow(cols);
  for (Line& line : grid_) {
    if (line.cells.size() > cols) line.cells.resize(cols);
  }
  cols_ = cols;
  if (col_ >= cols_) col_ = cols_ - 1;
  pending_ = false;
}

// Joins soft-wrapped rows into lines and wraps them again at the new width;
// the cursor keeps its offset in its line. Rows that no longer fit go off
// the top, after any empty rows below the cursor.
void VtScreen::Reflow(size_t cols) {
  std::vector<Line> out;
  size_t new_row = 0, new_col = 0;
  for (size_t r = 0; r < grid_.size();) {
    size_t end = r + 1;
    while (end < grid_.size() && grid_[end].wrapped) ++end;
    std::vector<uint32_t> text;
    for (size_t k = r; k < end; ++k) {
      std::vector<uint32_t> cells = grid_[k].cells;
      if (k + 1 < end) cells.resize(cols_, 0);
      text.insert(text.end(), cells.begin(), cells.end());
    }
    while (!text.empty() && text.back() == 0) text.pop_back();
    size_t len = text.size();
    const bool has_cursor = row_ >= r && row_ < end;
    size_t offset = 0;
    if (has_cursor) {
      offset = (row_ - r) * cols_ + col_ + (pending_ ? 1 : 0);
      if (offset + 1 > len) len = offset + 1;
    }
    const size_t first = out.size();
    for (size_t at = 0; at == 0 || at < len; at += cols) {
      Line line;
      line.wrapped = at > 0;
      for (size_t k = at; k < at + cols && k < text.size(); ++k) line.cells.push_back(text[k]);
      out.push_back(line);
    }
    if (has_cursor) {
      new_row = first + offset / cols;
      new_col = offset % cols;
    }
    r = end;
  }
  while (out.size() > grid_.size() && out.size() - 1 > new_row && out.back().cells.empty()) {
    out.pop_back();
  }
  while (out.size() > grid_.size() && new_row > 0) {
    out.erase(out.begin());
    --new_row;
    ++scrolled_;
  }
  out.resize(grid_.size());
  grid_ = out;
  cols_ = cols;
  row_ = new_row;
  col_ = new_col;
  pending_ = false;
}

uint32_t VtScreen::Cell(size_t r, size_t c) const {
  if (r >= grid_.size() || c >= grid_[r].cells.size()) return 0;
  return grid_[r].cells[c];
}

std::string VtScreen::Row(size_t r) const {
  std::string s;
  const std::vector<uint32_t>& cells = grid_[r].cells;
  size_t n = cells.size();
  while (n > 0 && (cells[n - 1] == 0 || cells[n - 1] == ' ')) --n;
  for (size_t c = 0; c < n; ++c) AppendUtf8(&s, cells[c] ? cells[c] : ' ');
  return s;
}

bool VtScreen::RowBlank(size_t r) const {
  for (uint32_t cp : grid_[r].cells) {
    if (cp != 0 && cp != ' ') return false;
  }
  return true;
}

std::vector<std::string> VtScreen::Rows() const {
  std::vector<std::string> rows;
  for (size_t r = 0; r < grid_.size(); ++r) rows.push_back(Row(r));
  while (!rows.empty() && rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace shell::test
