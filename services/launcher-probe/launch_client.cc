#include "services/launcher-probe/launch_client.h"

#include <string.h>

#include <capnp/message.h>

#include "layout/launcher.capnp.layout.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/launcher.capnp.h"

namespace probe {

using Schema = capos::schema::RestrictedLauncher;

LaunchReply Launch(const caprt::Cap& launcher, const LaunchArgs& a) {
  LaunchReply out;
  abi::CapTransfer caps[abi::kMaxTransferCaps];
  uint16_t sent = 0;
  capnp::MallocMessageBuilder b;
  auto p = b.initRoot<Schema::LaunchParams>();
  p.setProfile(a.profile);
  p.setBinary(a.binary);
  p.setName(a.name);
  auto list = p.initGrants(static_cast<unsigned>(a.grant_count));
  for (size_t i = 0; i < a.grant_count && sent < abi::kMaxTransferCaps; ++i) {
    list[i].setName(a.grants[i].name);
    list[i].setCapIndex(a.grants[i].cap_index >= 0 ? a.grants[i].cap_index : sent);
    caps[sent++] = caprt::Send(a.grants[i].cap);
  }
  const caprt::Cap* session = a.session_as ? a.session_as : a.session;
  if (session != nullptr && sent < abi::kMaxTransferCaps) {
    p.setSessionCap(static_cast<int16_t>(sent));
    caps[sent++] = caprt::Send(*session, abi::kRightCall | abi::kRightBind | abi::kRightTransfer);
  }
  alignas(8) static uint8_t params[2048];
  caprt::Result<size_t> n = caprt::SerializeTo(b, params, sizeof(params));
  if (!n.ok()) {
    out.transport = n.error();
    return out;
  }
  alignas(8) static uint8_t reply[1024];
  caprt::CallOptions options;
  options.caps = caps;
  options.caps_count = sent;
  options.timeout_ms = 10000;
  caprt::Result<caprt::Reply> r =
      caprt::CallWith(launcher, capos::layout::RestrictedLauncher::kLaunch, params,
                      static_cast<uint32_t>(n.value()), reply, sizeof(reply), options);
  if (!r.ok()) {
    out.transport = r.error();
    return out;
  }
  uint16_t handle_index = 0;
  caprt::Status s = caprt::DecodeRoot<Schema::LaunchResults>(
      reply, r.value().len, [&](Schema::LaunchResults::Reader res) {
        auto result = res.getResult();
        if (result.isLaunched()) {
          out.launched = true;
          out.pid = result.getLaunched().getPid();
          handle_index = result.getLaunched().getHandleCap();
        } else {
          auto d = result.getDenied();
          out.code = static_cast<uint16_t>(d.getCode());
          out.kernel_error = d.getKernelError();
          auto m = d.getMessage();
          size_t len = m.size() < sizeof(out.message) - 1 ? m.size() : sizeof(out.message) - 1;
          memcpy(out.message, m.begin(), len);
          out.message[len] = '\0';
        }
      });
  if (!s.ok()) {
    out.transport = s.error();
    out.launched = false;
    return out;
  }
  if (out.launched) {
    caprt::Result<caprt::Cap> h = caprt::ReplyCap(reply, r.value(), handle_index);
    if (!h.ok()) {
      out.transport = h.error();
      out.launched = false;
    } else {
      out.handle = h.value();
    }
  }
  return out;
}

}  // namespace probe
