// Host-test helpers: params built and results read with the official
// Cap'n Proto library, so the codec is checked against the real wire format.
#pragma once

#include <capnp/serialize.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "schema/chat.capnp.h"
#include "services/chat-server/chat_codec.h"

namespace chat::test {

using capos::schema::Chat;

// A caller bound to session `ref`, disclosed as `principal`.
CallerInfo Caller(uint64_t ref, PrincipalClass principal = PrincipalClass::kOperator);

std::vector<uint8_t> EmptyParams();
std::vector<uint8_t> SendParams(const std::string& text);
std::vector<uint8_t> PollParams(uint64_t since_seq, uint32_t limit);

// One Handle() call and its decoded answer.
struct Reply {
  HandleResult result;
  std::vector<capnp::word> words;
  std::unique_ptr<capnp::FlatArrayMessageReader> reader;

  template <typename T>
  typename T::Reader Root() {
    if (!reader) return typename T::Reader();  // the call failed; the test has said so
    return reader->getRoot<T>();
  }
};

Reply Call(ChatRoom& room, Method method, const std::vector<uint8_t>& params,
           const CallerInfo& caller, size_t result_cap = kMaxResultBytes);

// Typed shorthands over Call(); they expect the call to succeed (kOk).
Chat::JoinResults::Reader Join(ChatRoom& room, const CallerInfo& caller, Reply& keep);
Chat::SendResults::Reader Send(ChatRoom& room, const CallerInfo& caller, const std::string& text,
                               Reply& keep);
Chat::PollResults::Reader Poll(ChatRoom& room, const CallerInfo& caller, uint64_t since,
                               uint32_t limit, Reply& keep);

}  // namespace chat::test
