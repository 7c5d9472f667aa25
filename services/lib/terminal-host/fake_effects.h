// Host-test helpers shared by the tests and the fuzz target: an Effects
// that records every call (and copies what it is handed, since pointers
// are valid during the call only), and ring storage from the heap with a
// bound and a count, so a leak or a double release is seen.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <string>
#include <vector>

#include "services/lib/terminal-host/effects.h"

namespace terminal_host::test {

struct Spawned {
  uint32_t id;
  uint16_t cols;
  uint16_t rows;
};

struct InputAnswer {
  uint32_t id;
  std::string bytes;
  uint16_t cols;
  uint16_t rows;
  bool resized;
  bool closing;
};

struct ReadAnswer {
  uint32_t call_tag;
  remote_session::TerminalReply reply;  // reply.bytes is not valid; see bytes
  std::string bytes;
};

class FakeEffects final : public Effects {
 public:
  enum class Kind : uint8_t { kSpawn, kStop, kInput, kOutput, kRead };
  struct Event {
    Kind kind;
    uint32_t id;  // terminal id, or the call tag for kRead
  };

  void SpawnShell(uint32_t terminal_id, uint16_t cols, uint16_t rows) override;
  void StopShell(uint32_t terminal_id) override;
  void AnswerInput(uint32_t terminal_id, const uint8_t* bytes, size_t len, uint16_t cols,
                   uint16_t rows, bool resized, bool closing) override;
  void AnswerOutput(uint32_t terminal_id) override;
  void CompleteRead(uint32_t call_tag, const remote_session::TerminalReply& reply) override;

  // How many of `kind` concern `id` (terminal id, or tag for kRead).
  size_t Count(Kind kind, uint32_t id) const;
  void Clear();

  std::vector<Event> events;  // every call, in order
  std::vector<Spawned> spawned;
  std::vector<uint32_t> stopped;
  std::vector<InputAnswer> inputs;
  std::vector<uint32_t> outputs;
  std::vector<ReadAnswer> reads;
};

class FakeRings final : public RingStorage {
 public:
  explicit FakeRings(size_t max_blocks = 64) : max_blocks_(max_blocks) {}
  ~FakeRings();

  uint8_t* Acquire(size_t bytes) override;
  void Release(uint8_t* storage, size_t bytes) override;

  size_t held() const { return blocks_.size(); }
  bool bad_release() const { return bad_release_; }
  void set_max_blocks(size_t n) { max_blocks_ = n; }

 private:
  struct Block {
    uint8_t* p;
    size_t bytes;
  };
  size_t max_blocks_;
  std::vector<Block> blocks_;
  bool bad_release_ = false;
};

}  // namespace terminal_host::test
