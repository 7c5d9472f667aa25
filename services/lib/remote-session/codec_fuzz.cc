// libFuzzer target over the DTO decoder and the session core: the input is
// a sequence of frame payloads handed to one Session (backed by the
// in-process double). Every answer must be a Response frame the official
// reader accepts, and the export must pass the forbidden-marker scan.
//
// Input: repeated [len u16 LE][payload bytes]. A payload starting with 0xA5
// is replaced by a well-formed request built from its next bytes, so short
// runs reach authenticated states (login, calls, logout).
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

#include "schema/remote_session.capnp.h"
#include "services/lib/remote-session/fake_backend.h"
#include "services/lib/remote-session/session.h"

namespace {

using namespace remote_session;
namespace s = capos::schema;

void Check(bool ok) {
  if (!ok) abort();
}

std::vector<uint8_t> Build(const uint8_t* p, size_t n) {
  capnp::MallocMessageBuilder b;
  auto r = b.initRoot<s::Request>();
  uint8_t op = n > 0 ? p[0] : 0, arg = n > 1 ? p[1] : 0;
  const char* caps[] = {"session", "system_info", "chat", "nope"};
  const uint64_t ifaces[] = {FakeBackend::kOperatorIface, FakeBackend::kSystemIface,
                             FakeBackend::kChatIface, 1};
  switch (op % 8) {
    case 0:
      r.initLogin().initPassword().setPrincipal("operator"),
          r.getLogin().getPassword().setPassword(arg & 1 ? "opensesame" : "bad");
      break;
    case 1:
      r.initLogin().setGuest();
      break;
    case 2:
      r.setLogout();
      break;
    case 3:
      r.setCapSetList();
      break;
    case 4:
      r.setExportTranscript();
      break;
    default: {
      auto c = r.initCall();
      c.setCapName(caps[arg % 4]);
      c.setInterfaceId(ifaces[(arg >> 2) % 4]);
      switch ((arg >> 4) % 6) {
        case 0:
          c.setSessionInfo();
          break;
        case 1:
          c.setSystemMotd();
          break;
        case 2:
          c.setChatJoin();
          break;
        case 3:
          c.setChatSend("hi");
          break;
        case 4:
          c.setChatWho();
          break;
        default:
          c.setChatPoll(arg);
          break;
      }
    }
  }
  auto flat = capnp::messageToFlatArray(b);
  return std::vector<uint8_t>(flat.asBytes().begin(), flat.asBytes().end());
}

void CheckResponse(const uint8_t* out, const Output& o) {
  if (o.length == 0) return;
  uint32_t n = 0;
  memcpy(&n, out, 4);
  Check(n + 4 == o.length && n % 8 == 0);
  std::vector<capnp::word> words(n / 8);
  memcpy(words.data(), out + 4, n);
  capnp::FlatArrayMessageReader reader(kj::ArrayPtr<const capnp::word>(words.data(), words.size()));
  auto r = reader.getRoot<s::Response>();
  if (r.which() == s::Response::TRANSCRIPT) {
    RedactionContext ctx;
    ctx.secrets[0] = "opensesame";
    for (auto e : r.getTranscript()) {
      Check(!FindForbidden(e.getDetail().cStr(), e.getDetail().size(), &ctx).found);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::vector<uint8_t> out(kMaxResponseFrameBytes);
  FakeBackend backend;
  LoginRegistry logins(2);
  Counter holders(4);
  {
    Session session(backend, SharedBounds{&logins, &holders}, ConnectionInfo{});
    size_t i = 0;
    uint64_t now = 0;
    while (i + 2 <= size) {
      size_t len = data[i] | size_t(data[i + 1]) << 8;
      i += 2;
      if (len > size - i) len = size - i;
      std::vector<uint8_t> payload;
      if (len > 0 && data[i] == 0xA5) {
        payload = Build(data + i + 1, len - 1);
      } else {
        payload.assign(data + i, data + i + len);
      }
      i += len;
      Output o = session.HandleFrame(payload.data(), payload.size(), ++now, out.data(), out.size());
      CheckResponse(out.data(), o);
      if (o.close) break;
    }
  }
  Check(backend.live_sessions == 0 && holders.used() == 0 && logins.Count("operator") == 0);
  return 0;
}
