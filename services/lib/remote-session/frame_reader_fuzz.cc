// libFuzzer target over FrameReader: the input is split into recv chunks
// with arbitrary sizes and clock steps. Invariants: Feed never consumes more
// than it was given, a complete frame is 1..max bytes and matches its
// header, terminal states stay terminal.
//
// Input: repeated [chunk len u8][clock step u8][bytes...].
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "services/lib/remote-session/frame_reader.h"

namespace {
void Check(bool ok) {
  if (!ok) abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace remote_session;
  static uint8_t buffer[1024];
  FramePolicy policy;
  policy.max_frame_bytes = sizeof(buffer);
  policy.deadline_ms = 200;
  policy.max_chunks_per_frame = 8;
  FrameReader reader(buffer, sizeof(buffer), policy);
  uint64_t now = 0;
  size_t i = 0;
  while (i + 2 <= size) {
    size_t len = data[i];
    now += data[i + 1];
    i += 2;
    if (len > size - i) len = size - i;
    const uint8_t* chunk = data + i;
    i += len;
    while (len > 0) {
      FrameStatus before = reader.status();
      size_t used = reader.Feed(chunk, len, now);
      Check(used <= len);
      if (IsTerminal(before)) Check(used == 0 && reader.status() == before);
      if (reader.status() == FrameStatus::kFrame) {
        Check(reader.FrameLength() >= 1 && reader.FrameLength() <= sizeof(buffer));
        reader.Next();
      } else if (used == 0) {
        break;
      }
      chunk += used;
      len -= used;
    }
    FrameStatus t = reader.Tick(now);
    if (t == FrameStatus::kPartial) Check(reader.DeadlineMs() > now);
    if (IsTerminal(t)) break;
  }
  return 0;
}
