// rpc-probe's timing steps: figures for `make bench` (qemu-tests/rpc_bench.py),
// never pass/fail thresholds.
//
//   time-info N    N sequential Session.info round trips on the last login
//   time-chain N   N times, pipelined: login(guest) -> capSet -> get
//                  ("system_info") -> motd, all four sent before any answer
//                  (each a relogin on this connection after the first)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "tools/rpc-probe/steps.h"

namespace rpcprobe {
namespace {

namespace rpc = capos::rpc;
using Clock = std::chrono::steady_clock;

long long Us(Clock::time_point from) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - from).count();
}

void Print(const char* what, std::vector<long long> us) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  long long sum = 0;
  for (long long u : us) sum += u;
  size_t p99 = (us.size() * 99) / 100;
  if (p99 >= us.size()) p99 = us.size() - 1;
  std::printf("%s n=%zu mean_us=%lld p50_us=%lld p99_us=%lld\n", what, us.size(),
              sum / (long long)us.size(), us[us.size() / 2], us[p99]);
}

}  // namespace

bool Probe::TimingStep(const std::string& s, const std::function<std::string()>& next) {
  if (s == "time-info") {
    unsigned n = static_cast<unsigned>(std::strtoul(next().c_str(), nullptr, 10));
    std::vector<long long> us;
    for (unsigned k = 0; k < n; ++k) {
      auto t0 = Clock::now();
      Wait(SessionCap().infoRequest().send());
      us.push_back(Us(t0));
    }
    Print("time-info", us);
    return true;
  }
  if (s == "time-chain") {
    unsigned n = static_cast<unsigned>(std::strtoul(next().c_str(), nullptr, 10));
    const uint64_t system_info = capnp::typeId<rpc::SystemInfo>();
    std::vector<long long> us;
    for (unsigned k = 0; k < n; ++k) {
      auto t0 = Clock::now();
      // LoginResult's session sits in a union, which capnp's C++
      // pipelines do not reach: the typeless request's pipeline names the
      // pointers (results.result, then result.ok.session) instead.
      auto login = gateway_.typelessRequest(capnp::typeId<rpc::Gateway>(), 1, nullptr);
      login.initAs<rpc::Gateway::LoginParams>().initLogin().setGuest();
      capnp::AnyPointer::Pipeline result = login.send().getPointerField(0);
      rpc::Session::Client session(result.getPointerField(0).asCap());
      rpc::CapSet::Client capset = session.capSetRequest().send().getCapSet();
      auto get = capset.typelessRequest(capnp::typeId<rpc::CapSet>(), 1, nullptr);
      auto params = get.initAs<rpc::CapSet::GetParams>();
      params.setName("system_info");
      params.setInterfaceId(system_info);
      // results.result, then result.cap (a union member too)
      rpc::SystemInfo::Client info(get.send().getPointerField(0).getPointerField(0).asCap());
      auto text = Wait(info.motdRequest().send()).getText();
      us.push_back(Us(t0));
      KJ_REQUIRE(text.size() > 0, "an empty motd");
    }
    Print("time-chain", us);
    return true;
  }
  return false;
}

}  // namespace rpcprobe
