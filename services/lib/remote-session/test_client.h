// Host-test helper: drives a Session with real request frames and reads the
// response frames back with Debian's libcapnp.
#pragma once

#include <capnp/message.h>
#include <capnp/serialize.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "schema/remote_session.capnp.h"
#include "services/lib/remote-session/fake_backend.h"
#include "services/lib/remote-session/session.h"

namespace remote_session {

using RS = capos::schema::Request;
using ErrCode = capos::schema::ErrorCode;

// Predictable "random" bytes for the front end's tickets and nonces: each
// Mint differs from the last.
struct CountingTickets : ResumeTickets {
  uint8_t next = 1;
  bool Mint(uint8_t* out) override {
    for (size_t i = 0; i < kResumeTicketBytes; ++i) out[i] = uint8_t(next + i);
    ++next;
    return true;
  }
};

class TestClient {
 public:
  explicit TestClient(Session& s) : session_(s) {}

  // Sends one request built by `fill`; keeps the response for Get().
  capos::schema::Response::Reader Send(const std::function<void(RS::Builder)>& fill);
  capos::schema::Response::Reader SendBytes(const std::vector<uint8_t>& payload);

  capos::schema::Response::Reader Login(const char* user, const char* password,
                                        const char* profile = "");
  capos::schema::Response::Reader Guest();
  capos::schema::Response::Reader Call(const char* cap, uint64_t iface,
                                       const std::function<void(capos::schema::Call::Builder)>& f);

  // The Denial code, or -1 if the response is not a denial.
  static int Code(capos::schema::Response::Reader r);

  Output last;
  uint64_t now_ms = 1000;
  std::vector<uint8_t> out = std::vector<uint8_t>(kMaxResponseFrameBytes);
  std::string last_text;  // everything in the last response, flattened (for marker scans)

  // Reads the response frame currently in `out`.
  capos::schema::Response::Reader Parse();

 private:
  Session& session_;
  uint32_t next_id_ = 1;
  std::unique_ptr<capnp::FlatArrayMessageReader> reader_;
  kj::Array<capnp::word> words_;
};

}  // namespace remote_session
