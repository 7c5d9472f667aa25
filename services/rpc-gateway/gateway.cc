#include "services/rpc-gateway/gateway.h"

#include <kj/debug.h>

#include "libcaprt/capnp_glue.h"
#include "services/lib/remote-session/frame_reader.h"
#include "services/lib/remote-session/response.h"

namespace rpc_gateway {
namespace {

namespace rs = remote_session;
using Response = capos::schema::Response;

// The exception a denial becomes: its description is the ErrorCode name
// alone, a fixed string (remote_rpc.capnp, "Denials are typed").
kj::Exception Denied(rs::ErrorCode code) {
  return kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__,
                       kj::heapString(rs::ErrorCodeName(code)));
}

// Runs the core's answer (`out`, a Response frame in the front's staging
// buffer) through `fill`, or turns it into the exception it stands for.
template <typename Fill>
kj::Promise<void> Answer(Front& front, const rs::Output& out, Fill&& fill) {
  const uint8_t* frame = front.staging();
  if (out.pending || out.length < rs::kFrameHeaderBytes) return Denied(rs::ErrorCode::kUnavailable);
  uint32_t len = uint32_t(frame[0]) | uint32_t(frame[1]) << 8 | uint32_t(frame[2]) << 16 |
                 uint32_t(frame[3]) << 24;
  if (len != out.length - rs::kFrameHeaderBytes) return Denied(rs::ErrorCode::kUnavailable);
  kj::Maybe<kj::Exception> denied;
  caprt::DecodeResult d =
      caprt::Decode<Response>(frame + rs::kFrameHeaderBytes, len, [&](Response::Reader r) {
        if (r.isDenied()) {
          denied = Denied(static_cast<rs::ErrorCode>(r.getDenied().getCode()));
        } else {
          fill(r);
        }
      });
  // The core wrote it: a frame that does not decode is our bug, not the
  // peer's, and the peer learns only that the call failed.
  if (!d.ok()) return Denied(rs::ErrorCode::kUnavailable);
  KJ_IF_MAYBE (e, denied) {
    return kj::mv(*e);
  }
  return kj::READY_NOW;
}

}  // namespace

kj::Promise<void> GatewayImpl::authMethods(AuthMethodsContext context) {
  Front& front = connection_.front();
  rs::Request& request = front.scratch();
  request = rs::Request();
  request.kind = rs::RequestKind::kAuthMethods;
  rs::Output out = connection_.core().HandleRequest(request, front.port().NowMs(), front.staging(),
                                                    Front::kStagingBytes);
  return Answer(front, out, [&](Response::Reader r) {
    if (r.isAuthMethods()) context.getResults().setMethods(r.getAuthMethods());
  });
}

}  // namespace rpc_gateway
