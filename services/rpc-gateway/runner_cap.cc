// ServiceRunner (remote_rpc.capnp, the "services" entry): the DTO's
// serviceCatalog, serviceLaunch, serviceStatus and serviceStop through
// the core, which decides every launch rule before any process starts.
#include "services/rpc-gateway/caps.h"

namespace rpc_gateway {
namespace {

using Response = capos::schema::Response;
using LaunchResult = capos::rpc::ServiceRunner::LaunchResult;

// A launch/status/stop answer: the service's state, or launchDenied typed
// in the result (every other denial is its exception).
kj::Promise<void> Launched(const CoreAnswer& a, LaunchResult::Builder out) {
  return Decode(
      a,
      [&](Response::Reader r) {
        if (r.isServiceState()) out.setStatus(r.getServiceState());
      },
      [&](capos::schema::RemoteDenial::Reader d) {
        if (d.getCode() != capos::schema::ErrorCode::LAUNCH_DENIED) {
          return kj::Promise<void>(
              DeniedException(static_cast<remote_session::ErrorCode>(d.getCode())));
        }
        out.setDenied(d);
        return kj::Promise<void>(kj::READY_NOW);
      });
}

}  // namespace

kj::Promise<void> ServiceRunnerImpl::catalog(CatalogContext context) {
  return Ask(Dto([](auto r) { r.setServiceCatalog(); })).then([context](CoreAnswer&& a) mutable {
    return Decode(a, [&](Response::Reader r) {
      if (r.isServiceCatalog()) context.getResults().setServices(r.getServiceCatalog());
    });
  });
}

kj::Promise<void> ServiceRunnerImpl::launch(LaunchContext context) {
  auto request = Dto([&](auto r) { r.setServiceLaunch(context.getParams().getLaunch()); });
  return Ask(kj::mv(request)).then([context](CoreAnswer&& a) mutable {
    return Launched(a, context.getResults().initResult());
  });
}

kj::Promise<void> ServiceRunnerImpl::status(StatusContext context) {
  auto request = Dto([&](auto r) { r.setServiceStatus(context.getParams().getProfile()); });
  return Ask(kj::mv(request)).then([context](CoreAnswer&& a) mutable {
    return Launched(a, context.getResults().initResult());
  });
}

kj::Promise<void> ServiceRunnerImpl::stop(StopContext context) {
  auto request = Dto([&](auto r) { r.setServiceStop(context.getParams().getProfile()); });
  return Ask(kj::mv(request)).then([context](CoreAnswer&& a) mutable {
    return Launched(a, context.getResults().initResult());
  });
}

}  // namespace rpc_gateway
