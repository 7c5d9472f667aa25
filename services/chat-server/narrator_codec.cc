// ChatNarrator over Cap'n Proto: the companions' way to speak in the room.
// Params are decoded through libcaprt's glue like Chat's; a bad speaker or
// text is a Chat.Status in the result, never a transport error.
#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "schema/chat.capnp.h"
#include "services/chat-server/chat_codec.h"

namespace chat {
namespace {

using capos::schema::ChatNarrator;

static_assert(ChatNarrator::MAX_SPEAKER_BYTES == kMaxSpeakerBytes);

// Copied out during the decode (the reader may sit in a temporary aligned
// copy); longer values are only measured, and Announce refuses them by
// length.
template <size_t N>
struct Arg {
  char bytes[N] = {};
  size_t len = 0;
  void Read(capnp::Text::Reader t) {
    len = t.size();
    if (len <= N) {
      for (size_t i = 0; i < len; ++i) bytes[i] = t.begin()[i];
    }
  }
};

}  // namespace

HandleResult HandleNarrator(ChatRoom& room, uint16_t method, const void* params, size_t params_len,
                            void* result, size_t result_cap) {
  HandleResult r;
  if (method != static_cast<uint16_t>(NarratorMethod::kAnnounce)) {
    r.error = abi::Error::kBadMethod;
    return r;
  }
  if (result == nullptr || result_cap < kMinResultBytes) {
    r.error = abi::Error::kResultTooSmall;
    r.length = kMinResultBytes;
    return r;
  }
  Arg<kMaxSpeakerBytes> speaker;
  Arg<kMaxTextBytes> text;
  bool ok =
      caprt::Decode<ChatNarrator::AnnounceParams>(params, params_len,
                                                  [&](ChatNarrator::AnnounceParams::Reader p) {
                                                    speaker.Read(p.getSpeaker());
                                                    text.Read(p.getText());
                                                  })
          .ok();
  if (!ok) {
    r.error = abi::Error::kMalformedMessage;
    return r;
  }
  SendOutcome s = room.Announce(speaker.bytes, speaker.len, text.bytes, text.len);
  capnp::MallocMessageBuilder builder(32);
  auto res = builder.initRoot<ChatNarrator::AnnounceResults>();
  res.setStatus(static_cast<capos::schema::Chat::Status>(s.status));
  res.setSeq(s.seq);
  caprt::EncodeResult e = caprt::EncodeMessage(builder, result, result_cap);
  r.error = e.error;
  r.length = e.error == abi::Error::kOk ? e.length : 0;
  return r;
}

HandleResult HandleNarratorRecv(ChatRoom& room, const abi::RecvHeader& h, const void* params,
                                void* result, size_t result_cap) {
  if (h.interface_id != kChatNarratorInterfaceId) {
    HandleResult r;
    r.error = abi::Error::kWrongInterface;
    return r;
  }
  return HandleNarrator(room, h.method, params, h.params_len, result, result_cap);
}

}  // namespace chat
