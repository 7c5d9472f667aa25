// A browser's Request body (hostile) in Cap'n Proto 0.9.2 JsonCodec's
// encoding of schema/remote_session.capnp Request, decoded into the same
// remote_session::Request that remote_session::DecodeRequest makes of the
// binary form. See services/web-ui/API.md ("JSON encoding of the DTOs").
//
// Stricter than JsonCodec on purpose (each a typed status below): unknown
// keys, a key twice, a union with no member or two, a wrong JSON type, a
// number that is not an integer in its field's range, a 64-bit integer that
// is not a decimal string, a text over its remote_session bound, more args
// or grants than remote_session keeps. The binary decoder keeps an
// over-long text as `too_long` for the core to answer; here it is refused
// before the core sees it. Void is `null` or `{}`; Data an array of byte
// numbers. Missing non-union fields take their schema default.
//
// Kept as the binary decoder keeps them, because the core answers them
// itself: a terminalWrite over kMaxTerminalWriteBytes (terminal_too_large,
// no bytes), an attach mode other than "owner"/"follower"
// (terminal_bad_mode), a sessionResume ticket of another length than
// kResumeTicketBytes (ticket_ok false, no bytes).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/remote-session/codec.h"

namespace web_api {

// The body bounds (json::Limits). The largest well-formed Request is a
// terminalWrite of kMaxTerminalWriteBytes bytes, each "255," in JsonCodec's
// Data array: 16 KiB of text for the bytes, under 300 for the rest. Every
// other one, each text at its bound and escaped as \uXXXX, is under 8 KiB
// (the disabled logins' Data and oidc, which have no bound, aside). cJSON
// allocates a node (64 bytes on LP64) per array element: 256 KiB for that
// write, plus the parse's copy of the body. An over-long write is kept as
// terminal_too_large only while its body fits these bounds; a larger one
// is the web layer's malformedJson (kTooLarge or kOutOfMemory).
inline constexpr size_t kMaxRequestJsonBytes = 24 * 1024;
inline constexpr int kMaxRequestJsonDepth = 8;  // a Request nests 4 deep
inline constexpr size_t kMaxRequestJsonAllocBytes = 384 * 1024;

enum class RequestJsonStatus : uint8_t {
  kOk,
  // Not one JSON value within the bounds: the web layer's malformedJson.
  kTooLarge,
  kTooDeep,
  kOutOfMemory,
  kSyntax,
  // JSON, but not a Request: denied(malformedRequest).
  kUnknownKey,
  kDuplicateKey,
  kNoUnionMember,
  kTwoUnionMembers,
  kWrongType,   // e.g. a number where a text belongs, or the body is not an object
  kBadInteger,  // not an integer, out of range, or a 64-bit one not in decimal
  kTooLong,     // a text over its bound
  kTooMany,     // more args or grants than the core keeps
};

// True for the statuses that mean the body is not JSON at all.
inline bool IsJsonError(RequestJsonStatus s) {
  return s >= RequestJsonStatus::kTooLarge && s <= RequestJsonStatus::kSyntax;
}
const char* RequestJsonStatusName(RequestJsonStatus s);

// Decodes body[0, len). On anything but kOk *out is a default Request with
// only request_id kept (when the top-level "requestId" was a valid UInt32;
// else 0), and its password wiped. Every string of the parsed tree is
// overwritten before the tree is freed; the caller still owns `body`, which
// holds a password login in clear, and wipes it.
RequestJsonStatus DecodeRequestJson(const char* body, size_t len, remote_session::Request* out);

}  // namespace web_api
