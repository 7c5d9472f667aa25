#include "services/adventure-server/text_check.h"

// Chat's check is the definition of clean text in this system; sharing it
// means a line an NPC speaks here is also one chat-server accepts.
#include "services/chat-server/chat_text.h"

namespace adventure {

Outcome CheckText(const char* text, size_t len, uint32_t max) {
  if (text == nullptr || len == 0) return Outcome::kInvalidText;
  if (len > max) return Outcome::kTooLong;
  return chat::IsCleanText(text, len) ? Outcome::kOk : Outcome::kInvalidText;
}

}  // namespace adventure
