#include "services/rpc-gateway/gateway.h"

#include <string.h>

#include "services/rpc-gateway/caps.h"
#include "services/rpc-gateway/dto.h"

namespace rpc_gateway {
namespace {

using Response = capos::schema::Response;

// Overwrites the password where the peer's message holds it (the params
// stay readable to rpc.c++, but the secret is gone once the request that
// carries it to the core is built).
void WipePassword(capos::schema::Login::Reader login) {
  if (!login.isPassword()) return;
  capnp::Text::Reader p = login.getPassword().getPassword();
  memset(const_cast<char*>(p.begin()), 0, p.size());
}

}  // namespace

kj::Promise<void> GatewayImpl::authMethods(AuthMethodsContext context) {
  return connection_.Ask(Dto([](auto r) { r.setAuthMethods(); }), nullptr)
      .then([context](CoreAnswer&& a) mutable {
        return Decode(a, [&](Response::Reader r) {
          if (r.isAuthMethods()) context.getResults().setMethods(r.getAuthMethods());
        });
      });
}

kj::Promise<void> GatewayImpl::login(LoginContext context) {
  capos::schema::Login::Reader login = context.getParams().getLogin();
  auto request = Dto([&](auto r) { r.setLogin(login); });
  WipePassword(login);
  context.releaseParams();
  Connection& c = connection_;
  return c.Ask(kj::mv(request), nullptr, true).then([&c, context](CoreAnswer&& a) mutable {
    auto result = context.getResults().initResult();
    return Decode(
        a,
        [&](Response::Reader r) {
          if (!r.isLoggedIn() || a.grant.get() == nullptr) return;
          auto ok = result.initOk();
          ok.setSession(kj::heap<SessionImpl>(c, kj::mv(a.grant)));
          ok.setView(r.getLoggedIn());
        },
        [&](capos::schema::RemoteDenial::Reader d) {
          // authDenied, disabledAuthMethod, boundExceeded, loginTimeout,
          // unavailable: typed, as the DTO's login answers them.
          result.setDenied(d);
          return kj::Promise<void>(kj::READY_NOW);
        });
  });
}

}  // namespace rpc_gateway
