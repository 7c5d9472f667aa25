#include "services/lib/websocket/test_frames.h"

#include <gtest/gtest.h>

#include <ostream>

namespace websocket::test {

std::vector<uint8_t> Encode(const ClientFrame& f) {
  std::vector<uint8_t> out;
  out.push_back(uint8_t((f.fin ? 0x80 : 0) | (f.rsv & 7) << 4 | (f.opcode & 0x0F)));
  const uint64_t n = f.override_length ? f.announced_length : f.payload.size();
  const int form = f.length_form != 0 ? f.length_form : n < 126 ? 0 : n <= 0xFFFF ? 126 : 127;
  const uint8_t mask_bit = f.masked ? 0x80 : 0;
  if (form == 0) {
    out.push_back(uint8_t(mask_bit | n));
  } else if (form == 126) {
    out.push_back(mask_bit | 126);
    out.push_back(uint8_t(n >> 8));
    out.push_back(uint8_t(n));
  } else {
    out.push_back(mask_bit | 127);
    for (int i = 0; i < 8; ++i) out.push_back(uint8_t(n >> (56 - 8 * i)));
  }
  if (f.masked) out.insert(out.end(), f.key, f.key + 4);
  for (size_t i = 0; i < f.payload.size(); ++i) {
    out.push_back(uint8_t(f.payload[i]) ^ (f.masked ? f.key[i & 3] : 0));
  }
  return out;
}

std::vector<uint8_t> Cat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

void PrintTo(const Got& g, std::ostream* os) {
  static const char* kTypes[] = {"none", "text", "binary", "ping", "pong", "close", "failed"};
  *os << "{" << kTypes[int(g.type)] << " \"" << g.data << "\" code=" << g.code << " "
      << FailureName(g.failure) << "}";
}

Got Text(const std::string& s) {
  return Got{EventType::kText, s, 0, Failure::kNone};
}
Got Binary(const std::string& s) {
  return Got{EventType::kBinary, s, 0, Failure::kNone};
}
Got Ping(const std::string& s) {
  return Got{EventType::kPing, s, 0, Failure::kNone};
}
Got Pong(const std::string& s) {
  return Got{EventType::kPong, s, 0, Failure::kNone};
}
Got Close(uint16_t code, const std::string& reason) {
  return Got{EventType::kClose, reason, code, Failure::kNone};
}
Got Failed(Failure f, uint16_t code) {
  return Got{EventType::kFailed, "", code, f};
}

std::vector<Got> FeedInChunks(const std::vector<uint8_t>& in, size_t chunk, size_t max_message) {
  std::vector<uint8_t> buffer(max_message);
  FrameReader reader(buffer.data(), buffer.size(), max_message);
  std::vector<Got> got;
  size_t at = 0;
  while (at < in.size() && !reader.done()) {
    size_t left = in.size() - at < chunk ? in.size() - at : chunk;
    while (left > 0 && !reader.done()) {
      Event e;
      const size_t used = reader.Feed(in.data() + at, left, &e);
      EXPECT_LE(used, left);
      EXPECT_TRUE(used > 0 || e.type != EventType::kNone) << "no progress";
      if (used == 0 && e.type == EventType::kNone) return got;
      if (e.type != EventType::kNone) {
        Got g{e.type, "", e.close_code, e.failure};
        if (e.length > 0) g.data.assign(reinterpret_cast<const char*>(e.data), e.length);
        if (e.type != EventType::kClose && e.type != EventType::kFailed) g.code = 0;
        got.push_back(g);
      }
      at += used;
      left -= used;
    }
  }
  if (reader.done()) {
    Event e;
    uint8_t byte = 0x81;
    EXPECT_EQ(reader.Feed(&byte, 1, &e), 0u);
    EXPECT_EQ(e.type, EventType::kNone);
  }
  return got;
}

std::vector<Got> Read(const std::vector<uint8_t>& in, size_t max_message) {
  const std::vector<Got> whole = FeedInChunks(in, in.size() + 1, max_message);
  for (size_t chunk : {1u, 2u, 3u, 5u, 13u}) {
    EXPECT_EQ(FeedInChunks(in, chunk, max_message), whole) << "chunk " << chunk;
  }
  return whole;
}

}  // namespace websocket::test
