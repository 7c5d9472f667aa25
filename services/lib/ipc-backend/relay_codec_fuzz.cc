// libFuzzer target over the front end's reading of a worker's answer
// (DecodeRelayReply): hostile RelayResults bytes must give kUnavailable or
// a ChatReply within its arrays, and Cap'n Proto's own reader is the
// reference: an answer read here must read there too, with the same
// fields. Input: [op u8][RelayResults bytes].
#include <capnp/message.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <memory>
#include <string>

#include "libcaprt/capnp_glue.h"
#include "schema/chat.capnp.h"
#include "schema/worker.capnp.h"
#include "services/lib/ipc-backend/relay_codec.h"

namespace {

namespace rs = remote_session;
using capos::schema::Chat;
using capos::schema::ChatWorker;

void Check(bool ok) {
  if (!ok) abort();
}

// The text as copied: cut to the buffer, NUL-terminated (a text may hold
// NULs of its own).
bool Same(const char* got, const capnp::Text::Reader& want, size_t cap) {
  size_t n = want.size() < cap - 1 ? want.size() : cap - 1;
  return memcmp(got, want.begin(), n) == 0 && got[n] == 0;
}

// The reference's reading of the inner Chat results of `op`, compared
// field by field with what DecodeChatResults wrote.
void CheckInner(rs::ChatOp op, const void* inner, size_t len, const rs::ChatReply& r) {
  caprt::DecodeResult d;
  switch (op) {
    case rs::ChatOp::kJoin:
      d = caprt::Decode<Chat::JoinResults>(inner, len, [&](Chat::JoinResults::Reader x) {
        Check(uint16_t(x.getStatus()) == uint16_t(r.status));
        Check(x.getAlreadyMember() == r.already_member);
        Check(Same(r.you, x.getYou(), sizeof(r.you)));
      });
      break;
    case rs::ChatOp::kLeave:
      d = caprt::Decode<Chat::LeaveResults>(inner, len, [&](Chat::LeaveResults::Reader x) {
        Check(uint16_t(x.getStatus()) == uint16_t(r.status));
      });
      break;
    case rs::ChatOp::kSend:
      d = caprt::Decode<Chat::SendResults>(inner, len, [&](Chat::SendResults::Reader x) {
        Check(uint16_t(x.getStatus()) == uint16_t(r.status));
        Check(x.getSent() == r.sent && x.getSeq() == r.seq);
      });
      break;
    case rs::ChatOp::kWho:
      d = caprt::Decode<Chat::WhoResults>(inner, len, [&](Chat::WhoResults::Reader x) {
        Check(uint16_t(x.getStatus()) == uint16_t(r.status));
        Check(Same(r.you, x.getYou(), sizeof(r.you)));
        auto m = x.getMembers();
        uint32_t n = m.size() < rs::kMaxChatMembers ? m.size() : rs::kMaxChatMembers;
        Check(r.member_count == n);
        for (uint32_t i = 0; i < n; ++i) Check(Same(r.members[i], m[i], sizeof(r.members[i])));
      });
      break;
    case rs::ChatOp::kPoll:
      d = caprt::Decode<Chat::PollResults>(inner, len, [&](Chat::PollResults::Reader x) {
        Check(uint16_t(x.getStatus()) == uint16_t(r.status));
        Check(x.getTruncated() == r.truncated && x.getLatestSeq() == r.latest_seq);
        auto m = x.getMessages();
        uint32_t n = m.size() < rs::kMaxChatPollMessages ? m.size() : rs::kMaxChatPollMessages;
        Check(r.message_count == n);
        for (uint32_t i = 0; i < n; ++i) {
          Check(m[i].getSeq() == r.messages[i].seq);
          Check(Same(r.messages[i].from, m[i].getFrom(), sizeof(r.messages[i].from)));
          Check(Same(r.messages[i].text, m[i].getText(), sizeof(r.messages[i].text)));
        }
      });
      break;
  }
  Check(d.ok());
}

alignas(8) uint8_t answer[1 << 16];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size - 1 > sizeof(answer)) return 0;
  auto op = static_cast<rs::ChatOp>(data[0] % 5);
  size_t len = size - 1;
  memcpy(answer, data + 1, len);
  static std::unique_ptr<rs::ChatReply> reply(new rs::ChatReply);
  *reply = rs::ChatReply();
  rs::BackendStatus st =
      ipc_backend::DecodeRelayReply(op, 0, answer, static_cast<uint32_t>(len), reply.get());
  if (st != rs::BackendStatus::kOk) {
    Check(st == rs::BackendStatus::kUnavailable);
    return 0;
  }
  Check(reply->member_count <= rs::kMaxChatMembers);
  Check(reply->message_count <= rs::kMaxChatPollMessages);
  // The reference must accept the outer message and the inner one.
  std::string inner;
  caprt::DecodeResult outer =
      caprt::Decode<ChatWorker::RelayResults>(answer, len, [&](ChatWorker::RelayResults::Reader r) {
        auto d = r.getResults();
        inner.assign(reinterpret_cast<const char*>(d.begin()), d.size());
      });
  Check(outer.ok() && !inner.empty() && inner.size() % 8 == 0);
  CheckInner(op, inner.data(), inner.size(), *reply);
  return 0;
}
