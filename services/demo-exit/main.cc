// demo-exit: a child whose behaviour is chosen by its process name (read
// from its own CapSet header), so the parent needs no extra grant to steer
// it: "exit-<n>" exits with status n, "fault" writes to address 0 (page
// fault), "hang" blocks until it is killed, "spin" runs a CPU-bound loop
// without a single syscall until it is killed (the preemption proof's
// load). If a Console is granted as "out", it says what it is about to do.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/ring.h"

namespace {

// Parses the decimal after "exit-"; -1 when the name is not of that form.
int ExitStatusFromName(const char* name) {
  if (strncmp(name, "exit-", 5) != 0) return -1;
  const char* p = name + 5;
  if (*p == '\0') return -1;
  int n = 0;
  for (; *p; ++p) {
    if (*p < '0' || *p > '9' || n > 100000) return -1;
    n = n * 10 + (*p - '0');
  }
  return n;
}

}  // namespace

int main() {
  char name[abi::kProcNameMax + 1] = {};
  memcpy(name, caprt::MyCapSet().header().name, abi::kProcNameMax);
  caprt::Result<caprt::Console> out = caprt::Console::Find("out");
  if (strcmp(name, "fault") == 0) {
    if (out.ok()) out.value().Write("faulting on purpose\n");
    *reinterpret_cast<volatile uint64_t*>(uintptr_t(0)) = 1;
    return 100;  // not reached
  }
  if (strcmp(name, "hang") == 0) {
    if (out.ok()) out.value().Write("hanging until killed\n");
    for (;;) caprt::DefaultRing().Enter(1, abi::kWaitForever);
  }
  if (strcmp(name, "spin") == 0) {
    if (out.ok()) out.value().Write("spinning until killed\n");
    // No syscall from here on: only the timer interrupt can take the CPU
    // away from this loop.
    volatile uint64_t n = 0;
    for (;;) n = n + 1;
  }
  int status = ExitStatusFromName(name);
  if (status < 0) status = 99;
  if (out.ok()) out.value().Printf("exiting with %d (grant \"out\" found)\n", status);
  return status;
}
