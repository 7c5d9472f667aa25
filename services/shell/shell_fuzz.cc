// libFuzzer target over the shell core's input path: keys, resizes and
// ticks at arbitrary terminal sizes, with a Port that answers every request
// from a fixed set of canned Response messages (hostile text in every
// field, a wrong request id, garbage, a cut message, transport errors).
// The output is read by the test screen model after every step:
//   - no sequence the model does not know reaches it (hostile escapes in
//     answers never get through: their OSC and DSR forms would show here);
//   - one step writes a bounded amount;
//   - the line being edited stays clean UTF-8.
//
// Input: [cols u8][rows u8][model u8] then steps:
//   op 0x00-0x7F: feed the next (op & 0x3F) + 1 bytes as one input
//   op 0x80-0x9F: resize to 1 + next % 200 columns, 1 + next % 60 rows
//   op 0xA0-0xFF: tick
// Each request takes one more byte for which answer it gets.
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <memory>
#include <vector>

#include "libcaprt/capnp_glue.h"
#include "schema/remote_session.capnp.h"
#include "services/lib/shell/utf8.h"
#include "services/lib/shell/vt_screen.h"
#include "services/shell/shell_session.h"

namespace {

namespace s = capos::schema;

constexpr const char* kHostile =
    "x\x1b]0;pwn\x07y\x1b[5n\x9b"
    "2J\xff\r\nz\x1b[2J";
constexpr size_t kMaxStepOutput = 1 << 20;

void Check(bool ok) {
  if (!ok) abort();
}

struct Cursor {
  const uint8_t* data;
  size_t size;
  size_t at = 0;
  uint8_t Next() { return at < size ? data[at++] : 0; }
  bool empty() const { return at >= size; }
};

void Fill(s::Response::Builder r, uint8_t kind, uint64_t seq) {
  switch (kind % 11) {
    case 0: {
      auto v = r.initSessionInfo();
      v.setPrincipal(kHostile);
      v.setProfile(kHostile);
      return;
    }
    case 1: {
      auto list = r.initCapSet(3);
      const char* names[] = {"adventure", "paperclips", kHostile};
      for (uint32_t i = 0; i < 3; ++i) {
        list[i].setName(names[i]);
        list[i].setInterfaceName(kHostile);
        list[i].setPolicy("read-write");
        auto d = list[i].initDescriptors(2);
        d[0].setName("go");
        d[0].setSummary(kHostile);
        auto p = d[0].initParams(1);
        p[0].setName("direction");
        p[0].setType(s::ParamType::ENUM);
        auto values = p[0].initValues(3);
        values.set(0, "north");
        values.set(1, kHostile);
        values.set(2, "n\xc3\xa9");
        d[1].setName(kHostile);
      }
      return;
    }
    case 2:
      r.initCallResult().setText(kHostile);
      return;
    case 3: {
      auto m = r.initCallResult().initChatMessages();
      auto list = m.initMessages(2);
      list[0].setSeq(seq);
      list[0].setFrom(kHostile);
      list[0].setText(kHostile);
      list[1].setSeq(seq + 1);
      list[1].setText(kHostile);
      m.setLatestSeq(seq + 1);
      return;
    }
    case 4: {
      auto v = r.initCallResult().initPaperclips();
      v.setOutcome(seq % 2 ? "ok" : kHostile);
      v.setMessage(kHostile);
      v.setClips(~0ull);
      v.setPriceCents(seq % 1002);
      auto p = v.initProjects(2);
      p[0].setId(kHostile);
      p[1].setTitle(kHostile);
      v.initCommands(1)[0].setReason(kHostile);
      return;
    }
    case 5: {
      auto v = r.initCallResult().initAdventure();
      v.setOutcome(kHostile);
      v.setRoom(kHostile);
      v.initExits(1).set(0, kHostile);
      v.initHeard(1)[0].setText(kHostile);
      return;
    }
    case 6: {
      auto list = r.initTranscript(70);
      for (uint32_t i = 0; i < 70; ++i) {
        list[i].setSeq(i);
        list[i].setKind(kHostile);
        list[i].setDetail(kHostile);
      }
      return;
    }
    case 7: {
      auto list = r.initServiceCatalog(1);
      list[0].setName("paperclips");
      list[0].setDescription(kHostile);
      auto g = list[0].initGrants(1);
      g[0].setName("paperclips");
      g[0].setHolder(s::GrantHolder::CLIENT_FACET);
      return;
    }
    case 8: {
      auto st = r.initServiceState();
      st.setProfile(kHostile);
      st.initExports(1)[0].setCapName(kHostile);
      return;
    }
    case 9: {
      auto d = r.initDenied();
      d.setCode(s::ErrorCode(seq % 14));
      d.setMessage(kHostile);
      d.setLaunch(s::LaunchDenial(seq % 13));
      return;
    }
    default: {
      auto j = r.initCallResult().initChatJoined();
      j.setYou(kHostile);
      return;
    }
  }
}

class FuzzPort final : public shell_app::Port {
 public:
  explicit FuzzPort(Cursor* in) : in_(in) {}
  shell_app::PortStatus Request(const uint8_t* req, size_t len, bool, uint8_t* resp, size_t cap,
                                size_t* resp_len) override {
    uint32_t id = 0;
    caprt::Decode<s::Request>(req, len, [&](s::Request::Reader r) { id = r.getRequestId(); });
    const uint8_t kind = in_->empty() ? uint8_t(++seq_) : in_->Next();
    ++seq_;
    if (kind >= 0xF8) return shell_app::PortStatus::kError;
    if (kind == 0xF7) return shell_app::PortStatus::kGone;
    if (kind >= 0xF0) {  // garbage: the next few input bytes
      size_t n = kind & 7;
      for (size_t i = 0; i < n && i < cap; ++i) resp[i] = in_->Next();
      *resp_len = n;
      return shell_app::PortStatus::kOk;
    }
    capnp::MallocMessageBuilder b;
    auto r = b.initRoot<s::Response>();
    r.setRequestId(kind >= 0xE0 ? id + 1 : id);  // 0xE0-0xEF: someone else's answer
    Fill(r, kind, seq_);
    caprt::EncodeResult e = caprt::EncodeMessage(b, resp, cap);
    Check(e.error == abi::Error::kOk);
    *resp_len = e.length;
    if (kind >= 0xD0 && kind < 0xE0) *resp_len = e.length / 2;  // cut short
    return shell_app::PortStatus::kOk;
  }

