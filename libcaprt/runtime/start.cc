// C++ side of process start-up: check the pages the kernel set up, bring up
// the heap and the log, run constructors, call main(), exit with its status.
#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/log.h"
#include "libcaprt/runtime/ring.h"
#include "libcaprt/runtime/syscall.h"

// Provided by caprt_libc.
extern "C" void caprt_heap_init(void* base, size_t size);
extern "C" void caprt_set_debug_write(void (*write)(const char*, size_t));

// Provided by the linker script.
extern "C" void (*__init_array_start[])();
extern "C" void (*__init_array_end[])();

int main();

namespace {

constexpr int kAbiMismatchStatus = 127;
constexpr int kAbortStatus = 134;

void DebugWrite(const char* text, size_t len) {
  caprt::LogWrite(text, len);
}

}  // namespace

extern "C" [[noreturn]] void caprt_start() {
  caprt::Ring& ring = caprt::DefaultRing();
  auto* header = reinterpret_cast<abi::RingHeader*>(abi::kRingVa);
  caprt::Status ring_ok = ring.Attach(header, &caprt::CapEnter);
  caprt::CapSetView caps = caprt::MyCapSet();
  caprt::Status caps_ok = caps.Validate();
  if (!ring_ok.ok() || !caps_ok.ok()) {
    // Speak only through structures whose magic is right: a wrong magic means
    // the layout itself may differ, and guessing could write anywhere.
    if (!ring_ok.ok() && header->magic == abi::kRingMagic && header->sq_offset == abi::kSqOffset &&
        header->sq_entries == abi::kSqEntries && header->cq_offset == abi::kCqOffset &&
        header->cq_entries == abi::kCqEntries) {
      ring.AttachUnchecked(header, &caprt::CapEnter);
    }
    if (ring.attached() && caps.header().magic == abi::kCapSetMagic && caprt::BindLogConsole()) {
      caprt::Log("abi mismatch: runtime v%u, ring v%u, capset v%u; exiting",
                 static_cast<unsigned>(abi::kAbiVersion), header->abi_version,
                 caps.header().abi_version);
    }
    caprt::Exit(kAbiMismatchStatus);
  }

  caprt::BindLogConsole();
  const abi::CapSetHeader& h = caps.header();
  caprt_heap_init(reinterpret_cast<void*>(h.heap_va), h.heap_size);
  caprt_set_debug_write(&DebugWrite);

  for (void (**ctor)() = __init_array_start; ctor != __init_array_end; ++ctor) (*ctor)();

  caprt::Exit(main());
}

extern "C" [[noreturn]] void caprt_abort_hook(const char* why) {
  caprt::Log("abort: %s", why != nullptr ? why : "(no reason)");
  caprt::Exit(kAbortStatus);
}
