#include "services/ipc-probe/probe.h"

#include "layout/testing.capnp.layout.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/interfaces.h"

namespace ipcprobe {

caprt::Result<EchoServer> StartEcho(Env& env, const char* name, bool disclose, uint64_t badge,
                                    caprt::Cap* keep_owner) {
  caprt::Result<caprt::EndpointPair> ep =
      caprt::CreateEndpoint(env.factory, capos::layout::Echo::kId, disclose, badge);
  if (!ep.ok()) return ep.error();
  caprt::SpawnGrant grants[] = {
      {"console", env.console.cap()},
      {"timer", env.timer.cap()},
      {"echo", ep.value().owner},
  };
  caprt::Result<caprt::Spawned> child = env.spawner.Spawn(name, "ipc-echo", grants, 3, 64);
  // Unless asked to keep one, the child holds the only owner facet from now
  // on: killing it is what disconnects the endpoint.
  if (keep_owner) {
    *keep_owner = ep.value().owner;
  } else {
    caprt::Release(ep.value().owner);
  }
  if (!child.ok()) {
    caprt::Release(ep.value().client);
    return child.error();
  }
  return EchoServer{ep.value().client, caprt::ProcessHandle(child.value().handle)};
}

caprt::Status StopEcho(EchoServer& s) {
  caprt::Status k = s.handle.Kill();
  caprt::Result<caprt::ExitInfo> w = s.handle.Wait();
  caprt::Release(s.handle.cap());
  caprt::Release(s.client);
  if (!k.ok()) return k;
  return w.ok() ? caprt::Status() : caprt::Status(w.error());
}

uint64_t SubmitCall(const caprt::Cap& cap, uint16_t method, const void* params, uint32_t params_len,
                    void* result, uint32_t result_cap, uint16_t timeout_ms) {
  caprt::Ring& ring = caprt::DefaultRing();
  abi::Sqe s =
      caprt::CallSqe(cap, method, params, params_len, result, result_cap, ring.NextUserData());
  s.timeout_ms = timeout_ms;
  return ring.Submit(s) ? s.user_data : 0;
}

uint64_t SubmitCancel(uint64_t call_user_data) {
  caprt::Ring& ring = caprt::DefaultRing();
  abi::Sqe s = {};
  s.opcode = static_cast<uint8_t>(abi::Op::kCancel);
  s.user_data = ring.NextUserData();
  s.interface_id = call_user_data;
  return ring.Submit(s) ? s.user_data : 0;
}

caprt::Result<abi::Cqe> WaitFor(uint64_t user_data, uint64_t ns) {
  if (user_data == 0) return caprt::Error::kBusy;
  return caprt::DefaultRing().Wait(user_data, ns);
}

}  // namespace ipcprobe
