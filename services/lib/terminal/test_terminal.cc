#include "services/lib/terminal/test_terminal.h"

#include <gtest/gtest.h>

#include "services/lib/terminal/test_bytes.h"

namespace terminal::test {

Terminal::Terminal(size_t capacity, Limits limits, uint64_t now_ms)
    : storage_(capacity), ring_(storage_.data(), capacity), table_(&ring_, limits, now_ms) {}

AttachId Terminal::Owner(uint64_t resume_seq) {
  AttachId id;
  EXPECT_EQ(table_.Attach(Mode::kOwner, resume_seq, false, &id), Status::kOk);
  return id;
}

AttachId Terminal::Follower(uint64_t resume_seq) {
  AttachId id;
  EXPECT_EQ(table_.Attach(Mode::kFollower, resume_seq, false, &id), Status::kOk);
  return id;
}

size_t Terminal::Produce(size_t n, Verdict* verdict) {
  std::vector<uint8_t> bytes = Pattern(ring_.next_seq(), n);
  size_t taken = 0;
  Verdict v = table_.Produce(bytes.data(), bytes.size(), &taken);
  if (verdict != nullptr) *verdict = v;
  return taken;
}

size_t Terminal::ProduceText(const std::string& s, Verdict* verdict) {
  size_t taken = 0;
  Verdict v = table_.Produce(reinterpret_cast<const uint8_t*>(s.data()), s.size(), &taken);
  if (verdict != nullptr) *verdict = v;
  return taken;
}

Got Terminal::Read(AttachId id, uint64_t from_seq, size_t max_bytes) {
  Got got;
  std::vector<uint8_t> out(max_bytes + kMaxMarkerBytes);
  got.status = table_.Read(id, from_seq, max_bytes, out.data(), out.size(), &got.r);
  got.marker.assign(out.begin(), out.begin() + got.r.marker_length);
  got.data.assign(out.begin() + got.r.marker_length, out.begin() + got.r.length);
  return got;
}

std::string Text(const std::vector<uint8_t>& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace terminal::test
