// libFuzzer target over chat::Handle() and HandleNarrator(): a fresh room
// per input, then a sequence of calls with arbitrary method ordinals,
// callers, result buffer sizes and params bytes. Every answer must be a typed error or a result
// message that the official reader accepts and that respects the bounds.
//
// Input: repeated records of
//   [method u8][caller u8][cap u8][len u16 little-endian][len params bytes]
// method % 9: 0..4 Chat, 5..7 a bad ordinal, 8 ChatNarrator.announce.
// method bit 7 wraps the params bytes in a well-formed params message (as the
// text of send; as sinceSeq/limit of poll; as a speaker pick and the text of
// announce) so short runs reach deep states;
// caller % 5 picks session 0 (unbound) or one of four sessions, and its top
// bit makes the params buffer unaligned; cap scales the result buffer (0 =
// none, small values below kMinResultBytes).
//
// Chat params are read with the wire codec; Cap'n Proto's own reader
// (through the glue) is the reference: params it refuses must be
// kMalformedMessage, and a sent text must be exactly the text it reads.
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <memory>
#include <vector>

#include <string>

#include "libcaprt/capnp_glue.h"
#include "schema/chat.capnp.h"
#include "services/chat-server/chat_codec.h"

namespace {

using capos::schema::Chat;
using capos::schema::ChatNarrator;

constexpr uint16_t kAnnounce = 8;

void Check(bool ok) {
  if (!ok) abort();
}

// The answer to a successful call must decode and stay within the bounds.
void CheckReply(uint16_t method, const uint8_t* out, size_t len) {
  Check(len % sizeof(capnp::word) == 0 && len <= chat::kMaxResultBytes);
  std::vector<capnp::word> words(len / sizeof(capnp::word));
  memcpy(words.data(), out, len);
  capnp::FlatArrayMessageReader reader(kj::arrayPtr(words.data(), words.size()));
  if (method == kAnnounce) {
    auto a = reader.getRoot<ChatNarrator::AnnounceResults>();
    Check((a.getSeq() != 0) == (a.getStatus() == Chat::Status::OK));
    return;
  }
  switch (static_cast<chat::Method>(method)) {
    case chat::Method::kJoin:
      Check(reader.getRoot<Chat::JoinResults>().getYou().size() <= chat::kMaxNameBytes);
      break;
    case chat::Method::kSend: {
      auto s = reader.getRoot<Chat::SendResults>();
      Check(s.getSent() == (s.getStatus() == Chat::Status::OK));
      break;
    }
    case chat::Method::kWho:
      Check(reader.getRoot<Chat::WhoResults>().getMembers().size() <= chat::kMaxMembers);
      break;
    case chat::Method::kPoll: {
      auto p = reader.getRoot<Chat::PollResults>();
      Check(p.getMessages().size() <= chat::kMaxPollMessages);
      for (auto m : p.getMessages()) {
        Check(m.getSeq() > 0 && m.getSeq() <= p.getLatestSeq());
        Check(m.getText().size() > 0 && m.getText().size() <= chat::kMaxTextBytes);
      }
      break;
    }
    case chat::Method::kLeave:
      reader.getRoot<Chat::LeaveResults>().getStatus();
      break;
  }
}

// A well-formed params message for `method` built from raw fuzz bytes.
std::vector<uint8_t> Wrap(uint16_t method, const uint8_t* p, size_t len) {
  capnp::MallocMessageBuilder builder;
  if (method == uint16_t(chat::Method::kSend)) {
    std::vector<char> text(p, p + len);
    text.push_back('\0');
    builder.initRoot<Chat::SendParams>().setText(capnp::Text::Reader(text.data(), len));
  } else if (method == uint16_t(chat::Method::kPoll)) {
    uint8_t raw[12] = {};
    memcpy(raw, p, len < sizeof(raw) ? len : sizeof(raw));
    uint64_t since;
    uint32_t limit;
    memcpy(&since, raw, 8);
    memcpy(&limit, raw + 8, 4);
    auto params = builder.initRoot<Chat::PollParams>();
    params.setSinceSeq(since % 512);  // near the live range, mostly
    params.setLimit(limit % 80);
  } else if (method == kAnnounce) {
    static const char* const kSpeakers[] = {"Grimble", "Pip", "", "npc:x", "a-Z-9"};
    auto params = builder.initRoot<ChatNarrator::AnnounceParams>();
    params.setSpeaker(kSpeakers[len > 0 ? p[0] % 5 : 0]);
    std::vector<char> text(p + (len > 0), p + len);
    text.push_back('\0');
    params.setText(capnp::Text::Reader(text.data(), text.size() - 1));
  } else {
    builder.initRoot<Chat::JoinParams>();
  }
  kj::Array<capnp::word> words = capnp::messageToFlatArray(builder);
  auto bytes = words.asBytes();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

// The reference's verdict on Chat params, and the text of send's.
bool ReferenceReads(uint16_t method, const uint8_t* params, size_t len, std::string* text) {
  switch (static_cast<chat::Method>(method)) {
    case chat::Method::kSend:
      return caprt::Decode<Chat::SendParams>(params, len,
                                             [&](Chat::SendParams::Reader p) {
                                               text->assign(p.getText().begin(),
                                                            p.getText().size());
                                             })
          .ok();
    case chat::Method::kPoll:
      return caprt::Decode<Chat::PollParams>(params, len,
                                             [](Chat::PollParams::Reader p) {
                                               (void)p.getSinceSeq();
                                               (void)p.getLimit();
                                             })
          .ok();
    default:  // parameterless: empty, or any well-formed message
      return len == 0 ||
             caprt::Decode<Chat::JoinParams>(params, len, [](Chat::JoinParams::Reader) {}).ok();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<chat::ChatRoom> room;
  room = std::make_unique<chat::ChatRoom>();
  static uint8_t out[chat::kMaxResultBytes];
  size_t pos = 0;
  while (size - pos >= 5) {
    const uint8_t* rec = data + pos;
    uint16_t method = rec[0] % 9;  // 5..7 exercise kBadMethod
    bool wrap = rec[0] & 0x80;
    uint8_t who = rec[1] % 5;
    bool unaligned = rec[1] & 0x80;
    size_t cap = rec[2] == 0 ? 0 : size_t(rec[2]) * 128;
    if (cap > sizeof(out)) cap = sizeof(out);
    size_t len = rec[3] | size_t(rec[4]) << 8;
    pos += 5;
    if (len > size - pos) len = size - pos;
    const uint8_t* raw = data + pos;
    pos += len;
    chat::CallerInfo caller;
    caller.session_ref = who == 0 ? chat::kNoSession : 0x1000 + who;
    caller.principal = static_cast<chat::PrincipalClass>(who);
    std::vector<uint8_t> wrapped;
    if (wrap) {
      wrapped = Wrap(method, raw, len);
      raw = wrapped.data();
      len = wrapped.size();
    }
    // A heap copy that ends exactly after the params, so ASan sees any
    // over-read.
    std::unique_ptr<uint8_t[]> copy(new uint8_t[len + unaligned]);
    uint8_t* params = copy.get() + unaligned;
    memcpy(params, raw, len);
    uint32_t members_before = room->member_count();
    uint64_t seq_before = room->latest_seq();
    chat::HandleResult r =
        method == kAnnounce
            ? chat::HandleNarrator(*room, 0, params, len, cap ? out : nullptr, cap)
            : chat::Handle(*room, method, params, len, caller, cap ? out : nullptr, cap);
    if (method <= uint16_t(chat::Method::kPoll) && cap >= chat::kMinResultBytes) {
      std::string text;
      if (!ReferenceReads(method, params, len, &text)) {
        Check(r.error == abi::Error::kMalformedMessage);
      } else if (method == uint16_t(chat::Method::kSend) && room->latest_seq() != seq_before) {
        const chat::Message* m = room->MessageAt(room->latest_seq());
        Check(m != nullptr && std::string(m->text, m->text_len) == text);
      }
    }
    if (r.error == abi::Error::kOk) {
      CheckReply(method, out, r.length);
    } else {
      // A refused call changes nothing.
      Check(room->member_count() == members_before && room->latest_seq() == seq_before);
      Check(r.error == abi::Error::kBadMethod || r.error == abi::Error::kMalformedMessage ||
            r.error == abi::Error::kResultTooSmall);
      Check(r.log[0] == '\0');
    }
    Check(room->member_count() <= chat::kMaxMembers);
  }
  return 0;
}
