#include "services/adventure-npc/npc_calls.h"

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "schema/adventure.capnp.h"
#include "schema/chat.capnp.h"
#include "services/chat-server/chat_text.h"

namespace npc {
namespace {

using capos::schema::AdventureNpc;
using capos::schema::ChatNarrator;

static_assert(AdventureNpc::MAX_LINE_BYTES == kMaxLineBytes);
static_assert(ChatNarrator::MAX_SPEAKER_BYTES == kMaxNameBytes);

constexpr const char* kLines[] = {
    "Has anyone seen my spoon?",     "Mind the cellar steps, they bite.",
    "The bell tolls for no one.",    "Who locked the iron door again?",
    "I smell bread. Or is it rope?", "The throne looks lonely today.",
};

size_t Length(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

bool IsSpeakerChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// Copies `t` into out[0, cap] if it fits (its size into *len); false
// otherwise.
bool CopyOut(capnp::Text::Reader t, char* out, size_t cap, size_t* len) {
  *len = t.size();
  if (t.size() > cap) return false;
  for (size_t i = 0; i < t.size(); ++i) out[i] = t.begin()[i];
  out[t.size()] = '\0';
  return true;
}

size_t Finish(capnp::MessageBuilder& builder, void* out, size_t cap) {
  caprt::EncodeResult e = caprt::EncodeMessage(builder, out, cap);
  return e.error == abi::Error::kOk ? e.length : 0;
}

}  // namespace

size_t EncodeAct(const char* npc, const char* line, void* out, size_t cap) {
  capnp::MallocMessageBuilder builder(64);
  auto p = builder.initRoot<AdventureNpc::ActParams>();
  p.setNpc(capnp::Text::Reader(npc, Length(npc)));
  p.setLine(capnp::Text::Reader(line, Length(line)));
  return Finish(builder, out, cap);
}

size_t EncodeAnnounce(const char* speaker, const char* text, void* out, size_t cap) {
  capnp::MallocMessageBuilder builder(64);
  auto p = builder.initRoot<ChatNarrator::AnnounceParams>();
  p.setSpeaker(capnp::Text::Reader(speaker, Length(speaker)));
  p.setText(capnp::Text::Reader(text, Length(text)));
  return Finish(builder, out, cap);
}

bool DecodeAct(const void* reply, size_t len, ActAnswer* answer) {
  ActAnswer a;
  size_t n = 0, r = 0;
  bool fits = false;
  auto read = [&](AdventureNpc::ActResults::Reader res) {
    fits = CopyOut(res.getName(), a.name, kMaxNameBytes, &n) &&
           CopyOut(res.getRoom(), a.room, kMaxRoomBytes, &r);
  };
  if (!caprt::Decode<AdventureNpc::ActResults>(reply, len, read).ok() || !fits) return false;
  // The name becomes the announce speaker; the room goes into chat text.
  if (n == 0 || r == 0 || !chat::IsCleanText(a.room, r)) return false;
  for (size_t i = 0; i < n; ++i) {
    if (!IsSpeakerChar(a.name[i])) return false;
  }
  *answer = a;
  return true;
}

bool DecodeAnnounce(const void* reply, size_t len, AnnounceAnswer* answer) {
  AnnounceAnswer a;
  bool ok = caprt::Decode<ChatNarrator::AnnounceResults>(
                reply, len,
                [&](ChatNarrator::AnnounceResults::Reader r) {
                  a.status = static_cast<uint16_t>(r.getStatus());
                  a.seq = r.getSeq();
                })
                .ok();
  if (!ok) return false;
  *answer = a;
  return true;
}

void FormatAnnouncement(const char* line, const char* room, char* out, size_t cap) {
  if (cap == 0) return;
  size_t n = 0;
  const char* parts[] = {line, " (", room, ")"};
  for (const char* part : parts) {
    for (; *part != '\0' && n + 1 < cap; ++part) out[n++] = *part;
  }
  out[n] = '\0';
}

const char* LineAt(uint32_t i) {
  return kLines[i % (sizeof(kLines) / sizeof(kLines[0]))];
}

}  // namespace npc
