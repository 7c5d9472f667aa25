// The line editor's history: the last kHistoryEntries lines, oldest dropped
// first, in one fixed pool of kHistoryPoolBytes (no allocation). A line is
// not added twice in a row, and empty lines are not added.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/shell/ansi.h"
#include "services/lib/shell/bounds.h"

namespace shell {

class History {
 public:
  // Adds a line (lines over kMaxLineBytes are cut to whole code points),
  // dropping the oldest until it fits.
  void Add(TextRef line);
  size_t size() const { return count_; }
  // Entry 0 is the newest; an index past the end reads as empty.
  TextRef Newest(size_t i) const;
  void Clear() { count_ = used_ = 0; }

 private:
  void DropOldest();

  char pool_[kHistoryPoolBytes];           // entries, oldest first, back to back
  uint16_t length_[kHistoryEntries] = {};  // oldest first
  size_t count_ = 0;
  size_t used_ = 0;  // bytes of pool_ in use
};

}  // namespace shell
