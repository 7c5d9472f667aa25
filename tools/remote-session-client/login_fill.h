// The Login a login step sends, the same on both transports (the DTO's
// Request.login and rpc's Gateway.login take the same RS.Login).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "schema/remote_session.capnp.h"
#include "tools/remote-session-client/args.h"

namespace rsclient {

// Fills `login` for step `s`. A password login takes the step's user or
// `default_user`, and the password once: `password` keeps what `ask`
// gave, for later logins of the run. Returns "" or, when a user name or
// password is missing, the usage error for a person.
std::string FillLogin(const Step& s, const std::string& default_user,
                      const std::function<std::optional<std::string>()>& ask,
                      std::optional<std::string>& password, capos::schema::Login::Builder login);

}  // namespace rsclient
