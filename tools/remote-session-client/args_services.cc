// Step grammar of the service catalog, launches and game calls. Arguments
// are only shaped here, never checked against a profile or a method: the
// guest validates every launch and every Command against its own policy
// and MethodDescriptors, so a test can send anything the guest must refuse.
#include <string>

#include "tools/remote-session-client/args_internal.h"

namespace rsclient::grammar {
namespace {

// "NAME:INTERFACE_ID"; the last ':' splits, so a name may not hold one.
bool parse_grant(const std::string& v, GrantArg* g, std::string* error) {
  const size_t colon = v.rfind(':');
  if (colon == std::string::npos || colon == 0 || !parse_u64(v.substr(colon + 1), &g->iface)) {
    *error = "--grant: expected NAME:INTERFACE_ID (a number), got '" + v + "'";
    return false;
  }
  g->name = v.substr(0, colon);
  return true;
}

bool parse_launch(const std::vector<std::string>& t, Step* s, std::string* error) {
  static constexpr char kUsage[] =
      "launch PROFILE [--binary B] [--grant NAME:INTERFACE_ID ...] [--no-grants]";
  auto usage = [error] {
    *error = std::string("usage: ") + kUsage;
    return false;
  };
  bool given = false, none = false;
  for (size_t i = 1; i < t.size(); ++i) {
    std::string name;
    std::optional<std::string> value;
    split_eq(t[i], &name, &value);
    if (!starts_with(name, "--")) {
      if (!s->name.empty()) return usage();
      s->name = t[i];
      continue;
    }
    if (name == "--no-grants" && !value) {
      none = true;
      continue;
    }
    if (name != "--binary" && name != "--grant") {
      *error = "launch: unexpected '" + t[i] + "' (usage: " + kUsage + ")";
      return false;
    }
    if (!value) {
      if (i + 1 >= t.size()) {
        *error = name + " needs a value";
        return false;
      }
      value = t[++i];
    }
    if (name == "--binary") {
      s->binary = *value;
      continue;
    }
    GrantArg g;
    if (!parse_grant(*value, &g, error)) return false;
    s->grants.push_back(g);
    given = true;
  }
  if (s->name.empty()) return usage();
  if (given && none) {
    *error = "launch: --grant and --no-grants exclude each other";
    return false;
  }
  s->grants_from = given  ? Step::Grants::kGiven
                   : none ? Step::Grants::kNone
                          : Step::Grants::kFromCatalog;
  return true;
}

}  // namespace

bool is_service_command(std::string_view cmd) {
  return cmd == "services" || cmd == "launch" || cmd == "status" || cmd == "stop" || cmd == "help";
}

bool parse_service_step(const std::vector<std::string>& t, Step* s, std::string* error) {
  const std::string& cmd = t[0];
  if (cmd == "services") {
    s->kind = Step::Kind::kServices;
    return arity(t, 1, 1, "services", error);
  }
  if (cmd == "launch") {
    s->kind = Step::Kind::kLaunch;
    return parse_launch(t, s, error);
  }
  if (cmd == "help") {
    s->kind = Step::Kind::kHelp;
    if (t.size() == 2) s->name = t[1];
    return arity(t, 1, 2, "help [CAPNAME]", error);
  }
  s->kind = cmd == "status" ? Step::Kind::kServiceStatus : Step::Kind::kServiceStop;
  if (!arity(t, 2, 2, cmd == "status" ? "status PROFILE" : "stop PROFILE", error)) return false;
  s->name = t[1];
  return true;
}

bool parse_game_call(const std::vector<std::string>& t, Step* s, std::string* error) {
  s->kind = Step::Kind::kCall;
  s->name = t[1];
  s->call = t[1] == "adventure" ? CallMethod::kAdventure : CallMethod::kPaperclips;
  if (t.size() < 3) {
    *error = "usage: call " + t[1] + " VERB [ARGS...] (verbs: help " + t[1] + ")";
    return false;
  }
  s->verb = t[2];
  s->args.assign(t.begin() + 3, t.end());
  return true;
}

}  // namespace rsclient::grammar
