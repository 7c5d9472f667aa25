// A minimal Linux process entry for the freestanding self-test: lets the
// guest libraries (caprt_libc, capnp_lite, glue) run on the build machine
// with no C library at all. Only write and exit_group are used.
#include <caprt/libc.h>
#include <stddef.h>
#include <string.h>

extern "C" int caprt_selftest_main();

namespace {

long Syscall3(long nr, long a, long b, long c) {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return ret;
}

void WriteStderr(const char* data, size_t len) {
  Syscall3(1, 2, reinterpret_cast<long>(data), len);
}

[[noreturn]] void ExitGroup(int status) {
  for (;;) Syscall3(231, status, 0, 0);
}

alignas(16) unsigned char g_heap[8 << 20];

}  // namespace

extern "C" {

extern void (*__init_array_start[])();
extern void (*__init_array_end[])();

[[noreturn]] void caprt_abort_hook(const char* why) {
  WriteStderr("selftest: abort: ", 17);
  WriteStderr(why, strlen(why));
  WriteStderr("\n", 1);
  ExitGroup(134);
}

[[noreturn]] void caprt_selftest_entry() {
  caprt_heap_init(g_heap, sizeof(g_heap));
  caprt_set_debug_write(WriteStderr);
  for (auto* f = __init_array_start; f != __init_array_end; ++f) (*f)();
  ExitGroup(caprt_selftest_main());
}

}  // extern "C"

// The kernel enters with rsp 16-byte aligned; the call keeps the ABI's
// alignment for the C++ entry.
asm(R"(
  .globl _start
  .type _start, @function
_start:
  xor %ebp, %ebp
  and $-16, %rsp
  call caprt_selftest_entry
  hlt
)");
