#include "services/shell/names.h"

#include <string.h>

namespace shell_app {
namespace {

namespace s = capos::schema;

template <size_t N>
const char* Name(const char* const (&names)[N], uint16_t i) {
  return i < N ? names[i] : "unknown";
}

}  // namespace

const char* ErrorCodeName(s::ErrorCode code) {
  static const char* const kNames[] = {"authDenied",     "disabledAuthMethod", "unknownCap",
                                       "wrongInterface", "methodDenied",       "staleSession",
                                       "boundExceeded",  "malformedRequest",   "notAuthenticated",
                                       "unavailable",    "loginTimeout",       "launchDenied"};
  return Name(kNames, uint16_t(code));
}

const char* LaunchDenialName(s::LaunchDenial d) {
  static const char* const kNames[] = {"none",         "unknownProfile", "disallowedBinary",
                                       "missingGrant", "wrongInterface", "unexpectedGrant",
                                       "staleSession", "notPermitted",   "sessionQuota",
                                       "systemQuota",  "spawnFailed",    "notRunning"};
  return Name(kNames, uint16_t(d));
}

const char* ServiceStateName(s::ServiceState st) {
  static const char* const kNames[] = {"notRunning", "starting", "running", "stopping"};
  return Name(kNames, uint16_t(st));
}

size_t FormatUint(uint64_t v, char* buf) {
  char tmp[20];
  size_t n = 0;
  do {
    tmp[n++] = char('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (size_t i = 0; i < n; ++i) buf[i] = tmp[n - 1 - i];
  buf[n] = 0;
  return n;
}

size_t FormatMoney(uint64_t cents, char* buf) {
  buf[0] = '$';
  size_t n = 1 + FormatUint(cents / 100, buf + 1);
  buf[n++] = '.';
  buf[n++] = char('0' + cents % 100 / 10);
  buf[n++] = char('0' + cents % 10);
  buf[n] = 0;
  return n;
}

LineBuf& LineBuf::Add(const char* s, size_t n) {
  if (n > sizeof(buf_) - len_) n = sizeof(buf_) - len_;
  memcpy(buf_ + len_, s, n);
  len_ += n;
  return *this;
}

LineBuf& LineBuf::Add(const char* cstr) {
  return Add(cstr, strlen(cstr));
}

LineBuf& LineBuf::Num(uint64_t v) {
  char b[24];
  return Add(b, FormatUint(v, b));
}

LineBuf& LineBuf::Money(uint64_t cents) {
  char b[24];
  return Add(b, FormatMoney(cents, b));
}

}  // namespace shell_app
