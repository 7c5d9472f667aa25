#include "tools/remote-session-client/frame.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

namespace rsclient {
namespace {

namespace rs = capos::schema;

std::string session_info_frame(uint32_t id) {
  capnp::MallocMessageBuilder m;
  auto r = m.initRoot<rs::Response>();
  r.setRequestId(id);
  auto v = r.initSessionInfo();
  v.setPrincipal("operator");
  v.setLive(true);
  std::string f;
  EXPECT_EQ(encode_frame(m, &f), FrameError::kNone);
  return f;
}

TEST(Frame, HeaderIsLittleEndian) {
  EXPECT_EQ(frame_header(0x01020304), std::string("\x04\x03\x02\x01", 4));
  EXPECT_EQ(frame_header(8192), std::string("\x00\x20\x00\x00", 4));
}

TEST(Frame, RoundTripThroughReaderAndDecoder) {
  const std::string f = session_info_frame(7);
  ASSERT_GT(f.size(), kHeaderBytes);
  EXPECT_EQ(f.size() - kHeaderBytes, static_cast<size_t>(static_cast<unsigned char>(f[0]) |
                                                         static_cast<unsigned char>(f[1]) << 8));
  FrameReader r;
  r.feed(f);
  auto p = r.next();
  ASSERT_TRUE(p.has_value());
  capnp::MallocMessageBuilder out;
  ASSERT_EQ(decode_response(*p, &out), FrameError::kNone);
  auto resp = out.getRoot<rs::Response>().asReader();
  EXPECT_EQ(resp.getRequestId(), 7u);
  ASSERT_TRUE(resp.isSessionInfo());
  EXPECT_EQ(std::string(resp.getSessionInfo().getPrincipal().cStr()), "operator");
  EXPECT_FALSE(r.next().has_value());
  EXPECT_FALSE(r.mid_frame());
}

TEST(Frame, ByteByByteAndTwoFramesInOneChunk) {
  const std::string a = session_info_frame(1), b = session_info_frame(2);
  FrameReader r;
  for (size_t i = 0; i + 1 < a.size(); ++i) {
    r.feed(a.substr(i, 1));
    EXPECT_FALSE(r.next().has_value()) << "complete after " << i + 1 << " bytes";
    EXPECT_TRUE(r.mid_frame());
  }
  r.feed(a.substr(a.size() - 1) + b);
  EXPECT_TRUE(r.next().has_value());
  EXPECT_TRUE(r.next().has_value());
  EXPECT_FALSE(r.next().has_value());
}

TEST(Frame, ZeroLengthHeaderIsAnError) {
  FrameReader r;
  r.feed(frame_header(0));
  EXPECT_EQ(r.error(), FrameError::kEmpty);
  EXPECT_FALSE(r.next().has_value());
}

TEST(Frame, OversizedHeaderRefusedBeforeBuffering) {
  FrameReader r;
  r.feed(frame_header(kMaxFrameBytes + 1));
  EXPECT_EQ(r.error(), FrameError::kTooLarge);
  r.feed(std::string(100, 'x'));  // ignored once in error
  EXPECT_FALSE(r.mid_frame());
  EXPECT_FALSE(r.next().has_value());
  FrameReader ok;
  ok.feed(frame_header(kMaxFrameBytes));
  EXPECT_EQ(ok.error(), FrameError::kNone);
}

TEST(Frame, BadHeaderOfASecondFrameIsCaught) {
  FrameReader r;
  r.feed(session_info_frame(1) + frame_header(0xffffffff));
  EXPECT_TRUE(r.next().has_value());  // the good frame is still delivered
  EXPECT_EQ(r.error(), FrameError::kTooLarge);
  EXPECT_FALSE(r.next().has_value());
}

TEST(Frame, DecodeRejectsHostilePayloads) {
  capnp::MallocMessageBuilder out;
  EXPECT_EQ(decode_response("", &out), FrameError::kEmpty);
  EXPECT_EQ(decode_response(std::string(12, '\0'), &out), FrameError::kMisaligned);
  EXPECT_EQ(decode_response(std::string(kMaxFrameBytes + 8, '\0'), &out), FrameError::kTooLarge);
  // Segment table claiming 1000 segments.
  std::string bad(16, '\0');
  bad[0] = static_cast<char>(0xe7);
  bad[1] = 0x03;
  capnp::MallocMessageBuilder o1;
  EXPECT_EQ(decode_response(bad, &o1), FrameError::kUndecodable);
  // One segment of 1 word whose root pointer points far out of bounds.
  std::string oob(16, '\0');
  oob[4] = 1;                        // segment 0: 1 word
  oob[8] = static_cast<char>(0xfc);  // struct pointer, offset huge
  oob[9] = oob[10] = oob[11] = static_cast<char>(0x7f);
  oob[12] = 1;  // 1 data word
  capnp::MallocMessageBuilder o2;
  EXPECT_EQ(decode_response(oob, &o2), FrameError::kUndecodable);
}

// Found by the frame fuzz target once it rendered what it decoded: a
// well-formed message whose `denied` pointer is a list. A plain copy keeps
// it; reading the field threw out of the CLI. The decode refuses it now.
TEST(Frame, APointerOfTheWrongKindIsRejected) {
  capnp::MallocMessageBuilder m;
  auto r = m.initRoot<rs::Response>();
  r.setRequestId(7);
  r.initAuthMethods(1)[0].setName("password");  // pointer 0: a list
  auto words = capnp::messageToFlatArray(m);
  std::string payload(reinterpret_cast<const char*>(words.asBytes().begin()),
                      words.asBytes().size());
  // Segment table (8 bytes), root pointer (8), then requestId (4) and the
  // union discriminant (2 bytes): authMethods (1) becomes denied (0).
  ASSERT_EQ(payload[20], 1);
  capnp::MallocMessageBuilder good;
  EXPECT_EQ(decode_response(payload, &good), FrameError::kNone);
  payload[20] = 0;
  capnp::MallocMessageBuilder out;
  EXPECT_EQ(decode_response(payload, &out), FrameError::kUndecodable);
}

TEST(Frame, TrailingBytesAfterTheMessageAreRejected) {
  std::string f = session_info_frame(3).substr(kHeaderBytes) + std::string(8, '\0');
  capnp::MallocMessageBuilder out;
  EXPECT_EQ(decode_response(f, &out), FrameError::kUndecodable);
}

TEST(Frame, EncodeRefusesOversizedMessage) {
  capnp::MallocMessageBuilder m;
  auto r = m.initRoot<rs::Request>();
  r.initCall().setChatSend(std::string(kMaxFrameBytes, 'a'));
  std::string f = "untouched";
  EXPECT_EQ(encode_frame(m, &f), FrameError::kTooLarge);
  EXPECT_EQ(f, "untouched");
}

}  // namespace
}  // namespace rsclient
