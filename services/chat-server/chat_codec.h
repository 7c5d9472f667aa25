// Chat over Cap'n Proto, independent of the transport: the server loop hands
// in the method ordinal, the params bytes and the caller identity from a RECV
// completion, and sends back the result bytes (or the error) with RETURN.
//
// Params are hostile: they are read with the wire codec under the glue's
// rules (libcaprt/wire_msg.h), so anything malformed is
// abi::Error::kMalformedMessage and changes nothing. Domain
// refusals (not joined, bounds, bad text) are kOk results carrying a
// Chat.Status, never transport errors.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "services/chat-server/chat_room.h"

namespace chat {

// Chat's interface id in schema/chat.capnp (checked against the generated
// code in the tests). The server loop rejects other ids before Handle().
inline constexpr uint64_t kChatInterfaceId = 0xc5164bef98ecf572ull;

enum class Method : uint16_t { kJoin = 0, kLeave = 1, kSend = 2, kWho = 3, kPoll = 4 };

// Every call needs a result buffer of at least this size; it is checked
// before any state changes, so a mutating call never happens without its
// answer being deliverable.
inline constexpr size_t kMinResultBytes = 1024;
// A result buffer this big holds any answer (a full poll or who).
inline constexpr size_t kMaxResultBytes = 32 * 1024;

struct HandleResult {
  // kOk, kBadMethod, kMalformedMessage, or kResultTooSmall (then `length`
  // is the size needed and nothing changed).
  abi::Error error = abi::Error::kOk;
  size_t length = 0;  // result bytes written on kOk
  // A line for the service log when the call changed membership (a new
  // join or a leave), empty otherwise. Holds no session-global id.
  char log[128] = {};
};

// Decodes `params` for `method`, applies it to `room` as `caller`, and
// encodes the Chat.<Method>Results message into result[0, result_cap).
// Methods without params (join, leave, who) also accept params_len == 0.
// `result` needs no alignment; `params` may be unaligned (it is copied).
HandleResult Handle(ChatRoom& room, uint16_t method, const void* params, size_t params_len,
                    const CallerInfo& caller, void* result, size_t result_cap);

// One call as an endpoint server receives it: refuses another interface
// (kWrongInterface), takes the caller from the kernel's RECV header (never
// from params), and handles it. Every server of a room answers through this.
HandleResult HandleRecv(ChatRoom& room, const abi::RecvHeader& header, const void* params,
                        void* result, size_t result_cap);

// ChatNarrator (the second, optional endpoint): its id in schema/chat.capnp
// and its one method. It takes the same kMinResultBytes as Chat.
inline constexpr uint64_t kChatNarratorInterfaceId = 0xf82fd2c2266f405cull;
enum class NarratorMethod : uint16_t { kAnnounce = 0 };

// One ChatNarrator call: announce(speaker, text) appends a message from
// "npc:<speaker>" (ChatRoom::Announce). No caller identity is used: holding
// the facet is the authority. kOk with a Chat.Status, kBadMethod,
// kMalformedMessage or kResultTooSmall (nothing changed).
HandleResult HandleNarrator(ChatRoom& room, uint16_t method, const void* params, size_t params_len,
                            void* result, size_t result_cap);
// The endpoint path: another interface is kWrongInterface.
HandleResult HandleNarratorRecv(ChatRoom& room, const abi::RecvHeader& header, const void* params,
                                void* result, size_t result_cap);

// Session teardown from the server loop (the session was logged out or its
// worker exited): drops the membership and fills `log` (NUL-terminated, may
// be empty) with the leave line. True if the session was a member.
bool DropSessionAndLog(ChatRoom& room, uint64_t session_ref, char* log, size_t log_cap);

}  // namespace chat
