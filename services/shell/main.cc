// shell: the capability-native shell, one per terminal (README.md). Its one
// cap is `host` (ShellHost, schema/terminal.capnp): the front end hosting
// the terminal answers it, and runs the shell's requests through the
// session's own core. The loop: input (a long poll that doubles as the
// tick) -> the core -> output in ShellHost.maxOutputBytes chunks, with the
// core's requests run through ShellHost.request on the way.
#include <capnp/message.h>
#include <string.h>

#include "kernel-abi/abi.h"
#include "layout/terminal.capnp.layout.h"
#include "libcaprt/capnp_glue.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/terminal.capnp.h"
#include "services/shell/shell_session.h"

namespace {

namespace s = capos::schema;
namespace L = capos::layout;

// The tick: how long input waits when nothing happens.
constexpr uint32_t kWaitMs = 1000;
constexpr size_t kMaxInputBytes = s::ShellHost::MAX_INPUT_BYTES;
constexpr size_t kMaxOutputBytes = s::ShellHost::MAX_OUTPUT_BYTES;
static_assert(kWaitMs <= s::ShellHost::MAX_WAIT_MS);
// Message framing around the Data fields (root pointer, struct, list
// header), with room to spare.
constexpr size_t kFraming = 256;
// Consecutive input failures (not disconnected) before the shell gives up.
constexpr int kMaxInputFailures = 3;

caprt::Cap host;
bool gone = false;  // a ShellHost call answered disconnected: exit 0

// Big buffers are static: the stack is 128 KiB (abi::kStackPages).
alignas(16) uint8_t params[shell_app::kMaxRequestBytes + kFraming];
alignas(16) uint8_t reply[shell_app::kMinResultBytes + kFraming];
uint8_t input_bytes[kMaxInputBytes];

abi::Error Call(uint16_t method, size_t len, uint32_t* reply_len) {
  caprt::Result<caprt::Reply> r =
      caprt::CallWith(host, method, params, uint32_t(len), reply, sizeof(reply));
  if (!r.ok()) {
    if (r.error() == abi::Error::kDisconnected) gone = true;
    return r.error();
  }
  *reply_len = r.value().len;
  return abi::Error::kOk;
}

size_t Encode(capnp::MessageBuilder& b) {
  caprt::EncodeResult e = caprt::EncodeMessage(b, params, sizeof(params));
  return e.error == abi::Error::kOk ? e.length : 0;
}

class HostSink final : public shell_app::Sink {
 public:
  void Write(const char* data, size_t size) override {
    for (size_t at = 0; at < size && !gone;) {
      const size_t n = size - at < kMaxOutputBytes ? size - at : kMaxOutputBytes;
      capnp::MallocMessageBuilder b(kMaxOutputBytes / 8 + 16);
      b.initRoot<s::ShellHost::OutputParams>().setBytes(
          capnp::Data::Reader(reinterpret_cast<const uint8_t*>(data + at), n));
      uint32_t len = 0;
      // Blocks while the owner lags (the terminal's flow control). Another
      // error loses this chunk; the next one may still get through.
      Call(L::ShellHost::kOutput, Encode(b), &len);
      at += n;
    }
  }
};

class HostPort final : public shell_app::Port {
 public:
  shell_app::PortStatus Request(const uint8_t* req, size_t len, bool quiet, uint8_t* resp,
                                size_t cap, size_t* resp_len) override {
    // quiet: a background poll, kept out of the session's transcript.
    capnp::MallocMessageBuilder b(len / 8 + 16);
    auto params = b.initRoot<s::ShellHost::RequestParams>();
    params.setRequest(capnp::Data::Reader(req, len));
    params.setQuiet(quiet);
    const size_t n = Encode(b);
    uint32_t reply_len = 0;
    if (n == 0) return shell_app::PortStatus::kError;
    if (Call(L::ShellHost::kRequest, n, &reply_len) != abi::Error::kOk) {
      return gone ? shell_app::PortStatus::kGone : shell_app::PortStatus::kError;
    }
    bool fits = false;
    caprt::DecodeResult d = caprt::Decode<s::ShellHost::RequestResults>(
        reply, reply_len, [&](s::ShellHost::RequestResults::Reader r) {
          capnp::Data::Reader data = r.getResponse();
          fits = data.size() <= cap;
          if (!fits) return;
          memcpy(resp, data.begin(), data.size());
          *resp_len = data.size();
        });
    return d.ok() && fits ? shell_app::PortStatus::kOk : shell_app::PortStatus::kError;
  }
};

struct Input {
  size_t size = 0;
  uint16_t cols = 0, rows = 0;
  bool resized = false, closing = false;
};

abi::Error ReadInput(uint32_t wait_ms, Input* in) {
  capnp::MallocMessageBuilder b(16);
  b.initRoot<s::ShellHost::InputParams>().setWaitMs(wait_ms);
  uint32_t len = 0;
  abi::Error e = Call(L::ShellHost::kInput, Encode(b), &len);
  if (e != abi::Error::kOk) return e;
  bool ok = false;
  caprt::DecodeResult d = caprt::Decode<s::ShellHost::InputResults>(
      reply, len, [&](s::ShellHost::InputResults::Reader r) {
        capnp::Data::Reader bytes = r.getBytes();
        ok = bytes.size() <= sizeof(input_bytes);
        if (!ok) return;
        memcpy(input_bytes, bytes.begin(), bytes.size());
        *in = Input{bytes.size(), r.getCols(), r.getRows(), r.getResized(), r.getClosing()};
      });
  return d.ok() && ok ? abi::Error::kOk : abi::Error::kMalformedMessage;
}

HostSink sink;
HostPort port;
shell_app::ShellSession session(&port, &sink);  // large: static

}  // namespace

int main() {
  caprt::Result<caprt::Cap> h = caprt::FindCap("host", L::ShellHost::kId);
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!h.ok()) {
    // Started by init from a manifest entry (which is what puts the binary
    // into the boot package): no terminal to serve.
    if (console.ok()) console.value().Write("shell: no host grant; standby copy exits\n");
    return 0;
  }
  host = h.value();
  if (console.ok()) console.value().Write("shell: started\n");
  Input in;
  // The first input call only learns the size (and any early keys).
  if (ReadInput(0, &in) != abi::Error::kOk) return gone ? 0 : 1;
  if (in.closing) return 0;
  session.Start(in.cols, in.rows);
  int failures = 0;
  for (bool first = true; !session.done() && !gone; first = false) {
    if (!first) {
      abi::Error e = ReadInput(kWaitMs, &in);
      if (gone) break;
      if (e != abi::Error::kOk) {
        if (++failures == kMaxInputFailures) return 2;
        continue;
      }
      failures = 0;
    }
    if (in.closing) break;
    if (in.size > 0 || in.resized) {
      session.Input(input_bytes, in.size, in.cols, in.rows, in.resized);
    } else if (!first) {
      session.Tick();
    }
  }
  caprt::Release(host);
  return 0;
}
