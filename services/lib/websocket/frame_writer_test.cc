#include "services/lib/websocket/frame_writer.h"

#include <gtest/gtest.h>
#include <string.h>

#include "services/lib/websocket/test_frames.h"

namespace websocket {
namespace {

using test::Got;
using V = std::vector<uint8_t>;

V Write(Opcode op, const std::string& payload) {
  V out(payload.size() + kMaxServerHeaderBytes);
  out.resize(WriteFrame(op, payload.data(), payload.size(), out.data(), out.size()));
  return out;
}

V Header(const V& frame, size_t n) {
  return V(frame.begin(), frame.begin() + std::min(n, frame.size()));
}

TEST(FrameWriter, Rfc6455UnmaskedExamples) {
  // Section 5.7: unmasked "Hello", and an unmasked ping carrying it.
  EXPECT_EQ(Write(Opcode::kText, "Hello"), (V{0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}));
  EXPECT_EQ(Write(Opcode::kPing, "Hello"), (V{0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}));
  EXPECT_EQ(Write(Opcode::kPong, ""), (V{0x8A, 0x00}));
  // 256 bytes of binary in one frame: 16-bit length.
  EXPECT_EQ(Header(Write(Opcode::kBinary, std::string(256, 'b')), 4), (V{0x82, 0x7E, 0x01, 0x00}));
  // 64 KiB: 64-bit length.
  EXPECT_EQ(Header(Write(Opcode::kBinary, std::string(65536, 'b')), 10),
            (V{0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0}));
}

TEST(FrameWriter, MinimalLengthEncoding) {
  for (size_t n : {0u, 125u, 126u, 65535u, 65536u}) {
    const size_t want = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
    EXPECT_EQ(Write(Opcode::kBinary, std::string(n, 'x')).size(), want + n) << n;
    uint8_t h[kMaxServerHeaderBytes];
    EXPECT_EQ(WriteFrameHeader(Opcode::kBinary, n, h, sizeof(h)), want) << n;
  }
}

TEST(FrameWriter, RefusesWhatAServerMustNotSend) {
  EXPECT_TRUE(Write(Opcode::kText, "\xC0\x80").empty()) << "invalid UTF-8";
  EXPECT_TRUE(Write(Opcode::kText, "\xCE").empty()) << "truncated UTF-8";
  EXPECT_FALSE(Write(Opcode::kBinary, "\xC0\x80").empty());
  EXPECT_TRUE(Write(Opcode::kPing, std::string(126, 'p')).empty());
  EXPECT_TRUE(Write(Opcode::kPong, std::string(126, 'p')).empty());
  EXPECT_TRUE(Write(Opcode::kContinuation, "x").empty());
  EXPECT_TRUE(Write(Opcode::kClose, "").empty()) << "close goes through WriteClose";
  EXPECT_TRUE(Write(static_cast<Opcode>(3), "x").empty());
  uint8_t h[kMaxServerHeaderBytes];
  EXPECT_EQ(WriteFrameHeader(Opcode::kBinary, uint64_t(1) << 63, h, sizeof(h)), 0u);
  EXPECT_EQ(WriteFrameHeader(Opcode::kPing, 126, h, sizeof(h)), 0u);
}

TEST(FrameWriter, RefusesSmallBuffers) {
  uint8_t out[8];
  EXPECT_EQ(WriteFrame(Opcode::kText, "1234567", 7, out, sizeof(out)), 0u);
  EXPECT_EQ(WriteFrame(Opcode::kText, "123456", 6, out, sizeof(out)), 8u);
  EXPECT_EQ(WriteFrameHeader(Opcode::kBinary, 126, out, 3), 0u);
  EXPECT_EQ(WriteClose(1000, "12345", 5, out, sizeof(out)), 0u);
  EXPECT_EQ(WriteClose(1000, "1234", 4, out, sizeof(out)), 8u);
}

TEST(FrameWriter, Close) {
  uint8_t out[kMaxServerHeaderBytes + kMaxControlPayload];
  EXPECT_EQ(WriteClose(kCloseNoStatus, nullptr, 0, out, sizeof(out)), 2u);
  EXPECT_EQ(V(out, out + 2), (V{0x88, 0x00}));
  EXPECT_EQ(WriteClose(1000, "bye", 3, out, sizeof(out)), 7u);
  EXPECT_EQ(V(out, out + 7), (V{0x88, 0x05, 0x03, 0xE8, 'b', 'y', 'e'}));
  const std::string longest(kMaxCloseReason, 'r');
  EXPECT_EQ(WriteClose(4999, longest.data(), longest.size(), out, sizeof(out)), 127u);
  EXPECT_EQ(WriteClose(4999, longest.data(), longest.size() + 1, out, sizeof(out)), 0u);
  EXPECT_EQ(WriteClose(kCloseNoStatus, "x", 1, out, sizeof(out)), 0u);
  EXPECT_EQ(WriteClose(1000, "\xFF", 1, out, sizeof(out)), 0u);
  for (uint16_t bad : {0, 999, 1004, 1006, 1015, 2999, 5000}) {
    EXPECT_EQ(WriteClose(bad, nullptr, 0, out, sizeof(out)), 0u) << bad;
  }
}

// What the writer emits, masked as a client would, reads back unchanged.
std::vector<Got> RoundTrip(const V& frame) {
  V masked(frame.size() + 4);
  const uint8_t key[4] = {0xA5, 0x00, 0x5A, 0xFF};
  EXPECT_EQ(test::MaskServerFrame(frame.data(), frame.size(), key, masked.data(), masked.size()),
            masked.size());
  return test::Read(masked, 70000);
}

TEST(FrameWriter, RoundTripThroughTheReader) {
  for (size_t n : {0u, 1u, 125u, 126u, 65535u, 65536u}) {
    const std::string s(n, 'q');
    EXPECT_EQ(RoundTrip(Write(Opcode::kText, s)), std::vector<Got>{test::Text(s)});
    EXPECT_EQ(RoundTrip(Write(Opcode::kBinary, s)), std::vector<Got>{test::Binary(s)});
  }
  EXPECT_EQ(RoundTrip(Write(Opcode::kPing, "hi")), std::vector<Got>{test::Ping("hi")});
  EXPECT_EQ(RoundTrip(Write(Opcode::kPong, "")), std::vector<Got>{test::Pong("")});
  uint8_t out[kMaxServerHeaderBytes + kMaxControlPayload];
  size_t n = WriteClose(3000, "gone", 4, out, sizeof(out));
  EXPECT_EQ(RoundTrip(V(out, out + n)), std::vector<Got>{test::Close(3000, "gone")});
  n = WriteClose(kCloseNoStatus, nullptr, 0, out, sizeof(out));
  EXPECT_EQ(RoundTrip(V(out, out + n)), std::vector<Got>{test::Close(kCloseNoStatus)});
}

}  // namespace
}  // namespace websocket
