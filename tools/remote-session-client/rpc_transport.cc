#include "tools/remote-session-client/rpc_transport.h"

#include <capnp/ez-rpc.h>
#include <capnp/schema.h>
#include <kj/async-io.h>
#include <kj/debug.h>

#include <chrono>
#include <memory>
#include <string>

#include "schema/remote_session.capnp.h"
#include "tools/remote-session-client/rpc_steps.h"

namespace rsclient {
namespace {

namespace rs = capos::schema;

std::string code_name(unsigned code) {
  return capnp::Schema::from<rs::ErrorCode>().getEnumerants()[code].getProto().getName().cStr();
}

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
    out.denial_code = code_name(static_cast<unsigned>(code));
    return out;
  }
  out.kind = StepOutcome::Kind::kError;
  bool gone = e.getType() == kj::Exception::Type::DISCONNECTED;
  out.exit_code = gone ? kExitConnection : kExitProtocol;
  out.error = std::string(gone ? "connection: " : "rpc: ") + e.getDescription().cStr();
  return out;
}

// One step's outcome from the DTO Response RpcSteps filled.
StepOutcome answered(const Step& step, uint32_t id,
                     std::shared_ptr<capnp::MallocMessageBuilder> msg) {
  StepOutcome out;
  out.step = &step;
  out.request_id = id;
  out.response = std::move(msg);
  auto r = out.response->getRoot<rs::Response>().asReader();
  if (r.isDenied()) {
    out.kind = StepOutcome::Kind::kDenied;
    out.exit_code = kExitDenied;
    out.denial_code = code_name(static_cast<unsigned>(r.getDenied().getCode()));
  }
  return out;
}

}  // namespace

int run_rpc(const Options& o, const ClientHooks& hooks) {
  int code = kExitOk;
  auto worse = [&code](int c) {
    if (c != kExitOk && (code == kExitOk || code == kExitDenied)) code = c;
  };
  // Connecting fails as an exception too: one error line, exit 3.
  KJ_IF_MAYBE (e, kj::runCatchingExceptions([&]() {
                 rpclink::TlsOptions tls;
                 tls.enabled = o.tls.enabled;
                 tls.ca_file = o.tls.ca_file;
                 tls.server_name = o.tls.server_name;
                 tls.cert_file = o.tls.cert_file;
                 tls.key_file = o.tls.key_file;
                 rpclink::RpcLink client(o.host, o.port, tls);
                 RpcSteps steps(o, client, hooks);
                 uint32_t id = 0;
                 for (const Step& step : o.steps) {
                   auto start = std::chrono::steady_clock::now();
                   StepOutcome out;
                   ++id;
                   if (step.kind == Step::Kind::kSleep) {
                     if (hooks.sleep) hooks.sleep(step.sleep_ms);
                     out.step = &step;
                     hooks.emit(out);
                     continue;
                   }
                   KJ_IF_MAYBE (failure, kj::runCatchingExceptions([&]() {
                                  auto msg = std::make_shared<capnp::MallocMessageBuilder>();
                                  auto r = msg->initRoot<rs::Response>();
                                  r.setRequestId(id);
                                  std::string usage = steps.Run(step, r);
                                  if (!usage.empty()) {
                                    out.step = &step;
                                    out.kind = StepOutcome::Kind::kError;
                                    out.exit_code = kExitUsage;
                                    out.error = usage;
                                  } else {
                                    out = answered(step, id, std::move(msg));
                                  }
                                })) {
                     out = failed(step, id, *failure);
                   }
                   out.elapsed_us =
                       static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                 std::chrono::steady_clock::now() - start)
                                                 .count());
                   hooks.emit(out);
                   worse(out.exit_code);
                   if (out.kind == StepOutcome::Kind::kError) return;
                 }
               })) {
    StepOutcome out;
    out.step = o.steps.empty() ? nullptr : &o.steps.front();
    out.kind = StepOutcome::Kind::kError;
    out.exit_code = kExitConnection;
    out.error = std::string("connect: ") + e->getDescription().cStr();
    hooks.emit(out);
    worse(kExitConnection);
  }
  return code;
}

}  // namespace rsclient
