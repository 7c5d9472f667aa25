#include "tools/remote-session-client/rpc_transport.h"

#include <capnp/ez-rpc.h>
#include <capnp/schema.h>
#include <kj/async-io.h>
#include <kj/debug.h>

#include <chrono>
#include <memory>
#include <string>

#include "schema/remote_rpc.capnp.h"
#include "schema/remote_session.capnp.h"

namespace rsclient {
namespace {

namespace rs = capos::schema;

// The gateway's own exceptions are one ErrorCode name after capnp's prefix
// (remote_rpc.capnp, "Denials are typed"): its ordinal, or -1.
int denial_code(const kj::Exception& e) {
  std::string d = e.getDescription().cStr();
  const std::string prefix = "remote exception: ";
  if (d.rfind(prefix, 0) == 0) d = d.substr(prefix.size());
  auto codes = capnp::Schema::from<rs::ErrorCode>().getEnumerants();
  for (auto c : codes) {
    if (d == c.getProto().getName().cStr()) return c.getOrdinal();
  }
  return -1;
}

StepOutcome failed(const Step& step, uint32_t id, const kj::Exception& e) {
  StepOutcome out;
  out.step = &step;
  int code = denial_code(e);
  if (code >= 0) {
    // As the DTO would have said it: a Response with the denial.
    out.kind = StepOutcome::Kind::kDenied;
    out.exit_code = kExitDenied;
    out.request_id = id;
    out.response = std::make_shared<capnp::MallocMessageBuilder>();
    auto r = out.response->initRoot<rs::Response>();
    r.setRequestId(id);
    r.initDenied().setCode(static_cast<rs::ErrorCode>(code));
    out.denial_code = capnp::Schema::from<rs::ErrorCode>()
                          .getEnumerants()[static_cast<uint>(code)]
                          .getProto()
                          .getName()
                          .cStr();
    return out;
  }
  out.kind = StepOutcome::Kind::kError;
  bool gone = e.getType() == kj::Exception::Type::DISCONNECTED;
  out.exit_code = gone ? kExitConnection : kExitProtocol;
  out.error = std::string(gone ? "connection: " : "rpc: ") + e.getDescription().cStr();
  return out;
}

}  // namespace

int run_rpc(const Options& o, const std::function<void(const StepOutcome&)>& emit) {
  int code = kExitOk;
  auto worse = [&code](int c) {
    if (c != kExitOk && (code == kExitOk || code == kExitDenied)) code = c;
  };
  // Connecting fails as an exception too: one error line, exit 3.
  KJ_IF_MAYBE (e, kj::runCatchingExceptions([&]() {
                 capnp::EzRpcClient client(o.host, o.port);
                 auto gateway = client.getMain<capos::rpc::Gateway>();
                 auto& timer = client.getIoProvider().getTimer();
                 uint32_t id = 0;
                 for (const Step& step : o.steps) {
                   auto start = std::chrono::steady_clock::now();
                   auto late =
                       timer.afterDelay(o.timeout_ms * kj::MILLISECONDS)
                           .then([]() -> capnp::Response<capos::rpc::Gateway::AuthMethodsResults> {
                             KJ_FAIL_REQUIRE("no answer within the timeout");
                           });
                   StepOutcome out;
                   ++id;
                   KJ_IF_MAYBE (failure, kj::runCatchingExceptions([&]() {
                                  auto answer = gateway.authMethodsRequest()
                                                    .send()
                                                    .exclusiveJoin(kj::mv(late))
                                                    .wait(client.getWaitScope());
                                  out.step = &step;
                                  out.request_id = id;
                                  out.response = std::make_shared<capnp::MallocMessageBuilder>();
                                  auto r = out.response->initRoot<rs::Response>();
                                  r.setRequestId(id);
                                  r.setAuthMethods(answer.getMethods());
                                })) {
                     out = failed(step, id, *failure);
                   }
                   out.elapsed_us =
                       static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                 std::chrono::steady_clock::now() - start)
                                                 .count());
                   emit(out);
                   worse(out.exit_code);
                   if (out.kind == StepOutcome::Kind::kError) return;
                 }
               })) {
    StepOutcome out;
    out.step = o.steps.empty() ? nullptr : &o.steps.front();
    out.kind = StepOutcome::Kind::kError;
    out.exit_code = kExitConnection;
    out.error = std::string("connect: ") + e->getDescription().cStr();
    emit(out);
    worse(kExitConnection);
  }
  return code;
}

}  // namespace rsclient
