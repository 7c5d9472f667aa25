// Pieces of the step grammar shared by args.cc and args_services.cc; not
// part of the CLI's interface.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_ARGS_INTERNAL_H_
#define TOOLS_REMOTE_SESSION_CLIENT_ARGS_INTERNAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/remote-session-client/args.h"

namespace rsclient::grammar {

bool starts_with(std::string_view s, std::string_view p);
// Decimal, or hex after 0x; false on anything else or overflow.
bool parse_u64(std::string_view s, uint64_t* out);
// Splits "--name=value" so both spellings take the same path.
void split_eq(const std::string& tok, std::string* name, std::optional<std::string>* value);
// A usage error naming `what` unless lo <= t.size() <= hi.
bool arity(const std::vector<std::string>& t, size_t lo, size_t hi, const char* what,
           std::string* error);

// services, launch, status, stop, help (args_services.cc).
bool is_service_command(std::string_view cmd);
bool parse_service_step(const std::vector<std::string>& t, Step* s, std::string* error);
// `call adventure|paperclips VERB [ARGS...]`; t[1] is the entry name.
bool parse_game_call(const std::vector<std::string>& t, Step* s, std::string* error);

// The refusal of a password on the command line (args_login.cc).
extern const char kNoArgvPassword[];
// `login [--password | --guest | ... ] [--profile P] [--user NAME] ...`
// (args_login.cc); t[0] is "login".
bool parse_login(const std::vector<std::string>& t, Step* s, std::string* error);

// After the options: takes an exported pin ($CAPOS_REMOTE_SESSION_PIN) and
// refuses TLS that cannot check its server or that the transport lacks
// (args_tls.cc).
bool finish_tls(Options* o, const Env& env, std::string* error);

}  // namespace rsclient::grammar

#endif  // TOOLS_REMOTE_SESSION_CLIENT_ARGS_INTERNAL_H_
