// Host-test helper shared by terminal_host_fuzz and driver_test: a
// TerminalSet driven by a sequence of operations (clients opening,
// attaching, writing, resizing, reading with and without waiting, losing
// answers, dropping and resuming, forging attachment numbers, closing;
// shells writing, asking for input, exiting, failing to start; time;
// logout), with a model of every client and shell that checks:
//   - the owner is never skipped and what it receives is exactly the
//     shell's output (bytes are a function of their seq, test_bytes.h);
//     at the end a resuming owner drains everything the shell wrote;
//   - AnswerOutput comes only once the ring took every byte of the call,
//     and an unanswered call's bytes are never dropped;
//   - the shell's input answers carry exactly the accepted writes, the
//     resize flag and `closing` only when the terminal ends;
//   - StopShell is the last Effects call naming a terminal, once per
//     terminal; nothing names a terminal after it;
//   - every parked read is completed exactly once (all of them by the end);
//   - a forged attachment answers `detached` and causes no Effects call;
//   - every ring is given back.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace terminal_host::test {

// Runs the operations in `data`: four configuration bytes (ring size,
// grace, followers, parked reads), then [op][arg] pairs. Returns 0 when
// every check held, else the test_driver.cc line of the first that failed.
int RunDriver(const uint8_t* data, size_t size);

}  // namespace terminal_host::test
