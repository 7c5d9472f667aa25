// Host-test helper: one terminal (a ring over owned storage plus its
// AttachTable) and reads that return what a client would see.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <string>
#include <vector>

#include "services/lib/terminal/attach.h"

namespace terminal::test {

struct Got {
  Status status = Status::kOk;
  std::vector<uint8_t> marker;  // the skip marker, if any
  std::vector<uint8_t> data;    // terminal bytes after it
  ReadResult r;
};

class Terminal {
 public:
  explicit Terminal(size_t capacity, Limits limits = Limits{}, uint64_t now_ms = 0);

  AttachTable& table() { return table_; }
  const OutputRing& ring() const { return ring_; }

  // Attach that must succeed.
  AttachId Owner(uint64_t resume_seq = 0);
  AttachId Follower(uint64_t resume_seq = 0);

  // Produces `n` pattern bytes (test_bytes.h) from the ring's next_seq;
  // returns how many were taken.
  size_t Produce(size_t n, Verdict* verdict = nullptr);
  size_t ProduceText(const std::string& s, Verdict* verdict = nullptr);

  Got Read(AttachId id, uint64_t from_seq, size_t max_bytes = 1 << 20);

 private:
  std::vector<uint8_t> storage_;
  OutputRing ring_;
  AttachTable table_;
};

std::string Text(const std::vector<uint8_t>& bytes);

}  // namespace terminal::test
