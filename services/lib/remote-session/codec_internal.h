// Pieces of the Request decoder split across files (codec.cc).
#pragma once

#include "schema/remote_session.capnp.h"
#include "services/lib/remote-session/codec.h"

namespace remote_session {

// A terminal* Call variant into out->method and out->terminal; false for a
// variant that is not one of them.
bool ReadTerminalCall(capos::schema::Call::Reader c, Request* out);

}  // namespace remote_session
