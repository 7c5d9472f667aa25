// The relay messages a front end writes and reads (relay_codec.h), against
// Debian's libcapnp: the bytes written are the ones Cap'n Proto writes, and
// answers built by Cap'n Proto read back field for field.
#include "services/lib/ipc-backend/relay_codec.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "kernel-abi/abi.h"
#include "schema/chat.capnp.h"
#include "schema/worker.capnp.h"

namespace ipc_backend {
namespace {

namespace rs = remote_session;
using capos::schema::Chat;
using capos::schema::ChatWorker;
using capos::schema::ServiceWorker;

std::vector<uint64_t> Words(capnp::MessageBuilder& b) {
  kj::Array<capnp::word> flat = capnp::messageToFlatArray(b);
  std::vector<uint64_t> w(flat.size());
  memcpy(w.data(), flat.begin(), flat.asBytes().size());
  return w;
}

template <typename T, typename Fill>
std::vector<uint64_t> Message(Fill&& fill) {
  capnp::MallocMessageBuilder b;
  fill(b.initRoot<T>());
  return Words(b);
}

// RelayResults around `inner`, as a worker answers.
std::vector<uint64_t> Relayed(const std::vector<uint64_t>& inner) {
  return Message<ChatWorker::RelayResults>([&](ChatWorker::RelayResults::Builder r) {
    r.setResults(kj::arrayPtr(reinterpret_cast<const kj::byte*>(inner.data()), inner.size() * 8));
  });
}

std::vector<uint64_t> Encoded(const rs::ChatRequest& r) {
  alignas(8) uint8_t out[512];
  uint32_t n = EncodeRelayParams(r, out, sizeof(out));
  std::vector<uint64_t> w(n / 8);
  memcpy(w.data(), out, n);
  return w;
}

std::vector<uint64_t> WantRelay(uint16_t method, const std::vector<uint64_t>& inner) {
  return Message<ChatWorker::RelayParams>([&](ChatWorker::RelayParams::Builder p) {
    p.setMethod(method);
    p.setParams(kj::arrayPtr(reinterpret_cast<const kj::byte*>(inner.data()), inner.size() * 8));
  });
}

TEST(RelayCodec, RelayParamsAreWhatCapnpWrites) {
  rs::ChatRequest r;
  for (rs::ChatOp op : {rs::ChatOp::kJoin, rs::ChatOp::kLeave, rs::ChatOp::kWho}) {
    r.op = op;
    EXPECT_EQ(Encoded(r),
              WantRelay(uint16_t(op), Message<Chat::WhoParams>([](Chat::WhoParams::Builder) {})));
  }
  std::string text = "hello, a line of chat";
  r.op = rs::ChatOp::kSend;
  r.text = text.data();
  r.text_len = text.size();
  EXPECT_EQ(Encoded(r), WantRelay(2, Message<Chat::SendParams>(
                                         [&](Chat::SendParams::Builder p) { p.setText(text); })));
  r.text = nullptr;
  r.text_len = 0;
  EXPECT_EQ(
      Encoded(r),
      WantRelay(2, Message<Chat::SendParams>([](Chat::SendParams::Builder p) { p.setText(""); })));
  r.op = rs::ChatOp::kPoll;
  r.since_seq = 0x123456789ull;
  r.limit = 16;
  EXPECT_EQ(Encoded(r), WantRelay(4, Message<Chat::PollParams>([](Chat::PollParams::Builder p) {
                                    p.setSinceSeq(0x123456789ull);
                                    p.setLimit(16);
                                  })));
}

TEST(RelayCodec, ServiceRelayParamsAreWhatCapnpWrites) {
  std::vector<uint64_t> inner = {1, 2, 3};
  alignas(8) uint8_t out[128];
  uint32_t n = EncodeServiceRelayParams(7, inner.data(), 24, out, sizeof(out));
  auto want = Message<ServiceWorker::RelayParams>([&](ServiceWorker::RelayParams::Builder p) {
    p.setMethod(7);
    p.setParams(kj::arrayPtr(reinterpret_cast<const kj::byte*>(inner.data()), 24));
  });
  ASSERT_EQ(n, want.size() * 8);
  EXPECT_EQ(memcmp(out, want.data(), n), 0);
  EXPECT_EQ(EncodeServiceRelayParams(7, inner.data(), 24, out, n - 8), 0u);  // does not fit
}

rs::BackendStatus Decode(rs::ChatOp op, const std::vector<uint64_t>& msg, rs::ChatReply* reply,
                         int32_t status = 0) {
  return DecodeRelayReply(op, status, msg.data(), uint32_t(msg.size() * 8), reply);
}

TEST(RelayCodec, ReadsEveryChatAnswer) {
  rs::ChatReply r;
  ASSERT_EQ(Decode(rs::ChatOp::kJoin, Relayed(Message<Chat::JoinResults>([](auto j) {
                     j.setAlreadyMember(true);
                     j.setYou("operator-1");
                   })),
                   &r),
            rs::BackendStatus::kOk);
  EXPECT_EQ(r.status, rs::ChatStatus::kOk);
  EXPECT_TRUE(r.already_member);
  EXPECT_STREQ(r.you, "operator-1");

  ASSERT_EQ(Decode(rs::ChatOp::kSend, Relayed(Message<Chat::SendResults>([](auto s) {
                     s.setSent(true);
                     s.setSeq(42);
                   })),
                   &r),
            rs::BackendStatus::kOk);
  EXPECT_TRUE(r.sent);
  EXPECT_EQ(r.seq, 42u);
  ASSERT_EQ(Decode(rs::ChatOp::kSend, Relayed(Message<Chat::SendResults>([](auto s) {
                     s.setStatus(Chat::Status::NOT_JOINED);
                   })),
                   &r),
            rs::BackendStatus::kOk);
  EXPECT_FALSE(r.sent);
  EXPECT_EQ(r.status, rs::ChatStatus::kNotJoined);

  ASSERT_EQ(Decode(rs::ChatOp::kLeave, Relayed(Message<Chat::LeaveResults>([](auto l) {
                     l.setStatus(Chat::Status::NO_SESSION);
                   })),
                   &r),
            rs::BackendStatus::kOk);
  EXPECT_EQ(r.status, rs::ChatStatus::kNoSession);

  ASSERT_EQ(Decode(rs::ChatOp::kWho, Relayed(Message<Chat::WhoResults>([](auto w) {
                     w.setYou("b");
                     auto m = w.initMembers(3);
                     m.set(0, "a");
                     m.set(1, "b");
                     m.set(2, std::string(100, 'x'));  // cut to the buffer
                   })),
                   &r),
            rs::BackendStatus::kOk);
  EXPECT_STREQ(r.you, "b");
  ASSERT_EQ(r.member_count, 3u);
  EXPECT_STREQ(r.members[1], "b");
  EXPECT_EQ(std::string(r.members[2]), std::string(rs::kMaxDisplayNameBytes, 'x'));

  ASSERT_EQ(Decode(rs::ChatOp::kPoll, Relayed(Message<Chat::PollResults>([](auto p) {
                     p.setTruncated(true);
                     p.setLatestSeq(9);
                     auto m = p.initMessages(rs::kMaxChatPollMessages + 2);
                     for (uint32_t i = 0; i < m.size(); ++i) {
                       m[i].setSeq(i + 1);
                       m[i].setFrom("from");
                       m[i].setText("text " + std::to_string(i));
                     }
                   })),
                   &r),
            rs::BackendStatus::kOk);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ(r.latest_seq, 9u);
  ASSERT_EQ(r.message_count, rs::kMaxChatPollMessages);  // the rest is not taken
  EXPECT_EQ(r.messages[3].seq, 4u);
  EXPECT_STREQ(r.messages[3].from, "from");
  EXPECT_STREQ(r.messages[3].text, "text 3");
}

TEST(RelayCodec, CallErrorsMapToBackendStatus) {
  rs::ChatReply r;
  auto ok = Relayed(Message<Chat::LeaveResults>([](auto) {}));
  EXPECT_EQ(Decode(rs::ChatOp::kLeave, ok, &r, -int32_t(abi::Error::kStaleSession)),
            rs::BackendStatus::kStale);
  EXPECT_EQ(Decode(rs::ChatOp::kLeave, ok, &r, -int32_t(abi::Error::kDisconnected)),
            rs::BackendStatus::kWorkerGone);
  EXPECT_EQ(Decode(rs::ChatOp::kLeave, ok, &r, -int32_t(abi::Error::kTimedOut)),
            rs::BackendStatus::kUnavailable);
}

// WhoResults (one data word, two pointers) whose members pointer is `members`.
std::vector<uint64_t> WhoWithMembers(uint64_t members) {
  return {uint64_t{4} << 32, 0x0002000100000000ull, 0, members, 0};
}

TEST(RelayCodec, BadAnswersAreUnavailable) {
  rs::ChatReply r;
  auto leave = Message<Chat::LeaveResults>([](auto) {});
  std::vector<uint64_t> trailing = Relayed(leave);
  trailing.push_back(0);  // a word the segment table does not count
  std::vector<uint64_t> inner_trailing = leave;
  inner_trailing.push_back(0);
  auto odd = Message<ChatWorker::RelayResults>([](auto res) { res.initResults(12); });
  std::vector<uint64_t> big(ChatWorker::MAX_RELAY_BYTES / 8 + 1, 0);
  std::vector<std::vector<uint64_t>> bad = {
      {0, 0},
      trailing,
      Relayed(inner_trailing),
      odd,
      Relayed(big),
      Relayed({}),  // no results at all
      Relayed(Message<Chat::LeaveResults>([](auto l) { l.setStatus(Chat::Status(6)); })),
      Relayed(Message<Chat::LeaveResults>([](auto l) { l.setStatus(Chat::Status(256)); })),
      // members as an empty list of bytes: no List(Text), for Cap'n Proto either
      Relayed(WhoWithMembers(0x0000000200000001ull)),
  };
  for (size_t i = 0; i < bad.size(); ++i) {
    rs::ChatOp op = i == bad.size() - 1 ? rs::ChatOp::kWho : rs::ChatOp::kLeave;
    EXPECT_EQ(Decode(op, bad[i], &r), rs::BackendStatus::kUnavailable) << "case " << i;
  }
  // A null members list, or an empty list of pointers, is no member.
  EXPECT_EQ(Decode(rs::ChatOp::kWho, Relayed(Message<Chat::WhoResults>([](auto) {})), &r),
            rs::BackendStatus::kOk);
  EXPECT_EQ(r.member_count, 0u);
  EXPECT_EQ(Decode(rs::ChatOp::kWho, Relayed(WhoWithMembers(0x0000000600000001ull)), &r),
            rs::BackendStatus::kOk);
  EXPECT_EQ(r.member_count, 0u);
}

TEST(RelayCodec, ResultsAreReadInPlaceFromAlignedAnswersOnly) {
  auto msg = Message<ServiceWorker::RelayResults>(
      [](auto res) { res.setResults(kj::heapArray<kj::byte>(16).asPtr()); });
  const uint8_t* results = nullptr;
  uint32_t n = 0;
  ASSERT_TRUE(ReadRelayResults(msg.data(), uint32_t(msg.size() * 8), 16, &results, &n));
  EXPECT_EQ(n, 16u);
  EXPECT_EQ(results, reinterpret_cast<const uint8_t*>(msg.data()) + 24);
  EXPECT_FALSE(ReadRelayResults(msg.data(), uint32_t(msg.size() * 8), 8, &results, &n));
  std::vector<uint8_t> shifted(msg.size() * 8 + 1);
  memcpy(shifted.data() + 1, msg.data(), msg.size() * 8);
  EXPECT_FALSE(ReadRelayResults(shifted.data() + 1, uint32_t(msg.size() * 8), 16, &results, &n));
}

}  // namespace
}  // namespace ipc_backend
