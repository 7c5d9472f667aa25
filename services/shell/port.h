// What the shell core needs from outside, as two small interfaces, so the
// same core runs in the guest (over its one ShellHost cap, main.cc) and in
// host tests (over a real remote_session::Session and a screen model).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace shell_app {

enum class PortStatus : uint8_t {
  kOk,     // *resp_len bytes of a Response message are in resp
  kError,  // this request failed in transport (printed; the shell goes on)
  kGone,   // the session or terminal is gone for good: the shell exits
};

// Runs one remote_session Request message (unframed) through the session's
// own core and returns its Response message. Synchronous: the shell is a
// sequential process, and a command blocks it as a command blocks any
// shell. `quiet` marks a background request (chat polls, the Paperclips
// view's redraws) that should not fill the session's transcript; the wire
// Request has no such field, so a Port passes it on if it can.
class Port {
 public:
  virtual PortStatus Request(const uint8_t* req, size_t len, bool quiet, uint8_t* resp, size_t cap,
                             size_t* resp_len) = 0;

 protected:
  ~Port() = default;
};

// Where terminal output goes (ShellHost.output in the guest). Called with
// whatever the core has buffered; the sink splits it as its transport
// needs. May block (the terminal's flow control): nothing is dropped.
class Sink {
 public:
  virtual void Write(const char* data, size_t size) = 0;

 protected:
  ~Sink() = default;
};

}  // namespace shell_app
