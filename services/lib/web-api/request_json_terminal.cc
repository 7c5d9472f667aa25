// The terminal* Call members and sessionResume of a JSON Request. Same
// result as the binary decoder (remote_session codec_terminal.cc, codec.cc)
// for the same message: an over-long write and a ticket of the wrong
// length are kept as flags, not refused, because the core answers them as
// it does for the gateway (terminal status tooLarge with its limit; an
// authDenied that counts as a failed login). A bad attach mode likewise
// is the core's malformedRequest, not ours.
#include <string.h>

#include "services/lib/web-api/request_json_parts.h"

namespace web_api::request_parts {
namespace {

using remote_session::CallMethod;
using remote_session::Request;
using remote_session::TerminalModeCode;
using remote_session::TerminalRequest;

constexpr const char* kRefKeys[] = {"terminalId", "attachment"};
constexpr const char* kSizeKeys[] = {"cols", "rows"};
constexpr const char* kAttachKeys[] = {"terminalId", "mode", "resumeSeq", "replaceOwner"};
constexpr const char* kWriteKeys[] = {"ref", "bytes"};
constexpr const char* kResizeKeys[] = {"ref", "cols", "rows"};
constexpr const char* kReadKeys[] = {"ref", "fromSeq", "maxBytes", "waitMs"};

// A TerminalRef; an absent one is its default (0, 0), as a null struct
// pointer reads in the binary form.
void ReadRef(FieldReader& f, const cJSON* v, TerminalRequest* t) {
  if (v == nullptr) return;
  const cJSON* m[Count(kRefKeys)];
  if (!f.Object(v, kRefKeys, Count(kRefKeys), m)) return;
  f.U32(m[0], &t->terminal_id);
  f.U32(m[1], &t->attachment);
}

// Any text is well-formed here; only "owner" and "follower" are modes.
void ReadMode(FieldReader& f, const cJSON* v, Request* out) {
  if (!f.AnyText(v)) return;
  const char* mode = v != nullptr && v->valuestring != nullptr ? v->valuestring : "";
  if (strcmp(mode, "owner") == 0) {
    out->terminal.mode = TerminalModeCode::kOwner;
  } else if (strcmp(mode, "follower") == 0) {
    out->terminal.mode = TerminalModeCode::kFollower;
  } else {
    out->terminal_bad_mode = true;
  }
}

void ReadAttach(FieldReader& f, const cJSON* v, Request* out) {
  const cJSON* m[Count(kAttachKeys)];
  if (!f.Object(v, kAttachKeys, Count(kAttachKeys), m)) return;
  f.U32(m[0], &out->terminal.terminal_id);
  ReadMode(f, m[1], out);
  f.U64(m[2], &out->terminal.seq);
  f.Bool(m[3], &out->terminal.replace_owner);
}

void ReadWrite(FieldReader& f, const cJSON* v, Request* out) {
  const cJSON* m[Count(kWriteKeys)];
  if (!f.Object(v, kWriteKeys, Count(kWriteKeys), m)) return;
  ReadRef(f, m[0], &out->terminal);
  size_t n = 0;
  if (!f.Bytes(m[1], out->terminal_bytes, remote_session::kMaxTerminalWriteBytes, &n)) return;
  out->terminal_too_large = n > remote_session::kMaxTerminalWriteBytes;
  if (!out->terminal_too_large) out->terminal.bytes_len = n;
}

}  // namespace

void ReadTerminalCall(FieldReader& f, const cJSON* member, Request* out) {
  TerminalRequest& t = out->terminal;
  const cJSON* m[4];  // the largest of the structs below
  switch (out->method) {
    case CallMethod::kTerminalOpen:
      if (!f.Object(member, kSizeKeys, Count(kSizeKeys), m)) return;
      f.U16(m[0], &t.cols);
      f.U16(m[1], &t.rows);
      return;
    case CallMethod::kTerminalAttach:
      ReadAttach(f, member, out);
      return;
    case CallMethod::kTerminalWrite:
      ReadWrite(f, member, out);
      return;
    case CallMethod::kTerminalResize:
      if (!f.Object(member, kResizeKeys, Count(kResizeKeys), m)) return;
      ReadRef(f, m[0], &t);
      f.U16(m[1], &t.cols);
      f.U16(m[2], &t.rows);
      return;
    case CallMethod::kTerminalRead:
      if (!f.Object(member, kReadKeys, Count(kReadKeys), m)) return;
      ReadRef(f, m[0], &t);
      f.U64(m[1], &t.seq);
      f.U32(m[2], &t.max_bytes);
      f.U32(m[3], &t.wait_ms);  // over kMaxTerminalWaitMs: the core's malformedRequest
      return;
    case CallMethod::kTerminalInfo:
    case CallMethod::kTerminalDetach:
    case CallMethod::kTerminalClose:
      ReadRef(f, member, &t);  // never absent: it is the union's member
      return;
    default:  // kTerminalList
      f.Void(member);
      return;
  }
}

void ReadResumeTicket(FieldReader& f, const cJSON* member, Request* out) {
  size_t n = 0;
  if (!f.Bytes(member, out->ticket, remote_session::kResumeTicketBytes, &n)) return;
  // Another length is kept as "not a ticket", never as a prefix of one.
  out->ticket_ok = n == remote_session::kResumeTicketBytes;
  if (!out->ticket_ok) memset(out->ticket, 0, sizeof(out->ticket));
}

}  // namespace web_api::request_parts
