// libFuzzer target over the companion's reply decoders: arbitrary bytes as
// an act or announce reply must be refused or yield bounded, clean fields
// (an act reply's name is a valid announce speaker).
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "services/adventure-npc/npc_calls.h"
#include "services/chat-server/chat_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  npc::ActAnswer a;
  if (npc::DecodeAct(data, size, &a)) {
    size_t n = strlen(a.name), r = strlen(a.room);
    if (n == 0 || n > npc::kMaxNameBytes || r == 0 || r > npc::kMaxRoomBytes) abort();
    if (!chat::IsCleanText(a.room, r)) abort();
    char text[npc::kMaxAnnounceBytes + 1];
    npc::FormatAnnouncement(npc::LineAt(static_cast<uint32_t>(size)), a.room, text, sizeof(text));
    if (!chat::IsCleanText(text, strlen(text))) abort();
  }
  npc::AnnounceAnswer s;
  npc::DecodeAnnounce(data, size, &s);
  return 0;
}
