#include "services/rpc-gateway/dto.h"

#include "libcaprt/capnp_glue.h"
#include "services/lib/remote-session/frame_reader.h"

namespace rpc_gateway {

namespace rs = remote_session;

kj::Exception DeniedException(rs::ErrorCode code) {
  return kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__,
                       kj::heapString(rs::ErrorCodeName(code)));
}

bool DecodeAnswer(const CoreAnswer& a,
                  kj::FunctionParam<void(capos::schema::Response::Reader)> read) {
  const kj::byte* frame = a.frame.begin();
  if (a.frame.size() < rs::kFrameHeaderBytes) return false;
  uint32_t len = uint32_t(frame[0]) | uint32_t(frame[1]) << 8 | uint32_t(frame[2]) << 16 |
                 uint32_t(frame[3]) << 24;
  if (len != a.frame.size() - rs::kFrameHeaderBytes) return false;
  caprt::DecodeResult d = caprt::Decode<capos::schema::Response>(
      frame + rs::kFrameHeaderBytes, len, [&](capos::schema::Response::Reader r) { read(r); });
  return d.ok();
}

}  // namespace rpc_gateway
