// Output of remote-session-client: one human block or one JSON object per
// step. Text from the gateway is untrusted: human output escapes control
// characters (no terminal escape injection), JSON output escapes per RFC
// 8259. Neither ever includes the password, which no Response carries.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_RENDER_H_
#define TOOLS_REMOTE_SESSION_CLIENT_RENDER_H_

#include <string>
#include <string_view>

#include "tools/remote-session-client/client.h"

namespace rsclient {

std::string render_human(const StepOutcome& out);
std::string render_json(const StepOutcome& out);  // one line, no newline

// Control bytes and DEL become \xNN; everything else is kept.
std::string printable(std::string_view s);
// A JSON string literal, quotes included.
std::string json_string(std::string_view s);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_RENDER_H_
