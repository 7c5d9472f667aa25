#include "services/chat-server/chat_test_util.h"

#include <gtest/gtest.h>

#include <cstring>

namespace chat::test {
namespace {

std::vector<uint8_t> Bytes(capnp::MessageBuilder& builder) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(builder);
  auto bytes = words.asBytes();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

}  // namespace

CallerInfo Caller(uint64_t ref, PrincipalClass principal) {
  CallerInfo c;
  c.session_ref = ref;
  c.principal = principal;
  return c;
}

std::vector<uint8_t> EmptyParams() {
  capnp::MallocMessageBuilder builder;
  builder.initRoot<Chat::JoinParams>();
  return Bytes(builder);
}

std::vector<uint8_t> SendParams(const std::string& text) {
  capnp::MallocMessageBuilder builder;
  builder.initRoot<Chat::SendParams>().setText(capnp::Text::Reader(text.c_str(), text.size()));
  return Bytes(builder);
}

std::vector<uint8_t> PollParams(uint64_t since_seq, uint32_t limit) {
  capnp::MallocMessageBuilder builder;
  auto p = builder.initRoot<Chat::PollParams>();
  p.setSinceSeq(since_seq);
  p.setLimit(limit);
  return Bytes(builder);
}

Reply Call(ChatRoom& room, Method method, const std::vector<uint8_t>& params,
           const CallerInfo& caller, size_t result_cap) {
  Reply reply;
  std::vector<uint8_t> out(result_cap);
  reply.result = Handle(room, static_cast<uint16_t>(method), params.data(), params.size(), caller,
                        out.data(), out.size());
  if (reply.result.error == abi::Error::kOk) {
    reply.words.resize(reply.result.length / sizeof(capnp::word));
    std::memcpy(reply.words.data(), out.data(), reply.words.size() * sizeof(capnp::word));
    reply.reader = std::make_unique<capnp::FlatArrayMessageReader>(
        kj::arrayPtr(reply.words.data(), reply.words.size()));
  }
  return reply;
}

Chat::JoinResults::Reader Join(ChatRoom& room, const CallerInfo& caller, Reply& keep) {
  keep = Call(room, Method::kJoin, EmptyParams(), caller);
  EXPECT_EQ(keep.result.error, abi::Error::kOk);
  return keep.Root<Chat::JoinResults>();
}

Chat::SendResults::Reader Send(ChatRoom& room, const CallerInfo& caller, const std::string& text,
                               Reply& keep) {
  keep = Call(room, Method::kSend, SendParams(text), caller);
  EXPECT_EQ(keep.result.error, abi::Error::kOk);
  return keep.Root<Chat::SendResults>();
}

Chat::PollResults::Reader Poll(ChatRoom& room, const CallerInfo& caller, uint64_t since,
                               uint32_t limit, Reply& keep) {
  keep = Call(room, Method::kPoll, PollParams(since, limit), caller);
  EXPECT_EQ(keep.result.error, abi::Error::kOk);
  return keep.Root<Chat::PollResults>();
}

}  // namespace chat::test
