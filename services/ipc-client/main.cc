// ipc-client: the session-bound half of ipc-probe's session checks. It is
// spawned bound to a cell the probe minted with classes (3, 2, 1) and
// checks what Echo servers see of it, that it cannot mint, and that once the
// probe logs the cell out (while two of its calls are delivered) it gets
// staleSession with no bytes and no caps. Once logged out it cannot even
// write to its console (every CALL fails staleSession), so it reports the
// later checks through its exit status: bit kBit<check> set = failed.
#include <stdio.h>
#include <string.h>

#include "layout/testing.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/interfaces.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/testing.capnp.h"
#include "services/lib/probe/harness.h"

namespace {

using caprt::Cap;
using caprt::ErrorName;
using E = capos::layout::Echo;
namespace S = capos::schema;

constexpr uint64_t kWaitNs = 10000ull * 1000 * 1000;
caprt::Console out;
// Checks before the logout (they can print); the later ones go into `bits`.
harness::Harness checks;
int bits = 0;  // checks after it (reported in the exit status)
constexpr int kBitBeforeLogout = 1;
constexpr int kBitCtlStale = 2;
constexpr int kBitHoldStale = 4;
constexpr int kBitCallAfterLogout = 8;
alignas(16) uint8_t reply[512];
alignas(16) uint8_t hold_buf[512];

void Check(const char* check, bool ok, const char* why) {
  checks.Check(check, ok, "%s", why);
}

struct Who {
  caprt::Error error = abi::Error::kOk;
  uint64_t session_ref = 0;
  bool disclosed = false;
  uint8_t classes[3] = {};
};

Who Whoami(const Cap& ep) {
  Who w;
  auto r = caprt::CallWith(ep, E::kWhoami, nullptr, 0, reply, sizeof(reply));
  if (!r.ok()) {
    w.error = r.error();
    return w;
  }
  caprt::Status s = caprt::DecodeRoot<S::Echo::WhoamiResults>(
      reply, r.value().len, [&](S::Echo::WhoamiResults::Reader x) {
        w.session_ref = x.getSessionRef();
        w.disclosed = x.getDisclosed();
        w.classes[0] = x.getPrincipalClass();
        w.classes[1] = x.getAuthStrength();
        w.classes[2] = x.getProfileClass();
      });
  w.error = s.error();
  return w;
}

// A CALL naming `iid` whatever interface the cap really has (the kernel
// must refuse a mismatch).
abi::Sqe CallSqe(const Cap& cap, uint64_t iid, uint16_t method, const void* params, uint32_t len,
                 void* result, uint32_t result_cap) {
  abi::Sqe s = caprt::CallSqe(cap, method, params, len, result, result_cap,
                              caprt::DefaultRing().NextUserData());
  s.interface_id = iid;
  return s;
}

void CannotMint(const Cap& echo) {
  // Holding no SessionAuthority, the only way to try is to name its
  // interface on some other cap: the kernel refuses the interface.
  bool none = !caprt::MyCapSet().FindByInterface(caprt::iface::kSessionAuthority).ok();
  abi::Sqe s = CallSqe(echo, caprt::iface::kSessionAuthority, 0, nullptr, 0, reply, 64);
  caprt::Result<abi::Cqe> c = caprt::DefaultRing().SubmitAndWait(s, kWaitNs);
  char why[128];
  caprt::Error e = c.ok() ? caprt::ErrorFromStatus(c.value().status) : c.error();
  snprintf(why, sizeof(why), "no authority in CapSet %d; mint on another cap: %s", none,
           ErrorName(e));
  Check("client-cannot-mint", none && e == abi::Error::kWrongInterface, why);
}

// Submits hold(300 ms) on `echo`, then calls the probe on `ctl`; the probe
// logs the session out before answering, while hold is still delivered.
void ReturnsAfterLogout(const Cap& echo, const Cap& ctl) {
  capnp::MallocMessageBuilder b;
  b.initRoot<S::Echo::HoldParams>().setMs(300);
  alignas(8) static uint8_t params[64];
  caprt::Result<size_t> n = caprt::SerializeTo(b, params, sizeof(params));
  memset(hold_buf, 0xaa, sizeof(hold_buf));
  abi::Sqe hold =
      CallSqe(echo, E::kId, E::kHold, params, n.ok() ? n.value() : 0, hold_buf, sizeof(hold_buf));
  caprt::DefaultRing().Submit(hold);
  auto r = caprt::CallWith(ctl, E::kEcho, nullptr, 0, reply, sizeof(reply));
  if (r.error() != abi::Error::kStaleSession) bits |= kBitCtlStale;
  caprt::Result<abi::Cqe> c = caprt::DefaultRing().Wait(hold.user_data, kWaitNs);
  bool untouched = true;
  for (uint8_t x : hold_buf) untouched &= x == 0xaa;
  caprt::Error e = c.ok() ? caprt::ErrorFromStatus(c.value().status) : c.error();
  if (e != abi::Error::kStaleSession || c.value().result_len != 0 || c.value().aux != 0 ||
      !untouched) {
    bits |= kBitHoldStale;
  }
}

}  // namespace

int main() {
  // Started by init without grants, as a boot-package stand-by (packages
  // carry only manifest services' binaries): nothing to check.
  if (caprt::MyCapSet().count() == 0) return 0;
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 100;
  out = console.value();
  checks = harness::Harness(out, "ipc-client");
  caprt::Result<Cap> echo = caprt::FindCap("echo", E::kId);
  caprt::Result<Cap> plain = caprt::FindCap("plain", E::kId);
  caprt::Result<Cap> ctl = caprt::FindCap("ctl", E::kId);
  if (!echo.ok() || !plain.ok() || !ctl.ok()) {
    out.Write("FAIL client-grants: echo, plain and ctl are required\n");
    return 100;
  }
  char why[160];
  Who d = Whoami(echo.value());
  snprintf(why, sizeof(why), "%s sessionRef %llx disclosed %d classes %u/%u/%u", ErrorName(d.error),
           (unsigned long long)d.session_ref, d.disclosed, d.classes[0], d.classes[1],
           d.classes[2]);
  Check("client-session-disclosed",
        d.error == abi::Error::kOk && d.session_ref != 0 && d.disclosed && d.classes[0] == 3 &&
            d.classes[1] == 2 && d.classes[2] == 1,
        why);
  Who u = Whoami(plain.value());
  snprintf(why, sizeof(why), "%s sessionRef %llx disclosed %d classes %u/%u/%u", ErrorName(u.error),
           (unsigned long long)u.session_ref, u.disclosed, u.classes[0], u.classes[1],
           u.classes[2]);
  Check("client-session-undisclosed",
        u.error == abi::Error::kOk && u.session_ref != 0 && !u.disclosed && u.classes[0] == 0 &&
            u.classes[1] == 0 && u.classes[2] == 0,
        why);
  CannotMint(echo.value());
  out.Printf("ipc-client: %d failures before logout; calling hold and ctl\n", checks.failed());
  ReturnsAfterLogout(echo.value(), ctl.value());
  Who after = Whoami(plain.value());
  if (after.error != abi::Error::kStaleSession) bits |= kBitCallAfterLogout;
  // Console.write fails staleSession now too: the probe prints the result.
  if (checks.failed() != 0) bits |= kBitBeforeLogout;
  return bits;
}
