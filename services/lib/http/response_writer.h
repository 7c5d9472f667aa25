// Writes one HTTP/1.1 response into a caller's buffer: status line, the
// security header set, the caller's headers, Content-Length and the body.
// Pure, no allocation. A value containing CR, LF or NUL (response splitting)
// or a buffer that is too small makes ok() false; the caller then sends
// nothing from this buffer (ErrorResponse() into a fresh one, or closes).
#ifndef SERVICES_LIB_HTTP_RESPONSE_WRITER_H_
#define SERVICES_LIB_HTTP_RESPONSE_WRITER_H_

#include <stddef.h>
#include <stdint.h>

#include "services/lib/http/request.h"

namespace http {

class ResponseWriter;

// Writes headers every response carries. The default set suits a
// same-origin web UI; a service may pass a stricter one, never a per-request
// one (it is fixed when the writer is built).
using HeaderSet = void (*)(ResponseWriter& w);
void DefaultSecurityHeaders(ResponseWriter& w);
// The default set without its Content-Security-Policy, for a set that
// brings its own CSP (services/web-ui/headers.h) and must not send two.
void CommonSecurityHeaders(ResponseWriter& w);

class ResponseWriter {
 public:
  ResponseWriter(char* buf, size_t cap, HeaderSet security = &DefaultSecurityHeaders);

  // Status line, then the security header set. Call once, first.
  void Start(uint16_t status);
  void Header(const char* name, const char* value);
  void Header(const char* name, uint64_t value);
  // Content-Length, the blank line and the body. For HEAD, pass the length
  // and a null body: the head says how long the body would be.
  void Finish(const void* body, size_t len);
  // The blank line only (101 Switching Protocols, 204, 304).
  void FinishHead();

  bool ok() const { return ok_ && finished_; }
  size_t size() const { return len_; }
  const char* data() const { return buf_; }

 private:
  void Put(const char* s, size_t n);
  void Put(const char* s);
  void PutNumber(uint64_t v);
  bool Clean(const char* s) const;

  char* buf_;
  size_t cap_;
  size_t len_ = 0;
  HeaderSet security_;
  bool ok_ = true;
  bool started_ = false;
  bool finished_ = false;
};

// "Not Found" for 404 and so on; "Unknown" for codes not listed.
const char* ReasonPhrase(uint16_t status);

// The response to a refused request: its status, the security header set,
// a short text body naming the error, Connection: close. Returns the
// length, 0 if cap is too small.
size_t ErrorResponse(Error e, char* buf, size_t cap, HeaderSet security = &DefaultSecurityHeaders);

}  // namespace http

#endif  // SERVICES_LIB_HTTP_RESPONSE_WRITER_H_