 private:
  Cursor* in_;
  uint64_t seq_ = 0;
};

class FuzzSink final : public shell_app::Sink {
 public:
  void Write(const char* data, size_t size) override {
    written += size;
    Check(written <= kMaxStepOutput);
    screen->Write(data, size);
    Check(screen->unknown().empty());
  }
  std::unique_ptr<shell::test::VtScreen> screen;
  size_t written = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  Cursor in{data, size};
  uint16_t cols = 1 + in.Next() % 200, rows = 1 + in.Next() % 60;
  const shell::ResizeModel model =
      in.Next() & 1 ? shell::ResizeModel::kReflow : shell::ResizeModel::kKeepRows;
  FuzzPort port(&in);
  FuzzSink sink;
  sink.screen = std::make_unique<shell::test::VtScreen>(cols, rows);
  shell_app::ShellSession::Options options;
  options.resize_model = model;
  auto shell = std::make_unique<shell_app::ShellSession>(&port, &sink, options);
  shell->Start(cols, rows);
  while (!in.empty() && !shell->done()) {
    sink.written = 0;
    const uint8_t op = in.Next();
    if (op < 0x80) {
      uint8_t keys[64];
      size_t n = (op & 0x3F) + 1;
      for (size_t i = 0; i < n; ++i) keys[i] = in.Next();
      shell->Input(keys, n, cols, rows, false);
    } else if (op < 0xA0) {
      cols = 1 + in.Next() % 200;
      rows = 1 + in.Next() % 60;
      sink.screen->Resize(cols, model);
      shell->Input(nullptr, 0, cols, rows, true);
    } else {
      shell->Tick();
    }
    const shell::TextRef line = shell->editor().line();
    Check(line.size <= shell::kMaxLineBytes);
    Check(shell::IsCleanText(line.data, line.size));
  }
  return 0;
}
