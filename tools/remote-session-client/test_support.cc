#include "tools/remote-session-client/test_support.h"

#include <sys/wait.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>

#include "tools/remote-session-client/client.h"
#include "tools/remote-session-client/connection.h"
#include "tools/remote-session-client/render.h"

namespace rsclient::testing {

std::vector<Step> steps_of(std::initializer_list<const char*> lines) {
  std::vector<Step> out;
  for (const char* l : lines) {
    std::vector<std::string> w;
    std::string err;
    EXPECT_TRUE(split_words(l, &w, &err));
    Step s;
    EXPECT_TRUE(parse_step(w, &s, &err)) << l << ": " << err;
    out.push_back(s);
  }
  return out;
}

RunResult run(uint16_t port, const std::vector<Step>& steps, std::optional<std::string> pw,
              uint32_t timeout_ms) {
  Options o;
  o.port = port;
  o.user = "operator";
  o.timeout_ms = timeout_ms;
  RunResult r;
  std::unique_ptr<Connection> conn;
  IoResult io = Connection::connect_tcp(o.host, o.port, 2000, &conn);
  EXPECT_EQ(io.status, IoStatus::kOk) << io.message;
  if (!conn) return r;
  ClientHooks h;
  h.password = [pw] { return pw; };
  h.sleep = [](uint32_t) {};
  h.emit = [&r](const StepOutcome& out) {
    r.human.push_back(render_human(out));
    r.json.push_back(render_json(out));
  };
  Client c(o, conn.get(), h);
  r.code = c.run(steps);
  r.transcript = c.transcript_file_text();
  r.log = c.log();
  return r;
}

std::pair<int, std::string> run_binary(const std::string& args, const std::string& env) {
  const std::string cmd = env + " " RSC_BINARY " " + args + " 2>&1 </dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace rsclient::testing
