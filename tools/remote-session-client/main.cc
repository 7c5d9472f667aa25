// remote-session-client: the host CLI of the capOS remote session (see
// usage_text() in args.cc for commands and exit codes, README.md for more).
#include <fcntl.h>
#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include "tools/remote-session-client/args.h"
#include "tools/remote-session-client/client.h"
#include "tools/remote-session-client/connection.h"
#include "tools/remote-session-client/keygen_cmd.h"
#include "tools/remote-session-client/password_file.h"
#include "tools/remote-session-client/render.h"
#include "tools/remote-session-client/rpc_transport.h"
#include "tools/remote-session-client/terminal_cmd.h"

namespace {

using namespace rsclient;

std::optional<std::string> env_lookup(const char* name) {
  const char* v = std::getenv(name);
  if (v != nullptr) return std::string(v);
  // No $USER (cron, some containers): the login name, as the default boot's
  // image build takes it (`id -un`), so the default principal still matches.
  if (std::strcmp(name, "USER") == 0) {
    if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr) {
      return std::string(pw->pw_name);
    }
  }
  return std::nullopt;
}

// Reads a password from the controlling terminal with echo off. nullopt
// when there is no terminal (scripts must use the environment variable).
std::optional<std::string> prompt_password(const std::string& user) {
  const int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return std::nullopt;
  termios old{};
  if (tcgetattr(fd, &old) != 0) {
    close(fd);
    return std::nullopt;
  }
  const std::string prompt = "password for " + printable(user) + ": ";
  (void)!write(fd, prompt.data(), prompt.size());
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(fd, TCSAFLUSH, &quiet);
  std::string pw;
  char c;
  while (read(fd, &c, 1) == 1 && c != '\n' && c != '\r') pw += c;
  tcsetattr(fd, TCSAFLUSH, &old);
  (void)!write(fd, "\n", 1);
  close(fd);
  return pw;
}

void emit_error(const Options& o, const std::string& step, int code, const std::string& msg) {
  if (o.json) {
    std::cout << "{\"step\":" << json_string(step) << ",\"outcome\":\"error\",\"exit\":" << code
              << ",\"error\":" << json_string(msg) << "}" << std::endl;
  } else {
    std::cerr << "remote-session-client: " << msg << std::endl;
  }
}

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // keygen works offline and takes none of the connection's options.
  if (!args.empty() && args[0] == "keygen") {
    return run_keygen(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  ParseResult parsed = parse_args(args, env_lookup);
  Options& o = parsed.options;
  if (!parsed.ok) {
    std::cerr << "remote-session-client: " << parsed.error << "\n(see --help)" << std::endl;
    return kExitUsage;
  }
  if (o.help) {
    std::cout << usage_text();
    return kExitOk;
  }
  if (!o.script_file.empty()) {
    std::ifstream in(o.script_file);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      // The path is not echoed: output must never carry host paths.
      emit_error(o, "script", kExitLocalIo, "cannot read the script file");
      return kExitLocalIo;
    }
    std::string error;
    if (!parse_script(text.str(), &o.steps, &error)) {
      std::cerr << "remote-session-client: " << error << std::endl;
      return kExitUsage;
    }
  }

  // Read before connecting, so that a bad file fails fast and offline.
  std::optional<std::string> file_password;
  if (!o.password_file.empty()) {
    std::string pw, error;
    if (!read_password_file(o.password_file, &pw, &error)) {
      emit_error(o, "password-file", kExitLocalIo, error);
      return kExitLocalIo;
    }
    file_password = std::move(pw);
  }

  if (o.transport == Transport::kRpc) {
    std::string error;
    if (!rpc_can_carry(o.steps, &error)) {  // a --script's steps are known only now
      std::cerr << "remote-session-client: " << error << std::endl;
      return kExitUsage;
    }
    ClientHooks rpc_hooks;
    const std::string user = o.user;
    rpc_hooks.password = [&user, &file_password]() -> std::optional<std::string> {
      if (file_password) return file_password;
      if (auto p = env_lookup("CAPOS_REMOTE_SESSION_PASSWORD")) return p;
      return prompt_password(user);
    };
    rpc_hooks.sleep = [](uint32_t ms) {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    };
    rpc_hooks.emit = [&o](const StepOutcome& out) {
      if (o.json) {
        std::cout << render_json(out) << std::endl;
      } else if (out.kind == StepOutcome::Kind::kError) {
        std::cerr << "remote-session-client: " << render_human(out) << std::endl;
      } else {
        std::cout << render_human(out) << std::endl;
      }
    };
    return run_rpc(o, rpc_hooks);
  }

  if (o.terminal) {
    TerminalIo tio;
    tio.env = env_lookup;
    const std::string user = o.user;
    tio.password = [&user, &file_password]() -> std::optional<std::string> {
      if (file_password) return file_password;
      if (auto p = env_lookup("CAPOS_REMOTE_SESSION_PASSWORD")) return p;
      return prompt_password(user);
    };
    return run_terminal(o, tio);
  }

  std::unique_ptr<Connection> conn;
  IoResult io = Connection::connect_tcp(o.host, o.port, o.timeout_ms, &conn, o.tls);
  if (io.status != IoStatus::kOk) {
    emit_error(o, "connect", kExitConnection, io.message);
    return kExitConnection;
  }
  ClientHooks hooks;
  const std::string user = o.user;
  hooks.password = [&user, &file_password]() -> std::optional<std::string> {
    if (file_password) return file_password;
    if (auto p = env_lookup("CAPOS_REMOTE_SESSION_PASSWORD")) return p;
    return prompt_password(user);
  };
  hooks.sleep = [](uint32_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
  hooks.emit = [&o](const StepOutcome& out) {
    if (o.json) {
      std::cout << render_json(out) << std::endl;
    } else if (out.kind == StepOutcome::Kind::kError) {
      std::cerr << "remote-session-client: " << render_human(out) << std::endl;
    } else {
      std::cout << render_human(out) << std::endl;
    }
  };
  Client client(o, conn.get(), hooks);
  int code = client.run(o.steps);
  if (!o.transcript_file.empty()) {
    const std::string text = client.transcript_file_text();
    std::ofstream f(o.transcript_file, std::ios::trunc);
    f << text;
    f.close();
    if (!f) {
      emit_error(o, "transcript", kExitLocalIo, "cannot write the transcript file");
      if (code == kExitOk || code == kExitDenied) code = kExitLocalIo;
    }
  }
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (...) {
    // Unreachable by design (decode errors are caught where they happen);
    // one line instead of an abort trace.
    std::cerr << "remote-session-client: internal error" << std::endl;
    return kExitProtocol;
  }
}
