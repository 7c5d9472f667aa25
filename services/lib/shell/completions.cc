#include "services/lib/shell/completions.h"

#include <string.h>

#include "services/lib/shell/utf8.h"

namespace shell {

void Completions::Reset(size_t word_start) {
  count_ = used_ = omitted_ = 0;
  word_start_ = word_start;
  append_space_ = true;
}

bool Completions::Add(TextRef candidate) {
  if (candidate.size == 0 || candidate.size > kMaxCandidateBytes) return false;
  if (!IsCleanText(candidate.data, candidate.size)) return false;
  for (size_t i = 0; i < count_; ++i) {
    if (TextEquals(items_[i], candidate)) return false;
  }
  if (count_ == kMaxCandidates) {
    ++omitted_;
    return false;
  }
  memcpy(pool_ + used_, candidate.data, candidate.size);
  items_[count_++] = TextRef{pool_ + used_, candidate.size};
  used_ += candidate.size;
  return true;
}

size_t Completions::CommonPrefix() const {
  if (count_ == 0) return 0;
  size_t n = items_[0].size;
  for (size_t i = 1; i < count_; ++i) {
    size_t k = 0;
    while (k < n && k < items_[i].size && items_[i].data[k] == items_[0].data[k]) ++k;
    n = k;
  }
  return Utf8WholePrefix(items_[0].data, n);
}

}  // namespace shell
