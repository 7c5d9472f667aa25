// Decoding the terminal* Call variants (schema/remote_session.capnp).
#include <string.h>

#include "services/lib/remote-session/codec_internal.h"
#include "services/lib/remote-session/text.h"

namespace remote_session {
namespace {

namespace s = capos::schema;

TerminalRequest& ReadRef(s::TerminalRef::Reader ref, Request* out) {
  out->terminal.terminal_id = ref.getTerminalId();
  out->terminal.attachment = ref.getAttachment();
  return out->terminal;
}

// Bytes are copied (the core never keeps a reader over client memory); a
// write above the bound is kept as a flag and answered tooLarge.
void ReadWrite(s::TerminalWrite::Reader w, Request* out) {
  ReadRef(w.getRef(), out);
  auto bytes = w.getBytes();
  out->terminal_too_large = bytes.size() > kMaxTerminalWriteBytes;
  if (out->terminal_too_large) return;
  memcpy(out->terminal_bytes, bytes.begin(), bytes.size());
  out->terminal.bytes_len = bytes.size();
}

void ReadAttach(s::TerminalAttach::Reader a, Request* out) {
  TerminalRequest& t = out->terminal;
  t.terminal_id = a.getTerminalId();
  t.seq = a.getResumeSeq();
  t.replace_owner = a.getReplaceOwner();
  BoundedText<16> mode;
  CopyText(a.getMode(), &mode);
  if (!mode.too_long && strcmp(mode.data, "owner") == 0) {
    t.mode = TerminalModeCode::kOwner;
  } else if (!mode.too_long && strcmp(mode.data, "follower") == 0) {
    t.mode = TerminalModeCode::kFollower;
  } else {
    out->terminal_bad_mode = true;
  }
}

}  // namespace

bool ReadTerminalCall(s::Call::Reader c, Request* out) {
  TerminalRequest& t = out->terminal;
  switch (c.which()) {
    case s::Call::TERMINAL_OPEN:
      out->method = CallMethod::kTerminalOpen;
      t.cols = c.getTerminalOpen().getCols();
      t.rows = c.getTerminalOpen().getRows();
      return true;
    case s::Call::TERMINAL_ATTACH:
      out->method = CallMethod::kTerminalAttach;
      ReadAttach(c.getTerminalAttach(), out);
      return true;
    case s::Call::TERMINAL_LIST:
      out->method = CallMethod::kTerminalList;
      return true;
    case s::Call::TERMINAL_WRITE:
      out->method = CallMethod::kTerminalWrite;
      ReadWrite(c.getTerminalWrite(), out);
      return true;
    case s::Call::TERMINAL_RESIZE: {
      out->method = CallMethod::kTerminalResize;
      auto r = c.getTerminalResize();
      ReadRef(r.getRef(), out);
      t.cols = r.getCols();
      t.rows = r.getRows();
      return true;
    }
    case s::Call::TERMINAL_READ: {
      out->method = CallMethod::kTerminalRead;
      auto r = c.getTerminalRead();
      ReadRef(r.getRef(), out);
      t.seq = r.getFromSeq();
      t.max_bytes = r.getMaxBytes();
      t.wait_ms = r.getWaitMs();
      return true;
    }
    case s::Call::TERMINAL_INFO:
      out->method = CallMethod::kTerminalInfo;
      ReadRef(c.getTerminalInfo(), out);
      return true;
    case s::Call::TERMINAL_DETACH:
      out->method = CallMethod::kTerminalDetach;
      ReadRef(c.getTerminalDetach(), out);
      return true;
    case s::Call::TERMINAL_CLOSE:
      out->method = CallMethod::kTerminalClose;
      ReadRef(c.getTerminalClose(), out);
      return true;
    default:
      return false;
  }
}

}  // namespace remote_session
