// Command line and step grammar of remote-session-client.
//
// One invocation opens one connection and runs a list of steps on it in
// order. A single command (`capset list`) becomes [login, command] unless it
// needs no session; `session --do STEP ... | --script FILE` runs the steps
// exactly as given. Passwords never come from argv or scripts: only from
// --password-file FILE, CAPOS_REMOTE_SESSION_PASSWORD or the terminal
// prompt, in that order.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_ARGS_H_
#define TOOLS_REMOTE_SESSION_CLIENT_ARGS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/remote-session-client/tls_client.h"

namespace rsclient {

enum class LoginMethod { kPassword, kGuest, kAnonymous, kPublicKey, kOidc, kPasskey };

enum class CallMethod {
  kSessionInfo,
  kMotd,
  kBuildInfo,
  kJoin,
  kLeave,
  kSend,
  kWho,
  kPoll,
  kAdventure,   // Call.adventure: Command{verb, args}
  kPaperclips,  // Call.paperclips: Command{verb, args}
};

// A client-facet grant named in a launch: the grant name and the interface
// id the client expects it to have.
struct GrantArg {
  std::string name;
  uint64_t iface = 0;
};

struct Step {
  enum class Kind {
    kAuthMethods,
    kLogin,
    kSessionInfo,
    kCapSetList,
    kCapSetGet,
    kCall,
    kLogout,
    kTranscript,
    kSleep,  // client-side pause (idle-client proofs)
    kServices,
    kLaunch,
    kServiceStatus,
    kServiceStop,
    kHelp,       // an entry's MethodDescriptors (all entries' when name is "")
    kChallenge,  // authChallenge: only as a login's side request
  };
  // Where a launch takes its client-facet grants from.
  enum class Grants {
    kFromCatalog,  // the profile's clientFacet grants, read from the catalog
    kGiven,        // exactly the --grant options
    kNone,         // --no-grants
  };
  Kind kind = Kind::kAuthMethods;
  std::string text;  // the step as written, for output; never holds a secret
  LoginMethod method = LoginMethod::kPassword;
  std::string profile;              // login: "" = the account's default
  std::optional<std::string> user;  // login: overrides --user
  std::string name;                 // capset get / call / help: entry name;
                                    // launch / status / stop: profile name
  std::optional<uint64_t> iface;    // explicit interface id
  CallMethod call = CallMethod::kSessionInfo;
  std::string arg;     // chat send text
  uint64_t since = 0;  // chat poll
  uint32_t sleep_ms = 0;
  uint32_t repeat = 1;            // burst N: N copies sent before any answer is read
  std::string verb;               // adventure / paperclips: Command.verb
  std::vector<std::string> args;  // ... and Command.args, as typed
  std::string binary;             // launch --binary ("" = the profile's worker)
  Grants grants_from = Grants::kFromCatalog;
  std::vector<GrantArg> grants;  // launch --grant, in the order given
  // login --public-key: write the signed proof to this file, or send the
  // proof saved in this file instead of signing (checks of the guest's
  // replay defence: a proof is good for one login on one connection).
  std::string save_proof;
  std::string send_proof;

  bool needs_session() const;
};

// `terminal ...` (args_terminal.cc): an interactive terminal on the guest,
// run by terminal_cmd.cc instead of the step runner.
struct TerminalOptions {
  enum class Action { kOpen, kList, kAttach };
  Action action = Action::kOpen;
  uint32_t id = 0;               // attach ID; 0 = the state file's terminal
  bool follow = false;           // attach read-only
  bool resume = false;           // reattach as owner at the saved seq (replaceOwner)
  bool close = false;            // without a tty: close instead of detach at the end
  bool help = false;             // terminal --help
  std::string state_file;        // "" = default_state_path()
  uint32_t idle_exit_ms = 1000;  // without a tty: quiet time after stdin EOF
};

// How the steps travel: the DTO frames of the gateway (guest :2327), or
// standard Cap'n Proto RPC to rpc-gateway (guest :2328,
// schema/remote_rpc.capnp), which serves the session's steps on session,
// system_info and chat so far (rpc_can_carry).
enum class Transport { kDto, kRpc };

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 2327;  // --transport rpc: $CAPOS_REMOTE_RPC_PORT or 2328
  Transport transport = Transport::kDto;
  std::string user;
  bool json = false;
  bool help = false;
  std::string transcript_file;  // "" = none
  std::string script_file;      // "" = none; read by the caller
  std::string password_file;    // "" = none; read by the caller (password_file.h)
  uint32_t timeout_ms = 30000;  // per response
  TlsOptions tls;               // --tls, --ca, --pin, --server-name
  std::string identity;         // --identity FILE: the public-key login's key
  std::vector<Step> steps;
  std::optional<TerminalOptions> terminal;  // set: `terminal`; steps = [login]
};

using Env = std::function<std::optional<std::string>(const char*)>;

struct ParseResult {
  bool ok = false;
  std::string error;  // usage error text (never echoes a password)
  Options options;
};

ParseResult parse_args(const std::vector<std::string>& argv, const Env& env);

// Steps --transport rpc can carry so far (no services, games or bursts); the error names
// the first one it cannot.
bool rpc_can_carry(const std::vector<Step>& steps, std::string* error);

// One step from its tokens (a --do value or a script line, already split).
bool parse_step(const std::vector<std::string>& tokens, Step* step, std::string* error);

// Splits a step line: whitespace separates, '...' and "..." group, '\'
// escapes the next character in double quotes and bare words.
bool split_words(std::string_view line, std::vector<std::string>* out, std::string* error);

// Parses every non-blank, non-'#' line of a script into steps.
bool parse_script(std::string_view text, std::vector<Step>* steps, std::string* error);

const char* usage_text();
const char* terminal_usage_text();

// `terminal ...` after the global options; `login` is the implicit login
// the global options describe (kept as the one step of a terminal run).
bool parse_terminal(const std::vector<std::string>& rest, const Step& login, Options* o,
                    std::string* error);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_ARGS_H_
