#include "services/lib/service-relay/session_worker.h"

#include "kernel-abi/abi.h"
#include "layout/worker.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/ipc.h"
#include "services/lib/service-relay/service_relay.h"

namespace service_relay {
namespace {

namespace L = capos::layout;

// ChatWorker and ServiceWorker are one contract under two interface ids
// (so a facet of one can never be handed where the other is expected):
// the same ordinals and the same relay messages.
static_assert(L::ChatWorker::kRelay == L::ServiceWorker::kRelay);
static_assert(L::ChatWorker::kShutdown == L::ServiceWorker::kShutdown);
static_assert(L::ChatWorker::RelayParams::kDataWords == L::ServiceWorker::RelayParams::kDataWords);
static_assert(L::ChatWorker::RelayParams::kPointerCount ==
              L::ServiceWorker::RelayParams::kPointerCount);
static_assert(L::ChatWorker::RelayResults::kPointerCount ==
              L::ServiceWorker::RelayResults::kPointerCount);

// The relay answer goes out of the server's buffer as is.
static_assert(caprt::Server::kBufferBytes >= kMaxResultsBytes);

// A bounded wait: a wedged game service must not wedge the front end's
// session forever (the front end's own call to us is bounded too).
constexpr uint16_t kCallTimeoutMs = 5000;
// The leave call at shutdown is bounded tighter: the gateway waits 1 s for
// the shutdown answer before it kills the worker.
constexpr uint16_t kLeaveTimeoutMs = 800;

const WorkerSpec* spec = nullptr;
caprt::Console console;
caprt::Cap service;
caprt::Server server;  // large: static
volatile bool stop = false;
uint32_t relayed = 0;
// TSC cycles (measurement only, printed at the end; `make bench` reads
// them): whole relays as served here, and the service calls inside them.
uint64_t relay_cycles = 0, call_cycles = 0;

uint64_t Tsc() {
  return __builtin_ia32_rdtsc();
}

abi::Error CallBounded(uint16_t timeout_ms, uint16_t method, const void* params,
                       uint32_t params_len, void* reply, uint32_t reply_cap, uint32_t* len) {
  caprt::CallOptions options;
  options.timeout_ms = timeout_ms;
  caprt::Result<caprt::Reply> r =
      caprt::CallWith(service, method, params, params_len, reply, reply_cap, options);
  if (!r.ok()) return r.error();
  *len = r.value().len;
  return abi::Error::kOk;
}

abi::Error CallService(void*, uint16_t method, const void* params, uint32_t params_len, void* reply,
                       uint32_t reply_cap, uint32_t* len) {
  uint64_t t0 = Tsc();
  abi::Error e = CallBounded(kCallTimeoutMs, method, params, params_len, reply, reply_cap, len);
  call_cycles += Tsc() - t0;
  return e;
}

// Ends the session's place in the service while the session is still live
// (the front end stops workers before logging the session out), so the
// service drops its state now rather than never. Its domain answer (e.g.
// noGame) does not matter; a transport error is logged.
void Leave() {
  alignas(8) static uint8_t reply[kMaxReplyBytes];
  uint32_t len = 0;
  abi::Error e = CallBounded(kLeaveTimeoutMs, spec->leave_method, kEmptyParams, kEmptyParamsBytes,
                             reply, sizeof(reply), &len);
  if (e != abi::Error::kOk) {
    console.Printf("%s: leave call: %s\n", spec->name, caprt::ErrorName(e));
  }
}

void Serve(void*, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
           caprt::Answer* answer) {
  const abi::RecvHeader& h = *in.header;
  if (h.interface_id != spec->control_iface) {
    answer->status = abi::Error::kWrongInterface;
    return;
  }
  if (h.method == L::ServiceWorker::kShutdown) {  // == ChatWorker's (asserted)
    Leave();
    stop = true;  // answered first, then the loop ends
    return;
  }
  if (h.method != L::ServiceWorker::kRelay) {
    answer->status = abi::Error::kBadMethod;
    return;
  }
  Target target;
  target.relay_methods = spec->relay_methods;
  target.call = CallService;
  uint64_t t0 = Tsc();
  Outcome o = Relay(in.params, in.params_len, target, out, out_cap);
  relay_cycles += Tsc() - t0;
  answer->status = o.status;
  answer->len = o.status == abi::Error::kOk ? o.len : 0;
  if (o.status == abi::Error::kOk) {
    ++relayed;
  } else {
    console.Printf("%s: method %u: %s\n", spec->name, o.method, caprt::ErrorName(o.status));
  }
}

}  // namespace

int RunSessionWorker(const WorkerSpec& s) {
  spec = &s;
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  caprt::Result<caprt::Cap> control = caprt::FindCap("control", s.control_iface);
  caprt::Result<caprt::Cap> service_cap = caprt::FindCap(s.grant, s.interface_id);
  if (!control.ok() && !service_cap.ok()) {
    // Started by init from a manifest entry (which is what puts the binary
    // into the boot package): nothing to serve.
    console.Printf("%s: no session grants; standby copy exits\n", s.name);
    return 0;
  }
  if (!control.ok() || !service_cap.ok()) {
    console.Printf("%s: missing control or %s grant\n", s.name, s.grant);
    return 1;
  }
  service = service_cap.value();
  server.Add(control.value(), Serve, nullptr);
  console.Printf("%s: serving its session\n", s.name);
  abi::Error e = server.Run(&stop);
  console.Printf("%s: stopped (%s) after %u relayed calls\n", s.name, caprt::ErrorName(e), relayed);
  if (relayed != 0) {
    console.Printf("%s: cycles/relay %llu, of which the %s call %llu\n", s.name,
                   (unsigned long long)(relay_cycles / relayed), s.grant,
                   (unsigned long long)(call_cycles / relayed));
  }
  caprt::Release(service);
  caprt::Release(control.value());
  return e == abi::Error::kOk ? 0 : 1;
}

}  // namespace service_relay
