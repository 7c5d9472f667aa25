// Response writer for the terminal* calls: callResult.terminal, with the
// schema's enum values as their names (schema/remote_session.capnp).
#include <stdio.h>

#include "schema/terminal.capnp.h"
#include "services/lib/remote-session/response_builder.h"

namespace remote_session {
namespace {

namespace s = capos::schema;

// TerminalStatus names in ordinal order.
const char* const kStatusNames[] = {"ok",
                                    "followerInput",
                                    "notOwner",
                                    "unknownTerminal",
                                    "ownerAttached",
                                    "tooManyFollowers",
                                    "tooManyTerminals",
                                    "ended",
                                    "detached",
                                    "badSize",
                                    "tooLarge",
                                    "futureSeq",
                                    "noSession",
                                    "inputFull"};
static_assert(sizeof(kStatusNames) / sizeof(kStatusNames[0]) ==
              uint16_t(s::TerminalStatus::INPUT_FULL) + 1);
static_assert(uint16_t(s::TerminalStatus::ENDED) == 7);
static_assert(uint16_t(s::TerminalMode::FOLLOWER) == uint16_t(TerminalModeCode::kFollower));
static_assert(uint16_t(s::TerminalState::EXITED) == uint16_t(TerminalStateCode::kExited));

const char* ModeName(TerminalModeCode m) {
  return m == TerminalModeCode::kFollower ? "follower" : "owner";
}

const char* StateName(TerminalStateCode st) {
  switch (st) {
    case TerminalStateCode::kRunning:
      return "running";
    case TerminalStateCode::kDetached:
      return "detached";
    case TerminalStateCode::kExited:
      return "exited";
  }
  return "exited";
}

void FillView(s::TerminalView::Builder b, const TerminalInfo& t) {
  char name[24];
  snprintf(name, sizeof(name), "term-%u", t.id);
  b.setId(t.id);
  b.setName(T(name));
  b.setCols(t.cols);
  b.setRows(t.rows);
  b.setState(T(StateName(t.state)));
  b.setOwnerAttached(t.owner_attached);
  b.setFollowers(t.followers);
  b.setOldestSeq(t.oldest_seq);
  b.setNextSeq(t.next_seq);
  b.setPaused(t.paused);
  b.setGraceMs(t.grace_ms);
}

}  // namespace

const char* TerminalStatusName(TerminalStatusCode status) {
  return status < sizeof(kStatusNames) / sizeof(kStatusNames[0]) ? kStatusNames[status] : "unknown";
}

size_t WriteTerminalResult(const Frame& f, uint32_t id, CallMethod method, const TerminalReply& r) {
  Builder b(id);
  s::TerminalReply::Builder t = b.root.initCallResult().initTerminal();
  t.setStatus(T(TerminalStatusName(r.status)));
  t.setLimit(r.limit);
  bool ok = r.status == 0;
  switch (method) {
    case CallMethod::kTerminalOpen:
    case CallMethod::kTerminalAttach:
      if (!ok) break;
      t.initRef().setTerminalId(r.terminal_id);
      t.getRef().setAttachment(r.attachment);
      t.setMode(T(ModeName(r.mode)));
      FillView(t.initInfo(), r.info);
      break;
    case CallMethod::kTerminalList: {
      uint32_t n = r.terminal_count <= kMaxTerminals ? r.terminal_count : kMaxTerminals;
      auto list = t.initTerminals(n);
      for (uint32_t i = 0; i < n; ++i) FillView(list[i], r.terminals[i]);
      break;
    }
    case CallMethod::kTerminalInfo:
      if (!ok) break;
      t.setMode(T(ModeName(r.mode)));
      FillView(t.initInfo(), r.info);
      t.setCursorSeq(r.cursor_seq);
      break;
    case CallMethod::kTerminalResize:
      if (ok) FillView(t.initInfo(), r.info);
      break;
    case CallMethod::kTerminalRead: {
      size_t n = r.bytes_len <= kMaxTerminalReadBytes + kMaxTerminalMarkerBytes
                     ? r.bytes_len
                     : kMaxTerminalReadBytes + kMaxTerminalMarkerBytes;
      if (n > 0 && r.bytes != nullptr) t.setBytes(capnp::Data::Reader(r.bytes, n));
      t.setNextSeq(r.next_seq);
      t.setSkipped(r.skipped);
      t.setMore(r.more);
      break;
    }
    default:
      break;
  }
  return b.Finish(f);
}

}  // namespace remote_session
