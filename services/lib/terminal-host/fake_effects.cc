#include "services/lib/terminal-host/fake_effects.h"

namespace terminal_host::test {

void FakeEffects::SpawnShell(uint32_t terminal_id, uint16_t cols, uint16_t rows) {
  events.push_back({Kind::kSpawn, terminal_id});
  spawned.push_back({terminal_id, cols, rows});
}

void FakeEffects::StopShell(uint32_t terminal_id) {
  events.push_back({Kind::kStop, terminal_id});
  stopped.push_back(terminal_id);
}

void FakeEffects::AnswerInput(uint32_t terminal_id, const uint8_t* bytes, size_t len, uint16_t cols,
                              uint16_t rows, bool resized, bool closing) {
  events.push_back({Kind::kInput, terminal_id});
  inputs.push_back({terminal_id, std::string(reinterpret_cast<const char*>(bytes), len), cols, rows,
                    resized, closing});
}

void FakeEffects::AnswerOutput(uint32_t terminal_id) {
  events.push_back({Kind::kOutput, terminal_id});
  outputs.push_back(terminal_id);
}

void FakeEffects::CompleteRead(uint32_t call_tag, const remote_session::TerminalReply& reply) {
  events.push_back({Kind::kRead, call_tag});
  ReadAnswer a{call_tag, reply, std::string()};
  if (reply.bytes != nullptr)
    a.bytes.assign(reinterpret_cast<const char*>(reply.bytes), reply.bytes_len);
  a.reply.bytes = nullptr;
  reads.push_back(a);
}

size_t FakeEffects::Count(Kind kind, uint32_t id) const {
  size_t n = 0;
  for (const Event& e : events) n += e.kind == kind && e.id == id ? 1 : 0;
  return n;
}

void FakeEffects::Clear() {
  events.clear();
  spawned.clear();
  stopped.clear();
  inputs.clear();
  outputs.clear();
  reads.clear();
}

FakeRings::~FakeRings() {
  for (Block& b : blocks_) delete[] b.p;
}

uint8_t* FakeRings::Acquire(size_t bytes) {
  if (blocks_.size() >= max_blocks_) return nullptr;
  blocks_.push_back({new uint8_t[bytes], bytes});
  return blocks_.back().p;
}

void FakeRings::Release(uint8_t* storage, size_t bytes) {
  for (size_t i = 0; i < blocks_.size(); ++i) {
    if (blocks_[i].p != storage) continue;
    if (blocks_[i].bytes != bytes) bad_release_ = true;
    delete[] blocks_[i].p;
    blocks_.erase(blocks_.begin() + static_cast<long>(i));
    return;
  }
  bad_release_ = true;  // never acquired, or released twice
}

}  // namespace terminal_host::test
