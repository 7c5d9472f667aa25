// UTF-8 and close-frame cases after Autobahn's sections 6 (UTF-8 handling,
// including fail-fast) and 7 (close handling). Every input also goes
// through 1, 2, 3, 5 and 13-byte feeding (see test::Read).
#include <gtest/gtest.h>

#include "services/lib/websocket/frame_reader.h"
#include "services/lib/websocket/test_frames.h"
#include "services/lib/websocket/utf8.h"

namespace websocket {
namespace {

using test::Cat;
using test::ClientFrame;
using test::Close;
using test::Encode;
using test::Failed;
using test::Got;
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

const char* const kValid[] = {
    "",
    "Hello-\xC2\xB5@\xC3\x9F\xC3\xB6\xC3\xA4\xC3\xBC\xC3\xA0\xC3\xA1-UTF-8!!",
    "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5",  // κόσμε
    "\xC2\x80",                                      // U+0080
    "\xE0\xA0\x80",                                  // U+0800, shortest 3-byte
    "\xED\x9F\xBF",                                  // U+D7FF, below the surrogates
    "\xEE\x80\x80",                                  // U+E000, above them
    "\xEF\xBF\xBF",                                  // U+FFFF
    "\xF0\x90\x80\x80",                              // U+10000
    "\xF4\x8F\xBF\xBF",                              // U+10FFFF, the last code point
};

const char* const kInvalid[] = {
    "\x80",              // lone continuation
    "\xBF",              //
    "\xC0\x80",          // overlong NUL
    "\xC1\xBF",          // overlong 2-byte
    "\xE0\x80\x80",      // overlong 3-byte
    "\xE0\x9F\xBF",      //
    "\xF0\x80\x80\x80",  // overlong 4-byte
    "\xF0\x8F\xBF\xBF",  //
    "\xED\xA0\x80",      // U+D800, a surrogate
    "\xED\xBF\xBF",      // U+DFFF
    "\xF4\x90\x80\x80",  // U+110000
    "\xF5\x80\x80\x80",  // lead byte above F4
    "\xFE",              //
    "\xFF",              //
    "\xC2\x41",          // lead not followed by a continuation
    "\xE1\x80\x41",      //
    "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80"
    "edited",
};

const char* const kTruncated[] = {"\xC2", "\xE1\x80", "\xF0\x90\x80", "ok\xCE"};

TEST(Utf8, Validator) {
  for (const char* s : kValid) {
    EXPECT_TRUE(IsValidUtf8(reinterpret_cast<const uint8_t*>(s), strlen(s))) << s;
  }
  for (const char* s : kInvalid) {
    EXPECT_FALSE(IsValidUtf8(reinterpret_cast<const uint8_t*>(s), strlen(s))) << s;
  }
  for (const char* s : kTruncated) {
    Utf8Validator v;
    EXPECT_TRUE(v.Feed(reinterpret_cast<const uint8_t*>(s), strlen(s))) << s;
    EXPECT_FALSE(v.Complete()) << s;
  }
}

TEST(FrameReader, ValidTextInEveryTwoFragmentSplit) {
  for (const char* s : kValid) {
    const std::string text(s);
    EXPECT_EQ(Read(F(0x1, text)), V{Text(text)});
    for (size_t cut = 0; cut <= text.size(); ++cut) {
      EXPECT_EQ(Read(Cat({F(0x1, text.substr(0, cut), false), F(0x0, text.substr(cut))})),
                V{Text(text)})
          << text << " cut at " << cut;
    }
  }
}

TEST(FrameReader, ValidTextOneFragmentPerByte) {
  const std::string text = kValid[2];
  std::vector<uint8_t> in = F(0x1, text.substr(0, 1), false);
  for (size_t i = 1; i < text.size(); ++i) {
    in = Cat({in, F(0x0, text.substr(i, 1), i + 1 == text.size())});
  }
  EXPECT_EQ(Read(in), V{Text(text)});
}

TEST(FrameReader, InvalidTextFails) {
  for (const char* s : kInvalid) {
    const std::string text(s);
    EXPECT_EQ(Read(F(0x1, text)), V{Failed(Failure::kInvalidUtf8, 1007)}) << text;
    for (size_t cut = 0; cut <= text.size(); ++cut) {
      EXPECT_EQ(Read(Cat({F(0x1, text.substr(0, cut), false), F(0x0, text.substr(cut))})),
                V{Failed(Failure::kInvalidUtf8, 1007)});
    }
  }
  // Binary messages are not text: the same bytes pass.
  EXPECT_EQ(Read(F(0x2, "\xC0\x80")), V{test::Binary("\xC0\x80")});
}

TEST(FrameReader, InvalidTextFailsFastBeforeTheMessageEnds) {
  // The final fragment never arrives: the bad first fragment is enough.
  EXPECT_EQ(Read(F(0x1, "ok\xED\xA0\x80", false)), V{Failed(Failure::kInvalidUtf8, 1007)});
  // Nor does the end of the frame: its announced length is longer.
  ClientFrame f;
  f.payload = "\xCE\xBA\xFF";
  f.override_length = true;
  f.announced_length = 100;
  EXPECT_EQ(Read(Encode(f)), V{Failed(Failure::kInvalidUtf8, 1007)});
}

TEST(FrameReader, TextTruncatedAtMessageEndFails) {
  for (const char* s : kTruncated) {
    EXPECT_EQ(Read(F(0x1, s)), V{Failed(Failure::kInvalidUtf8, 1007)}) << s;
    EXPECT_EQ(Read(Cat({F(0x1, s, false), F(0x0, "")})), V{Failed(Failure::kInvalidUtf8, 1007)});
    // A truncated fragment is fine while the message goes on.
    EXPECT_EQ(Read(Cat({F(0x1, s, false), F(0x9, "")})), V{test::Ping("")});
  }
}

std::string Code(uint16_t code) {
  return std::string{char(code >> 8), char(code & 0xFF)};
}

TEST(FrameReader, CloseWithoutPayloadHasNoStatus) {
  EXPECT_EQ(Read(F(0x8, "")), V{Close(kCloseNoStatus)});
}

TEST(FrameReader, CloseWithOneByteFails) {
  EXPECT_EQ(Read(F(0x8, "\x03")), V{Failed(Failure::kCloseOneByte, 1002)});
}

TEST(FrameReader, CloseCodesValidToReceive) {
  for (uint16_t code :
       {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
    EXPECT_EQ(Read(F(0x8, Code(code))), V{Close(code)}) << code;
  }
}

TEST(FrameReader, CloseCodesInvalidToReceive) {
  for (uint16_t code :
       {0, 1, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
    EXPECT_EQ(Read(F(0x8, Code(code) + "reason")), V{Failed(Failure::kInvalidCloseCode, 1002)})
        << code;
  }
}

TEST(FrameReader, CloseReason) {
  EXPECT_EQ(Read(F(0x8, Code(1000) + "bye")), V{Close(1000, "bye")});
  const std::string longest(kMaxCloseReason, 'r');
  EXPECT_EQ(Read(F(0x8, Code(4000) + longest)), V{Close(4000, longest)});
  EXPECT_EQ(Read(F(0x8, Code(1001) + kValid[2])), V{Close(1001, kValid[2])});
  for (const char* bad : kInvalid) {
    EXPECT_EQ(Read(F(0x8, Code(1000) + bad)), V{Failed(Failure::kInvalidCloseReason, 1007)});
  }
  for (const char* bad : kTruncated) {
    EXPECT_EQ(Read(F(0x8, Code(1000) + bad)), V{Failed(Failure::kInvalidCloseReason, 1007)});
  }
  EXPECT_EQ(Read(F(0x8, Code(1000) + longest + "x")), V{Failed(Failure::kControlTooLong, 1002)});
}

TEST(FrameReader, NothingIsReadAfterClose) {
  EXPECT_EQ(Read(Cat({F(0x1, "a"), F(0x8, Code(1000)), F(0x1, "b"), F(0x9, "")})),
            (V{Text("a"), Close(1000)}));
}

}  // namespace
}  // namespace websocket
