#include "services/lib/probe/harness.h"

#include <stdio.h>

namespace harness {

void Harness::Pass(const char* check) {
  ++passed_;
  out_.Printf("PASS %s\n", check);
}

void Harness::VFail(const char* check, const char* fmt, va_list ap) {
  ++failed_;
  char why[256];
  vsnprintf(why, sizeof(why), fmt, ap);
  out_.Printf("FAIL %s: %s\n", check, why);
}

void Harness::Fail(const char* check, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  VFail(check, fmt, ap);
  va_end(ap);
}

bool Harness::Check(const char* check, bool ok, const char* fmt, ...) {
  if (ok) {
    Pass(check);
    return true;
  }
  va_list ap;
  va_start(ap, fmt);
  VFail(check, fmt, ap);
  va_end(ap);
  return false;
}

int Harness::Finish() {
  int total = passed_ + failed_;
  if (failed_ == 0 && total > 0) {
    out_.Printf("%s: all %d checks passed, 0 failed\n", name_, passed_);
    return 0;
  }
  out_.Printf("%s: %d of %d checks failed, %d passed\n", name_, failed_, total, passed_);
  return 1;
}

}  // namespace harness
