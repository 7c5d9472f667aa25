#include "tools/remote-session-client/terminal_link.h"

#include "tools/remote-session-client/client.h"

namespace rsclient {
namespace {

namespace rs = capos::schema;

int io_code(IoStatus st) {
  switch (st) {
    case IoStatus::kOk:
      return kExitOk;
    case IoStatus::kTimeout:
      return kExitTimeout;
    case IoStatus::kBadFrame:
      return kExitProtocol;
    default:
      return kExitConnection;
  }
}

}  // namespace

rs::Call::Builder TerminalLink::terminal_call(capnp::MallocMessageBuilder* msg) {
  auto call = msg->initRoot<rs::Request>().initCall();
  call.setCapName(kTerminalCap);
  call.setInterfaceId(kTerminalIface);
  return call;
}

bool TerminalLink::send(capnp::MallocMessageBuilder& msg, uint32_t* id, Failure* fail) {
  *id = next_id_++;
  msg.getRoot<rs::Request>().setRequestId(*id);
  std::string frame;
  if (encode_frame(msg, &frame) != FrameError::kNone) {
    *fail = {kExitProtocol, "request too large for one frame"};
    return false;
  }
  IoResult io = conn_->send(frame);
  std::fill(frame.begin(), frame.end(), '\0');  // a sessionResume holds the ticket
  if (io.status != IoStatus::kOk) {
    *fail = {io_code(io.status), io.message};
    return false;
  }
  return true;
}

bool TerminalLink::receive(Reply* out, uint32_t timeout_ms, Failure* fail) {
  std::string payload;
  IoResult io = conn_->receive(&payload, timeout_ms);
  if (io.status == IoStatus::kTimeout && timeout_ms == 0) {
    *fail = {};
    return false;
  }
  if (io.status != IoStatus::kOk) {
    *fail = {io_code(io.status), io.message};
    return false;
  }
  auto msg = std::make_unique<capnp::MallocMessageBuilder>();
  const FrameError fe = decode_response(payload, msg.get());
  if (fe != FrameError::kNone) {
    *fail = {kExitProtocol, std::string("protocol error: ") + frame_error_name(fe)};
    return false;
  }
  *out = std::move(msg);
  return true;
}

bool TerminalLink::await(uint32_t id, Reply* out, Failure* fail) {
  if (!receive(out, timeout_ms_, fail)) return false;
  auto r = (*out)->getRoot<rs::Response>().asReader();
  if (r.getRequestId() == id) return true;
  if (r.getRequestId() == 0 && r.isDenied())
    return true;  // the gateway speaking for the connection
  *fail = {kExitProtocol, "protocol error: response to request " +
                              std::to_string(r.getRequestId()) + " that is not outstanding"};
  return false;
}

std::string reply_problem(rs::Response::Reader r) {
  if (r.isDenied()) {
    return std::string("denied: ") +
           error_code_name(static_cast<uint16_t>(r.getDenied().getCode()));
  }
  if (!r.isCallResult() || !r.getCallResult().isTerminal()) return "unexpected response";
  return "ok";
}

}  // namespace rsclient
