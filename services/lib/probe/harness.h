// The PASS/FAIL harness every in-guest probe uses, so a check line and the
// closing summary look the same in every probe and scenarios can demand an
// exact count (a probe that silently skips a check then fails its scenario).
//
//   PASS <check>
//   FAIL <check>: <why>
//   <probe>: all <n> checks passed, 0 failed        (Finish, none failed)
//   <probe>: <f> of <n> checks failed, <p> passed   (Finish, some failed)
#pragma once

#include <stdarg.h>

#include "libcaprt/runtime/clients/console.h"

namespace harness {

class Harness {
 public:
  Harness() = default;
  // `name` must outlive the harness (a string literal in practice).
  Harness(caprt::Console out, const char* name) : out_(out), name_(name) {}

  caprt::Console& out() { return out_; }
  int passed() const { return passed_; }
  int failed() const { return failed_; }

  void Pass(const char* check);
  void Fail(const char* check, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
  // PASS if `ok`, else FAIL with the formatted reason; returns `ok` so a
  // caller can skip work that depends on the check.
  bool Check(const char* check, bool ok, const char* fmt, ...)
      __attribute__((format(printf, 4, 5)));

  // Prints the summary line; returns the process exit status (0 iff no
  // check failed and at least one ran: zero checks proves nothing).
  int Finish();

 private:
  void VFail(const char* check, const char* fmt, va_list ap);

  caprt::Console out_;
  const char* name_ = "probe";
  int passed_ = 0;
  int failed_ = 0;
};

}  // namespace harness
