// Runs a list of steps on one connection: builds each Request, sends it,
// waits for the Response with the same requestId and checks that it is the
// variant the request asks for (or a denial). Stops at the first transport
// or protocol error; a typed denial does not stop the run.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_CLIENT_H_
#define TOOLS_REMOTE_SESSION_CLIENT_CLIENT_H_

#include <capnp/message.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "schema/remote_session.capnp.h"
#include "tools/remote-session-client/args.h"
#include "tools/remote-session-client/connection.h"
#include "tools/remote-session-client/identity.h"

namespace rsclient {

// Documented exit codes (usage_text()).
enum ExitCode : int {
  kExitOk = 0,
  kExitDenied = 1,
  kExitUsage = 2,
  kExitConnection = 3,
  kExitProtocol = 4,
  kExitTimeout = 5,
  kExitLocalIo = 6,
};

struct StepOutcome {
  enum class Kind { kOk, kDenied, kError };
  const Step* step = nullptr;
  Kind kind = Kind::kOk;
  int exit_code = kExitOk;
  uint32_t request_id = 0;
  std::string denial_code;    // kDenied: ErrorCode name, e.g. "unknownCap"
  std::string launch_denial;  // kDenied with launchDenied: the LaunchDenial name
  std::string error;          // kError: one line for a person
  uint32_t elapsed_us = 0;    // request sent -> response decoded
  std::shared_ptr<capnp::MallocMessageBuilder> response;  // kOk/kDenied
};

struct ClientHooks {
  // The password for a password login; nullopt = none available (usage).
  std::function<std::optional<std::string>()> password;
  std::function<void(uint32_t ms)> sleep;
  // Called once per finished step, in order.
  std::function<void(const StepOutcome&)> emit;
};

class Client {
 public:
  Client(const Options& options, Connection* conn, ClientHooks hooks);
  ~Client();

  // Runs every step; the result is the run's exit code (the most severe).
  int run(const std::vector<Step>& steps);

  // Exports the gateway transcript (when the connection still works) and
  // returns the file text: the gateway's events, then this client's log.
  std::string transcript_file_text();

  // The requestId the next request would get: a caller that goes on on
  // the same connection (terminal_cmd.cc) continues from there.
  uint32_t next_request_id() const { return next_id_; }
  void set_next_request_id(uint32_t id) { next_id_ = id; }

  // This client's redacted log: step text and outcome, no secrets.
  const std::vector<std::string>& log() const { return log_; }

 private:
  std::vector<StepOutcome> run_step(const Step& step);
  std::vector<StepOutcome> exchange(const Step& step, capnp::MallocMessageBuilder& request,
                                    uint32_t repeat);
  bool record(const StepOutcome& out, int* worst);
  std::optional<uint64_t> resolve_interface(const Step& step, StepOutcome* failure);
  bool catalog_grants(const Step& step, std::vector<GrantArg>* grants, StepOutcome* failure);
  StepOutcome side_request(const Step& step, Step::Kind kind, const char* why);
  // login --public-key (login_key.cc): asks for a challenge, signs it
  // bound to this TLS connection, fills Login.publicKeyProof. False with
  // *failure set when it cannot (no TLS, no key, the challenge denied).
  bool fill_key_login(const Step& step, capos::schema::Login::Builder login, StepOutcome* failure);
  void remember_capset(const StepOutcome& out);

  const Options& options_;
  Connection* conn_;
  ClientHooks hooks_;
  uint32_t next_id_ = 1;
  bool broken_ = false;  // transport or protocol error: nothing more is sent
  std::optional<std::string> password_;
  std::unique_ptr<Identity> identity_;          // loaded at the first key login
  std::map<std::string, uint64_t> interfaces_;  // from the last CapSet list
  std::vector<std::string> log_;
};

const char* error_code_name(uint16_t code);
// A step that failed before or without an answer: one line for a person.
StepOutcome error_outcome(const Step& s, int code, std::string msg);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_CLIENT_H_
