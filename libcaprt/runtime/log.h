// Process log: text to the console cap the process was granted.
//
// The runtime binds the log at start-up to the cap named "console" (or, failing
// that, the first Console cap in the CapSet). With no console the log is
// silently dropped: a service without a console has nowhere to speak.
// Nothing here allocates, so it is safe from the abort hook.
#pragma once

#include <stddef.h>

#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace caprt {

// Picks the log console from the CapSet; false if there is none.
bool BindLogConsole();

// Console.write of raw bytes on `console`, split into chunks the kernel
// accepts. The kernel prefixes each line with the service name.
Status ConsoleWriteRaw(const Cap& console, const char* text, size_t len);

// Raw bytes to the log console (used as kj's debug-write hook too).
void LogWrite(const char* text, size_t len);

// printf-like line to the log console; a newline is appended. Lines longer
// than 1 KiB are truncated.
void Log(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Logs "panic: <message>" and exits with status 134.
[[noreturn]] void Panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace caprt
