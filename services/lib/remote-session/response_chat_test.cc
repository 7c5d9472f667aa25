// The small chat answers (join, leave, send) are written with the wire
// codec: their frames must be byte for byte the ones capnp's builder
// writes, and keep EncodeFrame's bounds.
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "schema/remote_session.capnp.h"
#include "services/lib/remote-session/frame_reader.h"
#include "services/lib/remote-session/response.h"
#include "services/lib/remote-session/session.h"

namespace remote_session {
namespace {

namespace s = capos::schema;

template <typename Fill>
std::vector<uint8_t> CapnpFrame(uint32_t id, Fill&& fill) {
  capnp::MallocMessageBuilder b;
  auto root = b.initRoot<s::Response>();
  root.setRequestId(id);
  fill(root.initCallResult());
  kj::Array<capnp::word> words = capnp::messageToFlatArray(b);
  auto bytes = words.asBytes();
  std::vector<uint8_t> out(kFrameHeaderBytes);
  for (uint32_t k = 0; k < kFrameHeaderBytes; ++k) out[k] = uint8_t(bytes.size() >> (8 * k));
  out.insert(out.end(), bytes.begin(), bytes.end());
  return out;
}

std::vector<uint8_t> Written(uint32_t id, CallMethod m, const ChatReply& r) {
  std::vector<uint8_t> out(kMaxResponseFrameBytes + 1);
  // An odd offset: the frame buffer need not be aligned.
  Frame f{out.data() + 1, out.size() - 1, kDefaultMaxFrameBytes};
  size_t n = WriteChatResult(f, id, m, r);
  return std::vector<uint8_t>(out.begin() + 1, out.begin() + 1 + n);
}

TEST(ResponseChat, SmallAnswersAreWhatCapnpWrites) {
  ChatReply r;
  r.sent = true;
  r.seq = 77;
  EXPECT_EQ(Written(5, CallMethod::kChatSend, r), CapnpFrame(5, [](s::CallResult::Builder c) {
              auto sent = c.initChatSent();
              sent.setSent(true);
              sent.setReason("");
              sent.setSeq(77);
            }));
  r.sent = false;
  EXPECT_EQ(Written(6, CallMethod::kChatSend, r), CapnpFrame(6, [](s::CallResult::Builder c) {
              auto sent = c.initChatSent();
              sent.setReason("notSent");
              sent.setSeq(77);  // as the reply said, though not sent
            }));
  r.status = ChatStatus::kInvalidText;
  EXPECT_EQ(Written(7, CallMethod::kChatSend, r), CapnpFrame(7, [](s::CallResult::Builder c) {
              c.initChatSent().setReason("invalidText");
            }));
  r = ChatReply();
  r.already_member = true;
  memset(r.you, 'y', sizeof(r.you));  // no NUL: cut at the array
  std::string you(kMaxDisplayNameBytes, 'y');
  EXPECT_EQ(Written(0xfffffffe, CallMethod::kChatJoin, r),
            CapnpFrame(0xfffffffe, [&](s::CallResult::Builder c) {
              auto j = c.initChatJoined();
              j.setYou(you);
              j.setAlreadyMember(true);
            }));
  EXPECT_EQ(Written(9, CallMethod::kChatLeave, ChatReply()),
            CapnpFrame(9, [](s::CallResult::Builder c) { c.setChatLeft(); }));
}

TEST(ResponseChat, SmallAnswersKeepTheFrameBounds) {
  ChatReply r;
  uint8_t out[256];
  size_t n =
      WriteChatResult(Frame{out, sizeof(out), kDefaultMaxFrameBytes}, 1, CallMethod::kChatSend, r);
  ASSERT_GT(n, kFrameHeaderBytes);
  size_t body = n - kFrameHeaderBytes;
  EXPECT_EQ(WriteChatResult(Frame{out, n - 1, kDefaultMaxFrameBytes}, 1, CallMethod::kChatSend, r),
            0u);
  EXPECT_EQ(
      WriteChatResult(Frame{out, sizeof(out), uint32_t(body - 8)}, 1, CallMethod::kChatSend, r),
      0u);
  EXPECT_EQ(WriteChatResult(Frame{nullptr, sizeof(out), kDefaultMaxFrameBytes}, 1,
                            CallMethod::kChatSend, r),
            0u);
  EXPECT_EQ(WriteChatResult(Frame{out, n, uint32_t(body)}, 1, CallMethod::kChatSend, r), n);
}

}  // namespace
}  // namespace remote_session
