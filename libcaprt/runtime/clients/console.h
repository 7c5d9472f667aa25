// Typed client for the kernel Console cap (schema/kernel.capnp Console).
#pragma once

#include <stddef.h>

#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace caprt {

class Console {
 public:
  // The Console cap granted as `name`: kNotFound / kWrongInterface.
  static Result<Console> Find(const char* name = "console");

  Console() = default;
  explicit Console(const Cap& cap) : cap_(cap) {}
  const Cap& cap() const { return cap_; }

  // Console.write(text). Text longer than one call allows is split; the
  // first failing call's error is returned (e.g. kNoMemory building params).
  Status Write(const char* text, size_t len);
  Status Write(const char* text);
  // printf-like; one line is at most 1 KiB (longer output is truncated). No
  // newline is added.
  Status Printf(const char* fmt, ...) __attribute__((format(printf, 2, 3)));

 private:
  Cap cap_;
};

}  // namespace caprt
