// Log lines of the chat server. They prove (in QEMU scenarios) that the
// server saw the live caller session and its disclosed class, not a name the
// caller chose, while keeping session-global ids out of the log: a member is
// named by its room-local handle ("m3"), never by its session reference.
#pragma once

#include <stddef.h>

#include "services/chat-server/chat_room.h"

namespace chat {

// Both write a NUL-terminated line without a trailing newline into
// out[0, cap), truncating if needed, and return its length (0 if cap == 0).

// "chat: join from session m3 class=operator auth=password profile=operator"
size_t FormatJoinLog(const Member& m, char* out, size_t cap);

// "chat: leave session m3 class=operator (<why>)", e.g. why = "leave",
// "session dropped".
size_t FormatLeaveLog(const Member& m, const char* why, char* out, size_t cap);

}  // namespace chat
