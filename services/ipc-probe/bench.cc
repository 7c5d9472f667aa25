// Bench mode (process name "ipc-bench"): the endpoint round trip, client
// CALL -> server RECV/RETURN -> client CQE, over kCalls calls, timed with
// Timer.now. The params message is encoded once; ipc-echo copies it back.
#include "layout/testing.capnp.layout.h"
#include "schema/testing.capnp.h"
#include "services/ipc-probe/probe.h"

namespace ipcprobe {
namespace {

using caprt::ErrorName;
using E = capos::layout::Echo;
namespace S = capos::schema;

constexpr uint32_t kCalls = 100000;
constexpr uint32_t kWarmup = 1000;
alignas(16) uint8_t params[128];
alignas(16) uint8_t reply[128];

}  // namespace

int RunBench(Env env) {
  caprt::Result<EchoServer> s = StartEcho(env, "ipc-echo-bench", false, 0);
  if (!s.ok()) {
    env.console.Printf("FAIL bench: echo server: %s\n", ErrorName(s.error()));
    return 1;
  }
  capnp::MallocMessageBuilder b;
  static const uint8_t kData[16] = {'b', 'e', 'n', 'c', 'h'};
  b.initRoot<S::Echo::EchoParams>().setData(capnp::Data::Reader(kData, sizeof(kData)));
  caprt::Result<size_t> n = caprt::SerializeTo(b, params, sizeof(params));
  if (!n.ok()) return 1;
  uint32_t len = static_cast<uint32_t>(n.value());
  for (uint32_t i = 0; i < kWarmup; ++i) {
    caprt::CallWith(s.value().client, E::kEcho, params, len, reply, sizeof(reply));
  }
  caprt::Result<uint64_t> t0 = env.timer.Now();
  uint32_t failed = 0;
  for (uint32_t i = 0; i < kCalls; ++i) {
    auto r = caprt::CallWith(s.value().client, E::kEcho, params, len, reply, sizeof(reply));
    if (!r.ok() || r.value().len != len) ++failed;
  }
  caprt::Result<uint64_t> t1 = env.timer.Now();
  StopEcho(s.value());
  if (!t0.ok() || !t1.ok() || failed) {
    env.console.Printf("FAIL bench: %u calls failed, timer %s/%s\n", failed, ErrorName(t0.error()),
                       ErrorName(t1.error()));
    return 1;
  }
  uint64_t total = t1.value() - t0.value();
  env.console.Printf("bench endpoint-rtt-ns %llu\n", (unsigned long long)(total / kCalls));
  env.console.Printf("bench endpoint-calls %u total-ns %llu (%u-byte echo)\n", kCalls,
                     (unsigned long long)total, len);
  return 0;
}

}  // namespace ipcprobe
