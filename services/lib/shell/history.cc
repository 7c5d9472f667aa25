#include "services/lib/shell/history.h"

#include <string.h>

#include "services/lib/shell/utf8.h"

namespace shell {

static_assert(kMaxLineBytes <= kHistoryPoolBytes, "a whole line must fit the pool");
static_assert(kMaxLineBytes <= UINT16_MAX, "lengths are 16-bit");

void History::Add(TextRef line) {
  if (line.size > kMaxLineBytes) line.size = Utf8WholePrefix(line.data, kMaxLineBytes);
  if (line.size == 0 || (count_ > 0 && TextEquals(line, Newest(0)))) return;
  while (count_ == kHistoryEntries || used_ + line.size > kHistoryPoolBytes) DropOldest();
  memcpy(pool_ + used_, line.data, line.size);
  used_ += line.size;
  length_[count_++] = uint16_t(line.size);
}

TextRef History::Newest(size_t i) const {
  if (i >= count_) return TextRef{};
  size_t end = used_;
  for (size_t k = count_ - 1; k > count_ - 1 - i; --k) end -= length_[k];
  const size_t len = length_[count_ - 1 - i];
  return TextRef{pool_ + end - len, len};
}

void History::DropOldest() {
  if (count_ == 0) return;
  const size_t first = length_[0];
  memmove(pool_, pool_ + first, used_ - first);
  used_ -= first;
  memmove(length_, length_ + 1, (count_ - 1) * sizeof(length_[0]));
  --count_;
}

}  // namespace shell
