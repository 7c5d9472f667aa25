// COM1, polled. The serial line is the kernel's log and the services'
// console; the test runner reads it.
#pragma once

#include <stddef.h>

namespace serial {
void init();
void write(const char* s, size_t n);
}  // namespace serial
