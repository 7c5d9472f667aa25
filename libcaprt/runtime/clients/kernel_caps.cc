#include "libcaprt/runtime/clients/kernel_caps.h"

#include <string.h>

#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/interfaces.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/kernel.capnp.h"

namespace caprt {

namespace S = capos::schema;
namespace L = capos::layout;

namespace {

// Encodes params, calls, and decodes the root of the reply with fn.
template <typename Results, typename Builder, typename Fn>
Result<Reply> Roundtrip(const Cap& cap, uint16_t method, Builder& params, void* reply,
                        uint32_t reply_cap, const CallOptions& options, Fn&& fn) {
  alignas(8) uint8_t encoded[512];
  Result<size_t> n = SerializeTo(params, encoded, sizeof(encoded));
  if (!n.ok()) return n.error();
  Result<Reply> r =
      CallWith(cap, method, encoded, static_cast<uint32_t>(n.value()), reply, reply_cap, options);
  if (!r.ok()) return r.error();
  Status s = DecodeRoot<Results>(reply, r.value().len, fn);
  if (!s.ok()) return s.error();
  return r.value();
}

}  // namespace

Result<EndpointPair> CreateEndpoint(const Cap& factory, uint64_t interface_id, bool disclose,
                                    uint64_t badge) {
  capnp::MallocMessageBuilder params(8);  // tiny params: not the 8 KiB default
  auto p = params.initRoot<S::EndpointFactory::CreateParams>();
  p.setInterfaceId(interface_id);
  p.setDisclose(disclose);
  p.setBadge(badge);
  alignas(8) uint64_t reply[16];
  uint16_t owner = 0, client = 0;
  Result<Reply> r = Roundtrip<S::EndpointFactory::CreateResults>(
      factory, L::EndpointFactory::kCreate, params, reply, sizeof(reply), {},
      [&](S::EndpointFactory::CreateResults::Reader res) {
        owner = res.getOwnerCap();
        client = res.getClientCap();
      });
  if (!r.ok()) return r.error();
  Result<Cap> o = ReplyCap(reply, r.value(), owner);
  Result<Cap> c = ReplyCap(reply, r.value(), client);
  if (!o.ok() || !c.ok()) return Error::kMalformedMessage;
  return EndpointPair{o.value(), c.value()};
}

Result<Cap> MintSession(const Cap& authority, const SessionClasses& classes) {
  capnp::MallocMessageBuilder params(8);  // tiny params: not the 8 KiB default
  auto p = params.initRoot<S::SessionAuthority::MintParams>();
  p.setPrincipalClass(classes.principal_class);
  p.setAuthStrength(classes.auth_strength);
  p.setProfileClass(classes.profile_class);
  alignas(8) uint64_t reply[8];
  uint16_t index = 0;
  Result<Reply> r = Roundtrip<S::SessionAuthority::MintResults>(
      authority, L::SessionAuthority::kMint, params, reply, sizeof(reply), {},
      [&](S::SessionAuthority::MintResults::Reader res) { index = res.getCellCap(); });
  if (!r.ok()) return r.error();
  return ReplyCap(reply, r.value(), index);
}

Status LogoutSession(const Cap& authority, const Cap& cell) {
  capnp::MallocMessageBuilder params(8);  // tiny params: not the 8 KiB default
  params.initRoot<S::SessionAuthority::LogoutParams>().setCellCap(0);
  abi::CapTransfer t = Send(cell, 0);
  CallOptions options;
  options.caps = &t;
  options.caps_count = 1;
  alignas(8) uint8_t encoded[64];
  Result<size_t> n = SerializeTo(params, encoded, sizeof(encoded));
  if (!n.ok()) return n.error();
  Result<Reply> r = CallWith(authority, L::SessionAuthority::kLogout, encoded,
                             static_cast<uint32_t>(n.value()), nullptr, 0, options);
  return r.ok() ? Status() : Status(r.error());
}

Result<bool> SessionLive(const Cap& cell) {
  alignas(8) uint64_t reply[4];
  Result<uint32_t> len = Call(cell, L::SessionCell::kStatus, nullptr, 0, reply, sizeof(reply));
  if (!len.ok()) return len.error();
  bool live = false;
  Status s = DecodeRoot<S::SessionCell::StatusResults>(
      reply, len.value(), [&](S::SessionCell::StatusResults::Reader r) { live = r.getLive(); });
  if (!s.ok()) return s.error();
  return live;
}

Result<KernelStats> Stats(const Cap& diagnostics) {
  alignas(8) uint64_t reply[8];
  Result<uint32_t> len =
      Call(diagnostics, L::Diagnostics::kStats, nullptr, 0, reply, sizeof(reply));
  if (!len.ok()) return len.error();
  KernelStats k{};
  Status s = DecodeRoot<S::Diagnostics::StatsResults>(
      reply, len.value(), [&](S::Diagnostics::StatsResults::Reader r) {
        k.processes = r.getProcesses();
        k.objects = r.getObjects();
        k.free_frames = r.getFreeFrames();
        k.kernel_allocations = r.getKernelAllocations();
        k.live_sessions = r.getLiveSessions();
      });
  if (!s.ok()) return s.error();
  return k;
}

Status RandomBytes(const Cap& entropy, void* buf, size_t len) {
  auto* out = static_cast<uint8_t*>(buf);
  while (len) {
    size_t chunk = len > 256 ? 256 : len;
    capnp::MallocMessageBuilder params(8);  // tiny params: not the 8 KiB default
    params.initRoot<S::EntropySource::ReadParams>().setLength(static_cast<uint32_t>(chunk));
    alignas(8) uint64_t reply[48];
    size_t got = 0;
    Result<Reply> r = Roundtrip<S::EntropySource::ReadResults>(
        entropy, L::EntropySource::kRead, params, reply, sizeof(reply), {},
        [&](S::EntropySource::ReadResults::Reader res) {
          auto d = res.getData();
          got = d.size() < chunk ? d.size() : chunk;
          memcpy(out, d.begin(), got);
        });
    if (!r.ok()) return r.error();
    if (got == 0) return Error::kBusy;
    out += got;
    len -= got;
  }
  return Status();
}

}  // namespace caprt
