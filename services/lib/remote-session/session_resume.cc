// sessionResume: a connection joins a live session by its ticket (the
// gateway's sessions may outlive a connection; see SharedBounds::tickets).
// The core only checks shapes and answers; the transport owns the table of
// sessions and decides which one a ticket names.
#include <string.h>

#include "services/lib/remote-session/response.h"
#include "services/lib/remote-session/session.h"

namespace remote_session {

Output Session::SessionResume(const Request& req, const Reply& r) {
  // Only a connection that is not logged in may become another session;
  // a front end without resume never has one to offer.
  if (shared_.tickets == nullptr || !req.ticket_ok || state_ == SessionState::kAuthenticated)
    return LoginFailed(r, ErrorCode::kAuthDenied, "method=resume");
  memcpy(resume_ticket_, req.ticket, kResumeTicketBytes);
  resume_request_id_ = r.id;
  Output o;
  o.resume = true;
  o.origin = origin_;
  return o;
}

bool Session::TicketMatches(const uint8_t* ticket) const {
  if (!has_ticket_ || state_ != SessionState::kAuthenticated || disconnected_) return false;
  // Constant time: how far a guess matched must not show in the timing.
  uint8_t diff = 0;
  for (size_t i = 0; i < kResumeTicketBytes; ++i) diff |= uint8_t(ticket_[i] ^ ticket[i]);
  return diff == 0;
}

Output Session::Resumed(uint32_t request_id, uint32_t origin, uint64_t now_ms, uint8_t* out,
                        size_t capacity) {
  QuietScope scope(this, false, origin);
  Reply r{{out, capacity, limits_.max_frame_bytes}, request_id, now_ms};
  if (state_ != SessionState::kAuthenticated)
    return Deny(r, ErrorCode::kStaleSession, "resume", "", false);
  Record(now_ms, "resume", "another connection joined", "ok");
  return Send(
      WriteSessionView(r.frame, r.id, true, summary_, tag_, has_ticket_ ? ticket_ : nullptr));
}

Output Session::ResumeRefused(uint32_t request_id, uint64_t now_ms, uint8_t* out, size_t capacity) {
  Reply r{{out, capacity, limits_.max_frame_bytes}, request_id, now_ms};
  memset(resume_ticket_, 0, sizeof(resume_ticket_));
  return LoginFailed(r, ErrorCode::kAuthDenied, "method=resume");
}

}  // namespace remote_session
