// The `login` step's options (the grammar's other parts are in args.cc).
#include "tools/remote-session-client/args_internal.h"

namespace rsclient::grammar {

const char kNoArgvPassword[] =
    "passwords are never taken from the command line; use --password-file FILE, set "
    "CAPOS_REMOTE_SESSION_PASSWORD or type it at the prompt";

bool parse_login(const std::vector<std::string>& t, Step* s, std::string* error) {
  for (size_t i = 1; i < t.size(); ++i) {
    std::string name;
    std::optional<std::string> value;
    split_eq(t[i], &name, &value);
    auto need = [&](std::string* dst) {
      if (value) {
        *dst = *value;
        return true;
      }
      if (i + 1 >= t.size()) {
        *error = name + " needs a value";
        return false;
      }
      *dst = t[++i];
      return true;
    };
    if (name == "--password") {
      // A value after it, inline or as the next word, would be a password.
      if (value || (i + 1 < t.size() && !starts_with(t[i + 1], "--"))) {
        *error = kNoArgvPassword;
        return false;
      }
      s->method = LoginMethod::kPassword;
    } else if (name == "--guest" && !value) {
      s->method = LoginMethod::kGuest;
    } else if (name == "--anonymous" && !value) {
      s->method = LoginMethod::kAnonymous;
    } else if (name == "--public-key" && !value) {
      s->method = LoginMethod::kPublicKey;
    } else if (name == "--oidc" && !value) {
      s->method = LoginMethod::kOidc;
    } else if (name == "--passkey" && !value) {
      s->method = LoginMethod::kPasskey;
    } else if (name == "--profile") {
      if (!need(&s->profile)) return false;
    } else if (name == "--save-proof") {
      if (!need(&s->save_proof)) return false;
    } else if (name == "--send-proof") {
      if (!need(&s->send_proof)) return false;
    } else if (name == "--user") {
      std::string u;
      if (!need(&u)) return false;
      s->user = u;
    } else {
      *error = "login: unexpected '" + t[i] + "'";
      if (!starts_with(t[i], "--")) *error = kNoArgvPassword;
      return false;
    }
  }
  return true;
}

}  // namespace rsclient::grammar
