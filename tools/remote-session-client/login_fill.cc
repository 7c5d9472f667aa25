#include "tools/remote-session-client/login_fill.h"

namespace rsclient {

std::string FillLogin(const Step& s, const std::string& default_user,
                      const std::function<std::optional<std::string>()>& ask,
                      std::optional<std::string>& password, capos::schema::Login::Builder login) {
  login.setRequestedProfile(s.profile);
  switch (s.method) {
    case LoginMethod::kPassword: {
      const std::string user = s.user.value_or(default_user);
      if (user.empty()) return "no user name: pass --user or set CAPOS_REMOTE_SESSION_USER";
      if (!password && ask) password = ask();
      if (!password) {
        return "no password: pass --password-file FILE, set CAPOS_REMOTE_SESSION_PASSWORD or "
               "run the client on a terminal to be prompted";
      }
      auto proof = login.initPassword();
      proof.setPrincipal(user);
      proof.setPassword(*password);
      break;
    }
    case LoginMethod::kGuest:
      login.setGuest();
      break;
    case LoginMethod::kAnonymous:
      login.setAnonymous();
      break;
    // Disabled methods are still sent, so the guest's typed denial shows.
    case LoginMethod::kPublicKey:
      login.setPublicKey(capnp::Data::Reader());
      break;
    case LoginMethod::kOidc:
      login.setOidc("");
      break;
    case LoginMethod::kPasskey:
      login.setPasskey(capnp::Data::Reader());
      break;
  }
  return "";
}

}  // namespace rsclient
