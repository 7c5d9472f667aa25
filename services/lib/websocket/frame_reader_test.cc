// Framing cases after Autobahn's sections 1-5 (echo, ping/pong, reserved
// bits, opcodes, fragmentation) and section 9's limits. Every input goes
// through Read(), which also feeds it 1, 2, 3, 5 and 13 bytes at a time.
#include "services/lib/websocket/frame_reader.h"

#include <gtest/gtest.h>

#include "services/lib/websocket/test_frames.h"

namespace websocket {
namespace {

using test::Binary;
using test::Cat;
using test::ClientFrame;
using test::Close;
using test::Encode;
using test::Failed;
using test::Got;
using test::Ping;
using test::Pong;
using test::Read;
using test::Text;
using V = std::vector<Got>;

std::vector<uint8_t> F(uint8_t opcode, const std::string& payload, bool fin = true) {
  ClientFrame f;
  f.opcode = opcode;
  f.payload = payload;
  f.fin = fin;
  return Encode(f);
}

TEST(FrameReader, Rfc6455MaskedHelloExample) {
  // Section 5.7: a single-frame masked text message containing "Hello".
  EXPECT_EQ(Read({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}),
            V{Text("Hello")});
}

TEST(FrameReader, SingleFrameMessagesAtEachLengthForm) {
  for (size_t n : {0u, 1u, 125u, 126u, 127u, 128u, 65535u, 65536u, 70000u}) {
    const std::string text(n, 'a' + n % 26);
    EXPECT_EQ(Read(F(0x1, text), 70000), V{Text(text)}) << n;
    const std::string bin(n, char(0xFE));
    EXPECT_EQ(Read(F(0x2, bin), 70000), V{Binary(bin)}) << n;
  }
}

TEST(FrameReader, SeveralFramesInOneChunkGiveOneEventPerFeed) {
  EXPECT_EQ(Read(Cat({F(0x1, "a"), F(0x2, "b"), F(0x9, "c"), F(0xA, "d"), F(0x1, "")})),
            (V{Text("a"), Binary("b"), Ping("c"), Pong("d"), Text("")}));
}

TEST(FrameReader, AnyMaskKeyIncludingZero) {
  for (uint8_t k : {0x00, 0x01, 0x80, 0xFF}) {
    ClientFrame f;
    f.payload = "masked payload";
    f.key[0] = k;
    f.key[1] = uint8_t(k ^ 0x55);
    f.key[2] = 0;
    f.key[3] = uint8_t(~k);
    EXPECT_EQ(Read(Encode(f)), V{Text("masked payload")});
  }
}

TEST(FrameReader, FragmentedMessages) {
  EXPECT_EQ(Read(Cat({F(0x1, "Hel", false), F(0x0, "lo")})), V{Text("Hello")});
  EXPECT_EQ(Read(Cat({F(0x2, "ab", false), F(0x0, "cd", false), F(0x0, "ef")})),
            V{Binary("abcdef")});
  // One fragment per byte.
  std::vector<uint8_t> many = F(0x1, "f", false);
  for (char c : std::string("ragmented")) {
    many = Cat({many, F(0x0, std::string(1, c), c == 'd' ? true : false)});
  }
  EXPECT_EQ(Read(many), V{Text("fragmented")});
  // Messages after a fragmented one start clean.
  EXPECT_EQ(Read(Cat({F(0x1, "x", false), F(0x0, "y"), F(0x2, "z")})),
            (V{Text("xy"), Binary("z")}));
}

TEST(FrameReader, EmptyFragments) {
  EXPECT_EQ(Read(Cat({F(0x1, "", false), F(0x0, "abc")})), V{Text("abc")});
  EXPECT_EQ(Read(Cat({F(0x1, "ab", false), F(0x0, "", false), F(0x0, "c")})), V{Text("abc")});
  EXPECT_EQ(Read(Cat({F(0x1, "abc", false), F(0x0, "")})), V{Text("abc")});
  EXPECT_EQ(Read(Cat({F(0x2, "", false), F(0x0, "", false), F(0x0, "")})), V{Binary("")});
}

TEST(FrameReader, ControlFramesBetweenFragments) {
  EXPECT_EQ(Read(Cat({F(0x1, "fra", false), F(0x9, "p1"), F(0x0, "gm", false), F(0xA, "p2"),
                      F(0x9, ""), F(0x0, "ent")})),
            (V{Ping("p1"), Pong("p2"), Ping(""), Text("fragment")}));
  // A close between fragments ends the connection; the rest is not read.
  EXPECT_EQ(Read(Cat({F(0x1, "fra", false), F(0x8, "\x03\xE8"), F(0x0, "gment")})), V{Close(1000)});
}

TEST(FrameReader, PingAndPongPayloads) {
  const std::string max(125, 'p');
  EXPECT_EQ(Read(Cat({F(0x9, max), F(0xA, max), F(0x9, "")})), (V{Ping(max), Pong(max), Ping("")}));
  const std::string binary("\x00\xFF\x80", 3);
  EXPECT_EQ(Read(F(0x9, binary)), V{Ping(binary)});
}

TEST(FrameReader, UnmaskedClientFrameFails) {
  for (uint8_t op : {0x1, 0x2, 0x8, 0x9, 0xA}) {
    ClientFrame f;
    f.opcode = op;
    f.masked = false;
    EXPECT_EQ(Read(Encode(f)), V{Failed(Failure::kUnmasked, 1002)}) << int(op);
  }
}

TEST(FrameReader, ReservedBitsFail) {
  for (uint8_t rsv = 1; rsv < 8; ++rsv) {
    for (uint8_t op : {0x1, 0x2, 0x9}) {
      ClientFrame f;
      f.opcode = op;
      f.payload = "x";
      f.rsv = rsv;
      EXPECT_EQ(Read(Cat({F(0x1, "ok"), Encode(f), F(0x1, "never")})),
                (V{Text("ok"), Failed(Failure::kReservedBits, 1002)}));
    }
  }
}

TEST(FrameReader, ReservedOpcodesFail) {
  for (uint8_t op : {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
    EXPECT_EQ(Read(F(op, "")), V{Failed(Failure::kReservedOpcode, 1002)}) << int(op);
    EXPECT_EQ(Read(Cat({F(0x1, "a", false), F(op, "x")})),
              V{Failed(Failure::kReservedOpcode, 1002)});
  }
}

TEST(FrameReader, OversizeControlFrameFails) {
  for (uint8_t op : {0x8, 0x9, 0xA}) {
    EXPECT_EQ(Read(F(op, std::string(126, 'c'))), V{Failed(Failure::kControlTooLong, 1002)});
    ClientFrame f;  // a small payload in a 64-bit length form fails just the same
    f.opcode = op;
    f.length_form = 127;
    EXPECT_EQ(Read(Encode(f)), V{Failed(Failure::kControlTooLong, 1002)});
  }
}

TEST(FrameReader, FragmentedControlFrameFails) {
  for (uint8_t op : {0x8, 0x9, 0xA}) {
    EXPECT_EQ(Read(Cat({F(op, "a", false), F(0x0, "b")})),
              V{Failed(Failure::kControlFragmented, 1002)});
  }
}

TEST(FrameReader, ContinuationWithoutStartFails) {
  EXPECT_EQ(Read(F(0x0, "x")), V{Failed(Failure::kContinuationWithoutStart, 1002)});
  EXPECT_EQ(Read(F(0x0, "x", false)), V{Failed(Failure::kContinuationWithoutStart, 1002)});
  EXPECT_EQ(Read(Cat({F(0x1, "done"), F(0x0, "x")})),
            (V{Text("done"), Failed(Failure::kContinuationWithoutStart, 1002)}));
}

TEST(FrameReader, NewMessageWhileFragmentedFails) {
  for (uint8_t op : {0x1, 0x2}) {
    EXPECT_EQ(Read(Cat({F(0x1, "a", false), F(op, "b")})),
              V{Failed(Failure::kMessageNotContinued, 1002)});
    EXPECT_EQ(Read(Cat({F(0x2, "a", false), F(0x9, "p"), F(op, "b", false)})),
              (V{Ping("p"), Failed(Failure::kMessageNotContinued, 1002)}));
  }
}

std::vector<uint8_t> Announce(int form, uint64_t n, uint8_t opcode = 0x2) {
  ClientFrame f;
  f.opcode = opcode;
  f.length_form = form;
  f.override_length = true;
  f.announced_length = n;
  return Encode(f);  // header only: the payload never arrives
}

TEST(FrameReader, NonMinimalLengthsFail) {
  for (uint64_t n : {0u, 5u, 125u}) {
    EXPECT_EQ(Read(Announce(126, n)), V{Failed(Failure::kNonMinimalLength, 1002)}) << n;
  }
  for (uint64_t n : {0u, 125u, 126u, 65535u}) {
    EXPECT_EQ(Read(Announce(127, n)), V{Failed(Failure::kNonMinimalLength, 1002)}) << n;
  }
}

TEST(FrameReader, SixtyFourBitLengthWithTopBitFails) {
  EXPECT_EQ(Read(Announce(127, uint64_t(1) << 63)), V{Failed(Failure::kLengthHighBit, 1002)});
  EXPECT_EQ(Read(Announce(127, ~uint64_t(0))), V{Failed(Failure::kLengthHighBit, 1002)});
}

TEST(FrameReader, OversizeMessagesFailFromTheHeader) {
  // No payload follows: the reader must fail on the header alone.
  EXPECT_EQ(Read(Announce(126, 1025)), V{Failed(Failure::kMessageTooBig, 1009)});
  EXPECT_EQ(Read(Announce(127, 65536)), V{Failed(Failure::kMessageTooBig, 1009)});
  EXPECT_EQ(Read(Announce(127, uint64_t(1) << 62)), V{Failed(Failure::kMessageTooBig, 1009)});
  EXPECT_EQ(Read(F(0x1, std::string(1024, 'x'))), V{Text(std::string(1024, 'x'))});
  EXPECT_EQ(Read(F(0x1, std::string(1025, 'x'))), V{Failed(Failure::kMessageTooBig, 1009)});
  // The limit is on the message, not the frame.
  EXPECT_EQ(Read(Cat({F(0x2, std::string(1000, 'x'), false), F(0x9, "p"),
                      F(0x0, std::string(24, 'y'), false), F(0x0, "z")})),
            (V{Ping("p"), Failed(Failure::kMessageTooBig, 1009)}));
}

TEST(FrameReader, SmallBufferLowersTheLimit) {
  uint8_t buffer[8];
  FrameReader reader(buffer, sizeof(buffer), 65536);
  auto in = F(0x2, "123456789");
  Event e;
  reader.Feed(in.data(), in.size(), &e);
  EXPECT_EQ(e.type, EventType::kFailed);
  EXPECT_EQ(e.failure, Failure::kMessageTooBig);
}

TEST(FrameReader, ProgressAccessors) {
  std::vector<uint8_t> buffer(64);
  FrameReader reader(buffer.data(), buffer.size(), 64);
  auto in = Cat({F(0x1, "ab", false), F(0x0, "c")});
  Event e;
  EXPECT_FALSE(reader.frame_started());
  EXPECT_EQ(reader.Feed(in.data(), 1, &e), 1u);
  EXPECT_TRUE(reader.frame_started());
  EXPECT_EQ(reader.Feed(in.data() + 1, 7, &e), 7u);  // the first frame is 8 bytes
  EXPECT_FALSE(reader.frame_started());
  EXPECT_TRUE(reader.message_open());
  EXPECT_EQ(reader.Feed(in.data() + 8, in.size() - 8, &e), in.size() - 8);
  EXPECT_EQ(e.type, EventType::kText);
  EXPECT_FALSE(reader.message_open());
  EXPECT_FALSE(reader.done());
}

}  // namespace
}  // namespace websocket
