// callResult.terminal (TerminalReply and its TerminalViews) for
// RenderResponseJson. Enum values travel as Text in this schema, so there
// is no name table here: the core's names pass through as written.
#include "services/lib/web-api/response_json_parts.h"

namespace web_api::parts {
namespace {

void TerminalView(JsonWriter& w, s::TerminalView::Reader v) {
  U32(w, "id", v.getId());
  Text(w, "name", v.hasName(), v.getName());
  U32(w, "cols", v.getCols());
  U32(w, "rows", v.getRows());
  Text(w, "state", v.hasState(), v.getState());
  Bool(w, "ownerAttached", v.getOwnerAttached());
  U32(w, "followers", v.getFollowers());
  U64(w, "oldestSeq", v.getOldestSeq());
  U64(w, "nextSeq", v.getNextSeq());
  Bool(w, "paused", v.getPaused());
  U32(w, "graceMs", v.getGraceMs());
}

}  // namespace

void TerminalReply(JsonWriter& w, s::TerminalReply::Reader r) {
  Text(w, "status", r.hasStatus(), r.getStatus());
  U32(w, "limit", r.getLimit());
  if (r.hasRef()) {
    w.Key("ref");
    Object(w, r.getRef(), [](JsonWriter& w, s::TerminalRef::Reader ref) {
      U32(w, "terminalId", ref.getTerminalId());
      U32(w, "attachment", ref.getAttachment());
    });
  }
  Text(w, "mode", r.hasMode(), r.getMode());
  if (r.hasInfo()) {
    w.Key("info");
    Object(w, r.getInfo(), TerminalView);
  }
  StructList(w, "terminals", r.hasTerminals(), r.getTerminals(),
             [&](s::TerminalView::Reader v) { TerminalView(w, v); });
  // Terminal output: up to kMaxTerminalReadBytes + the skip marker, each
  // byte a number (about 4 JSON bytes per output byte).
  Data(w, "bytes", r.hasBytes(), r.getBytes());
  U64(w, "nextSeq", r.getNextSeq());
  U64(w, "skipped", r.getSkipped());
  Bool(w, "more", r.getMore());
  U64(w, "cursorSeq", r.getCursorSeq());
}

}  // namespace web_api::parts
