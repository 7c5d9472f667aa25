#include "libcaprt/runtime/log.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/console_raw.h"
#include "libcaprt/runtime/interfaces.h"

namespace caprt {
namespace {

constinit Cap g_console;
constinit bool g_have_console = false;

void VLog(const char* prefix, const char* fmt, va_list ap) {
  char line[1024];
  int n = snprintf(line, sizeof(line), "%s", prefix);
  if (n < 0) n = 0;
  int m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
  if (m < 0) m = 0;
  size_t len = static_cast<size_t>(n) + static_cast<size_t>(m);
  if (len > sizeof(line) - 2) len = sizeof(line) - 2;  // truncated by vsnprintf
  line[len++] = '\n';
  LogWrite(line, len);
}

}  // namespace

bool BindLogConsole() {
  Result<Cap> cap = FindCap("console", iface::kConsole);
  if (!cap.ok()) cap = MyCapSet().FindByInterface(iface::kConsole);
  if (!cap.ok()) return false;
  g_console = cap.value();
  g_have_console = true;
  return true;
}

Status ConsoleWriteRaw(const Cap& console, const char* text, size_t len) {
  uint64_t msg[ConsoleWriteParamsSize(kConsoleChunkMax) / 8];
  while (len > 0) {
    size_t chunk = len > kConsoleChunkMax ? kConsoleChunkMax : len;
    size_t n = EncodeConsoleWrite(text, chunk, msg, sizeof(msg));
    Result<uint32_t> r =
        Call(console, iface::kConsoleWrite, msg, static_cast<uint32_t>(n), nullptr, 0);
    if (!r.ok()) return r.error();
    text += chunk;
    len -= chunk;
  }
  return Status();
}

void LogWrite(const char* text, size_t len) {
  if (g_have_console) ConsoleWriteRaw(g_console, text, len);
}

void Log(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  VLog("", fmt, ap);
  va_end(ap);
}

void Panic(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  VLog("panic: ", fmt, ap);
  va_end(ap);
  Exit(134);
}

}  // namespace caprt
