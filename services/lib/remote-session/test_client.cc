#include "services/lib/remote-session/test_client.h"

#include <capnp/pretty-print.h>
#include <string.h>

namespace remote_session {

capos::schema::Response::Reader TestClient::Parse() {
  uint32_t n = 0;
  memcpy(&n, out.data(), 4);
  words_ = kj::heapArray<capnp::word>(n / sizeof(capnp::word) + 1);
  memcpy(words_.begin(), out.data() + 4, n);
  reader_ = std::make_unique<capnp::FlatArrayMessageReader>(
      kj::ArrayPtr<const capnp::word>(words_.begin(), n / sizeof(capnp::word)));
  auto r = reader_->getRoot<capos::schema::Response>();
  last_text = capnp::prettyPrint(r).flatten().cStr();
  return r;
}

capos::schema::Response::Reader TestClient::SendBytes(const std::vector<uint8_t>& payload) {
  last = session_.HandleFrame(payload.data(), payload.size(), now_ms, out.data(), out.size());
  if (last.length == 0) return capos::schema::Response::Reader();
  return Parse();
}

capos::schema::Response::Reader TestClient::Send(const std::function<void(RS::Builder)>& fill) {
  capnp::MallocMessageBuilder b;
  auto req = b.initRoot<RS>();
  req.setRequestId(next_id_++);
  fill(req);
  auto flat = capnp::messageToFlatArray(b);
  auto bytes = flat.asBytes();
  return SendBytes(std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

capos::schema::Response::Reader TestClient::Login(const char* user, const char* password,
                                                  const char* profile) {
  return Send([&](RS::Builder r) {
    auto l = r.initLogin();
    l.setRequestedProfile(profile);
    auto p = l.initPassword();
    p.setPrincipal(user);
    p.setPassword(password);
  });
}

capos::schema::Response::Reader TestClient::Guest() {
  return Send([](RS::Builder r) { r.initLogin().setGuest(); });
}

capos::schema::Response::Reader TestClient::Call(
    const char* cap, uint64_t iface, const std::function<void(capos::schema::Call::Builder)>& f) {
  return Send([&](RS::Builder r) {
    auto c = r.initCall();
    c.setCapName(cap);
    c.setInterfaceId(iface);
    f(c);
  });
}

int TestClient::Code(capos::schema::Response::Reader r) {
  if (r.which() != capos::schema::Response::DENIED) return -1;
  return static_cast<int>(r.getDenied().getCode());
}

}  // namespace remote_session
