// chat-probe: a session-bound Chat client driven by authority-probe over a
// private control endpoint (relay_proto.h). It holds only console, timer,
// chat (client facet) and control; it has no identity of its own beyond the
// session the driver bound it to when spawning it.
#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/interfaces.h"
#include "libcaprt/runtime/ipc.h"
#include "services/chat-probe/relay_proto.h"

namespace {

constexpr uint64_t kChatInterfaceId = 0xc5164bef98ecf572ull;
alignas(16) uint8_t report_buf[sizeof(relay::Report) + relay::kMaxPayload];
alignas(16) uint8_t command_buf[sizeof(relay::Command) + relay::kMaxPayload];
alignas(16) uint8_t chat_params[relay::kMaxPayload];

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  caprt::Result<caprt::Timer> timer = caprt::Timer::Find();
  caprt::Result<caprt::Cap> chat = caprt::FindCap("chat", kChatInterfaceId);
  caprt::Result<caprt::Cap> control = caprt::FindCap("control", relay::kControlInterfaceId);
  if (!console.ok() || !timer.ok() || !chat.ok() || !control.ok()) return 2;
  auto* report = reinterpret_cast<relay::Report*>(report_buf);
  *report = relay::Report{0, 0};
  uint32_t calls = 0;
  for (;;) {
    caprt::Result<caprt::Reply> cmd =
        caprt::CallWith(control.value(), 0, report_buf, sizeof(relay::Report) + report->len,
                        command_buf, sizeof(command_buf));
    if (!cmd.ok()) return relay::kExitBase + static_cast<int>(cmd.error());
    if (cmd.value().len < sizeof(relay::Command)) return 3;
    relay::Command c;
    memcpy(&c, command_buf, sizeof(c));
    if (c.op == static_cast<uint16_t>(relay::Op::kExit)) break;
    if (c.len > relay::kMaxPayload || sizeof(c) + c.len > cmd.value().len) return 4;
    memcpy(chat_params, command_buf + sizeof(c), c.len);
    if (c.delay_ms != 0) timer.value().Sleep(uint64_t{c.delay_ms} * 1000000);
    caprt::Result<caprt::Reply> r =
        caprt::CallWith(chat.value(), c.method, chat_params, c.len,
                        report_buf + sizeof(relay::Report), relay::kMaxPayload);
    ++calls;
    report->status = r.ok() ? 0 : -static_cast<int32_t>(r.error());
    report->len = r.ok() ? r.value().len : 0;
  }
  console.value().Printf("chat-probe: relayed %u chat calls\n", calls);
  return 0;
}
