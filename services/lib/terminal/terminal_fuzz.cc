// libFuzzer target over the output ring and the attach table together.
// The input is a capacity, a follower limit and a sequence of operations;
// test_model.h says what they are and every invariant checked on the way
// (the owner never skipped and receiving exactly the shell's output, the
// producer paused and never dropping, followers skipped with the marker
// and never pausing anyone, an exact resume at the end).
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "services/lib/terminal/test_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int line = terminal::test::RunModel(data, size);
  if (line != 0) {
    fprintf(stderr, "terminal model check failed at test_model.cc:%d\n", line);
    abort();
  }
  return 0;
}
