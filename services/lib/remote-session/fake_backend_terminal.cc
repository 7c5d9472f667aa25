#include <string.h>

#include "services/lib/remote-session/fake_backend.h"

namespace remote_session {

BackendStatus FakeBackend::CallTerminal(BackendSession session, uint32_t call_tag,
                                        const TerminalRequest& request, TerminalReply* out) {
  ++terminal_calls;
  last_terminal = request;
  last_terminal_tag = call_tag;
  size_t n = request.bytes_len < sizeof(last_terminal_bytes) ? request.bytes_len : 0;
  if (request.bytes != nullptr && n > 0) memcpy(last_terminal_bytes, request.bytes, n);
  last_terminal.bytes = last_terminal_bytes;
  if (!IsLive(session)) return BackendStatus::kStale;
  if (request.op == TerminalOp::kRead && request.wait_ms > 0 && pending_terminal_reads)
    return BackendStatus::kPending;
  *out = terminal_answer;
  return BackendStatus::kOk;
}

}  // namespace remote_session
