#include "services/lib/ipc-backend/shell_decode.h"

#include "layout/terminal.capnp.layout.h"
#include "libcaprt/capnp_glue.h"
#include "schema/terminal.capnp.h"

namespace ipc_backend {
namespace {

namespace L = capos::layout;
using Host = capos::schema::ShellHost;

}  // namespace

ShellCallView DecodeShellCall(const uint8_t* recv, uint32_t got) {
  ShellCallView v;
  if (got < sizeof(abi::RecvHeader)) return v;
  const auto* h = reinterpret_cast<const abi::RecvHeader*>(recv);
  v.token = h->call_token;
  const uint8_t* params = recv + sizeof(abi::RecvHeader);
  const uint32_t len = h->params_len;
  // A shell has no caps to send: one that arrives is malformed, as are
  // params longer than what was delivered.
  if (len > got - sizeof(abi::RecvHeader) || h->caps_count != 0) {
    v.kind = ShellCallView::kRefuse;
    v.refusal = abi::Error::kMalformedMessage;
    return v;
  }
  caprt::DecodeResult d;
  switch (h->method) {
    case L::ShellHost::kInput:
      d = caprt::Decode<Host::InputParams>(
          params, len, [&](Host::InputParams::Reader r) { v.wait_ms = r.getWaitMs(); });
      v.call = ShellCall::kInput;
      break;
    case L::ShellHost::kOutput:
      d = caprt::Decode<Host::OutputParams>(params, len, [&](Host::OutputParams::Reader r) {
        auto b = r.getBytes();
        v.data = b.begin();
        v.len = b.size();
      });
      v.call = ShellCall::kOutput;
      break;
    case L::ShellHost::kRequest:
      d = caprt::Decode<Host::RequestParams>(params, len, [&](Host::RequestParams::Reader r) {
        auto b = r.getRequest();
        v.data = b.begin();
        v.len = b.size();
        v.quiet = r.getQuiet();
      });
      v.call = ShellCall::kRequest;
      break;
    default:
      v.kind = ShellCallView::kRefuse;
      v.refusal = abi::Error::kBadMethod;
      return v;
  }
  if (!d.ok()) {
    v = ShellCallView{ShellCallView::kRefuse, abi::Error::kMalformedMessage, ShellCall::kBad,
                      v.token};
    return v;
  }
  v.kind = ShellCallView::kCall;
  return v;
}

}  // namespace ipc_backend
