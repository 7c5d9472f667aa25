// Stub: the state machine is being written; every request is unavailable.
#include "services/lib/remote-session/session.h"

namespace remote_session {

Session::Session(Backend& backend, const SharedBounds& shared, const ConnectionInfo& connection,
                 const SessionLimits& limits)
    : backend_(backend),
      shared_(shared),
      connection_(connection),
      limits_(limits),
      transcript_(limits.transcript_capacity, connection.connected_at_ms) {}
Session::~Session() {
  Disconnect(0);
}
Output Session::HandleFrame(const uint8_t*, size_t, uint64_t, uint8_t*, size_t) {
  return {0, true, false};
}
Output Session::HandleRequest(Request&, uint64_t, uint8_t*, size_t) {
  return {0, true, false};
}
Output Session::CompleteChat(uint32_t, BackendStatus, const ChatReply*, uint64_t, uint8_t*,
                             size_t) {
  return {};
}
Output Session::FrameError(FrameStatus, uint64_t, uint8_t*, size_t) {
  return {0, true, false};
}
void Session::Disconnect(uint64_t) {}

}  // namespace remote_session
