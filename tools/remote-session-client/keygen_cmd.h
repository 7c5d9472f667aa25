// `remote-session-client keygen`: see keygen_cmd.cc.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_KEYGEN_CMD_H_
#define TOOLS_REMOTE_SESSION_CLIENT_KEYGEN_CMD_H_

#include <string>
#include <vector>

namespace rsclient {

const char* keygen_usage_text();
// `args`: what follows "keygen". Returns the exit code.
int run_keygen(const std::vector<std::string>& args);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_KEYGEN_CMD_H_
