// Where a request's time goes: cycles per stage, counted with the TSC and
// printed by the transport (the gateway's `gateway: stages ...` line, which
// `make bench` reads). Measurement only: nothing decides on these numbers.
//
// Stages nest: `frame` is a whole HandleFrame/Complete*; decode, backend,
// encode and transcript happen inside it, and redact inside transcript.
// The printer shows `core` as frame minus its nested stages, and
// `transcript` without its redaction. read (FrameReader.Feed), send
// (submit to CQE of the TCP send) and relay (submit to CQE of a worker
// call) are the transport's own, as are TLS's tlsIn (ciphertext to
// plaintext, the handshake included) and tlsOut (sealing the answers).
#pragma once

#include <stdint.h>

namespace remote_session {

enum class Stage : uint8_t {
  kFrame,
  kRead,
  kDecode,
  kBackend,
  kEncode,
  kTranscript,
  kRedact,
  kSend,
  kRelay,
  kTlsIn,
  kTlsOut,
  kCount
};
inline constexpr uint32_t kStageCount = uint32_t(Stage::kCount);

struct StageTotals {
  uint64_t cycles[kStageCount] = {};
  uint64_t count[kStageCount] = {};
  void Add(Stage s, uint64_t c) {
    cycles[uint32_t(s)] += c;
    ++count[uint32_t(s)];
  }
};

// The process's totals (sessions run on one thread).
StageTotals& Stages();

inline uint64_t Tsc() {
  return __builtin_ia32_rdtsc();
}

// Adds the cycles of its scope to a stage.
class StageTimer {
 public:
  explicit StageTimer(Stage s) : stage_(s), start_(Tsc()) {}
  ~StageTimer() { Stages().Add(stage_, Tsc() - start_); }
  StageTimer(const StageTimer&) = delete;
  StageTimer& operator=(const StageTimer&) = delete;

 private:
  Stage stage_;
  uint64_t start_;
};

}  // namespace remote_session
