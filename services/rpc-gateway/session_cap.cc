// Session (remote_rpc.capnp): one login. info, transcript and logout are
// the DTO's sessionInfo, exportTranscript and logout through the core;
// capSet hands out the login's CapSet.
#include "services/rpc-gateway/caps.h"

namespace rpc_gateway {

using Response = capos::schema::Response;

kj::Promise<CoreAnswer> LoginCap::Ask(kj::Array<capnp::word> request, bool quiet) {
  if (!grant_->live()) return StaleSession();
  return connection_.Ask(kj::mv(request), *grant_, false, quiet);
}

kj::Promise<void> SessionImpl::info(InfoContext context) {
  return Ask(Dto([](auto r) { r.setSessionInfo(); })).then([context](CoreAnswer&& a) mutable {
    return Decode(a, [&](Response::Reader r) {
      if (r.isSessionInfo()) context.getResults().setView(r.getSessionInfo());
    });
  });
}

kj::Promise<void> SessionImpl::capSet(CapSetContext context) {
  if (!live()) return StaleSession();
  context.getResults().setCapSet(kj::heap<CapSetImpl>(connection_, kj::addRef(*grant_)));
  return kj::READY_NOW;
}

kj::Promise<void> SessionImpl::logout(LogoutContext context) {
  if (!live()) return StaleSession();
  // Every cap of the login fails closed from now on, this Session with
  // them; the logout itself is not the grant's (it would revoke itself).
  connection_.Revoke();
  return connection_.Ask(Dto([](auto r) { r.setLogout(); }), nullptr).then([](CoreAnswer&& a) {
    // Resolved once the backend has stopped the worker and logged the
    // session out, as the DTO's loggedOut.
    return Decode(a, [](Response::Reader) {});
  });
}

kj::Promise<void> SessionImpl::transcript(TranscriptContext context) {
  return Ask(Dto([](auto r) { r.setExportTranscript(); })).then([context](CoreAnswer&& a) mutable {
    return Decode(a, [&](Response::Reader r) {
      if (r.isTranscript()) context.getResults().setEvents(r.getTranscript());
    });
  });
}

}  // namespace rpc_gateway
