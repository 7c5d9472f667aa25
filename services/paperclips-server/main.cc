// paperclips-server: the Paperclips game (README.md) served on the
// `paperclips` endpoint owner facet. Games are keyed by the caller-session
// reference in each RECV header. The server owns the clock: between calls
// it waits at most until the next tick and then advances every game, so
// games run whether or not anybody calls.
#include "kernel-abi/abi.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/ipc.h"
#include "services/paperclips-server/paperclips_clock.h"
#include "services/paperclips-server/paperclips_codec.h"

namespace {

constexpr uint64_t kTickNs = uint64_t{paperclips::kTickMs} * 1000 * 1000;
// Ten minutes of ticks at most per reading (README.md "Clock").
constexpr uint64_t kMaxCatchUpTicks = 10 * 60 * 1000 / paperclips::kTickMs;

paperclips::Table table;
caprt::Console console;
caprt::Server server;  // large: static

void Serve(void*, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
           caprt::Answer* answer) {
  paperclips::HandleResult r = paperclips::HandleRecv(table, *in.header, in.params, out, out_cap);
  if (r.log[0] != '\0') console.Printf("%s\n", r.log);
  answer->status = r.error;
  answer->len = r.error == abi::Error::kOk ? static_cast<uint32_t>(r.length) : 0;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  caprt::Result<caprt::Timer> timer = caprt::Timer::Find();
  caprt::Result<caprt::Cap> owner = caprt::FindCap("paperclips", paperclips::kInterfaceId);
  if (!timer.ok() || !owner.ok()) {
    console.Write("paperclips-server: missing timer or paperclips grant\n");
    return 1;
  }
  static_assert(caprt::Server::kBufferBytes >= paperclips::kMinResultBytes);
  server.Add(owner.value(), Serve, nullptr);
  paperclips::TickClock clock(kTickNs, kMaxCatchUpTicks);
  caprt::Result<uint64_t> now = timer.value().Now();
  if (!now.ok()) {
    console.Printf("paperclips-server: timer: %s\n", caprt::ErrorName(now.error()));
    return 1;
  }
  clock.Start(now.value());
  console.Write("paperclips-server: serving\n");
  abi::Error e = abi::Error::kOk;
  for (;;) {
    now = timer.value().Now();
    if (!now.ok()) {
      e = now.error();
      break;
    }
    table.Advance(clock.Take(now.value()));
    e = server.Step(clock.WaitNs(now.value()));
    if (e != abi::Error::kOk && e != abi::Error::kTimedOut) break;
  }
  console.Printf("paperclips-server: stopped: %s\n", caprt::ErrorName(e));
  return 1;
}
