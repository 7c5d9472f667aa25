#include "libcaprt/runtime/clients/console.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/console_raw.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/kernel.capnp.h"

namespace caprt {

Result<Console> Console::Find(const char* name) {
  Result<Cap> cap = FindCap(name, iface::kConsole);
  if (!cap.ok()) return cap.error();
  return Console(cap.value());
}

Status Console::Write(const char* text, size_t len) {
  while (len > 0) {
    size_t chunk = len > kConsoleChunkMax ? kConsoleChunkMax : len;
    // Sized to the line, not the builder's 8 KiB default.
    capnp::MallocMessageBuilder params(chunk / sizeof(capnp::word) + 8);
    params.initRoot<capos::schema::Console::WriteParams>().setText(
        capnp::Text::Reader(text, chunk));
    Result<uint32_t> r = CallMessage(cap_, iface::kConsoleWrite, params, nullptr, 0);
    if (!r.ok()) return r.error();
    text += chunk;
    len -= chunk;
  }
  return Status();
}

Status Console::Write(const char* text) {
  return Write(text, strlen(text));
}

Status Console::Printf(const char* fmt, ...) {
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof(line), fmt, ap);
  va_end(ap);
  if (n < 0) return Error::kBadLength;
  size_t len = static_cast<size_t>(n) < sizeof(line) ? static_cast<size_t>(n) : sizeof(line) - 1;
  return Write(line, len);
}

}  // namespace caprt
