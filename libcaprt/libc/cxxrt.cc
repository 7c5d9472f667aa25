// The C++ ABI pieces a -fno-exceptions -fno-rtti program still references,
// without libsupc++. Anything that would throw ends the process instead.
#include <caprt/libc.h>

#include <exception>

extern "C" {

void* __dso_handle = nullptr;

// Static destructors never run: a service ends by exiting, not by returning.
int __cxa_atexit(void (*)(void*), void*, void*) {
  return 0;
}

void __cxa_pure_virtual() {
  caprt_abort_hook("pure virtual function called");
}
void __cxa_deleted_virtual() {
  caprt_abort_hook("deleted virtual function called");
}

// Local statics in single-threaded code (used only if a file is built with
// thread-safe statics): 0 means "run the initializer".
int __cxa_guard_acquire(unsigned long long* g) {
  return *reinterpret_cast<char*>(g) == 0;
}
void __cxa_guard_release(unsigned long long* g) {
  *reinterpret_cast<char*>(g) = 1;
}
void __cxa_guard_abort(unsigned long long*) {}

}  // extern "C"

namespace std {

// kj's no-exceptions mode asks whether it is unwinding; it never is.
int uncaught_exceptions() noexcept {
  return 0;
}
bool uncaught_exception() noexcept {
  return false;
}
[[noreturn]] void terminate() noexcept {
  caprt_abort_hook("std::terminate() called");
}

namespace {
terminate_handler g_terminate = nullptr;
}  // namespace
terminate_handler set_terminate(terminate_handler h) noexcept {
  terminate_handler old = g_terminate;
  g_terminate = h;
  return old;
}

// libstdc++ containers report misuse through these; with no exceptions they
// must not return.
[[noreturn]] void __throw_bad_alloc() {
  caprt_abort_hook("std::bad_alloc");
}
[[noreturn]] void __throw_bad_array_new_length() {
  caprt_abort_hook("bad array new length");
}
[[noreturn]] void __throw_length_error(const char*) {
  caprt_abort_hook("std::length_error");
}
[[noreturn]] void __throw_out_of_range(const char*) {
  caprt_abort_hook("std::out_of_range");
}
[[noreturn]] void __throw_out_of_range_fmt(const char*, ...) {
  caprt_abort_hook("std::out_of_range");
}
[[noreturn]] void __throw_logic_error(const char*) {
  caprt_abort_hook("std::logic_error");
}
[[noreturn]] void __throw_invalid_argument(const char*) {
  caprt_abort_hook("std::invalid_argument");
}
[[noreturn]] void __throw_bad_function_call() {
  caprt_abort_hook("std::bad_function_call");
}

}  // namespace std
