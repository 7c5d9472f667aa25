// libFuzzer target over a TerminalSet: random client, shell and time
// operations against the model in test_driver.h (no byte lost for the
// owner, AnswerOutput only once all was taken, nothing for an ended
// terminal after StopShell, parked reads completed exactly once, forged
// attachments harmless, rings given back).
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "services/lib/terminal-host/test_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int line = terminal_host::test::RunDriver(data, size);
  if (line != 0) {
    fprintf(stderr, "terminal_host driver check failed at line %d\n", line);
    abort();
  }
  return 0;
}
