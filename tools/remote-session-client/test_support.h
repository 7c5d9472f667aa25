// Helpers shared by the CLI's host tests: run steps through a Client on a
// real TCP connection (to the fake gateway) and collect what it emitted, or
// run the built binary and collect its output and exit code.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_TEST_SUPPORT_H_
#define TOOLS_REMOTE_SESSION_CLIENT_TEST_SUPPORT_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tools/remote-session-client/args.h"

namespace rsclient::testing {

struct RunResult {
  int code = -1;
  std::vector<std::string> human, json;  // one render per emitted outcome
  std::string transcript;
  std::vector<std::string> log;
};

// Parses each line as one step (a test failure if it does not parse).
std::vector<Step> steps_of(std::initializer_list<const char*> lines);

// Runs `steps` on one connection to 127.0.0.1:port as user "operator".
RunResult run(uint16_t port, const std::vector<Step>& steps, std::optional<std::string> pw,
              uint32_t timeout_ms = 2000);

// The real binary (RSC_BINARY) with `args`, under the shell prefix `env`;
// stderr is merged into the output.
std::pair<int, std::string> run_binary(const std::string& args, const std::string& env);

}  // namespace rsclient::testing

#endif  // TOOLS_REMOTE_SESSION_CLIENT_TEST_SUPPORT_H_
