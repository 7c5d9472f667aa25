// libFuzzer target: DecodeRequestJson over arbitrary bodies. Whatever the
// status, every cJSON byte is freed again; a kOk Request holds only texts
// within their bounds and counts within the arrays, terminal bytes only
// within the write bound and a ticket only when it is one; a refusal holds
// nothing but the id (no password, write or ticket byte).
#include <stddef.h>
#include <stdint.h>

#include "services/lib/json/json_body.h"
#include "services/lib/web-api/request_json.h"

namespace {

using remote_session::Request;

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

template <size_t N>
void CheckText(const remote_session::BoundedText<N>& t) {
  Check(t.len <= N && t.data[t.len] == '\0' && !t.too_long);
}

template <size_t N>
bool AllZero(const uint8_t (&bytes)[N]) {
  for (uint8_t b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

void CheckOk(const Request& r) {
  Check(r.kind <= remote_session::RequestKind::kSessionResume);
  Check(r.login <= remote_session::LoginKind::kPasskey);
  Check(uint32_t(r.method) < remote_session::kCallMethodCount);
  CheckText(r.principal);
  CheckText(r.password);
  CheckText(r.profile);
  CheckText(r.cap_name);
  CheckText(r.chat_text);
  CheckText(r.verb);
  CheckText(r.service);
  CheckText(r.binary);
  Check(r.arg_count <= remote_session::kMaxArgs && !r.too_many_args);
  for (uint32_t i = 0; i < r.arg_count; ++i) CheckText(r.args[i]);
  Check(r.grant_count <= remote_session::kMaxServiceGrants && !r.bad_grants);
  Check(r.terminal.bytes_len <= remote_session::kMaxTerminalWriteBytes);
  Check(r.terminal.bytes == nullptr);  // the core points it at terminal_bytes
  if (r.terminal_too_large) Check(r.terminal.bytes_len == 0 && AllZero(r.terminal_bytes));
  if (!r.ticket_ok) Check(AllZero(r.ticket));
}

void CheckRefused(const Request& r) {
  Request fresh;
  fresh.request_id = r.request_id;
  for (size_t i = 0; i < sizeof(r.password.data); ++i) Check(r.password.data[i] == 0);
  Check(r.kind == fresh.kind && r.principal.len == 0 && r.password.len == 0 && r.arg_count == 0 &&
        r.grant_count == 0);
  Check(!r.ticket_ok && !r.terminal_too_large && !r.terminal_bad_mode &&
        r.terminal.bytes_len == 0 && AllZero(r.ticket) && AllZero(r.terminal_bytes));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  json::Init();
  size_t before = json::LiveBytes();
  Request r;
  web_api::RequestJsonStatus st =
      web_api::DecodeRequestJson(reinterpret_cast<const char*>(data), size, &r);
  Check(json::LiveBytes() == before);
  if (st == web_api::RequestJsonStatus::kOk) {
    CheckOk(r);
  } else {
    CheckRefused(r);
  }
  return 0;
}
