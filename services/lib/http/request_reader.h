// Bounded, incremental HTTP/1.1 request reader over http-parser 2.9.4.
//
// Feed() takes bytes as they arrive (one at a time is fine) and stops at the
// end of one request: the rest of the input (a pipelined request, or the
// first bytes after an Upgrade) is left unconsumed for the caller. Limits are
// checked as bytes arrive, so an oversized request is refused before it is
// buffered, and an announced body larger than the limit before any body byte
// is read. Pure: no allocation, no I/O; host-tested and fuzzed.
//
// Connection handling stays with the caller: after kComplete it answers, then
// either Reset()s for the next request (request().keep_alive) or closes;
// after kError it sends ErrorResponse() (response_writer.h) and closes.
#ifndef SERVICES_LIB_HTTP_REQUEST_READER_H_
#define SERVICES_LIB_HTTP_REQUEST_READER_H_

#include <http_parser.h>
#include <stddef.h>

#include "services/lib/http/request.h"

namespace http {

struct Limits {
  size_t max_target = kMaxTarget;
  size_t max_headers = 64;
  size_t max_header_bytes = 16 * 1024;  // names + values of all headers
  size_t max_body = kMaxBody;
};

class RequestReader {
 public:
  enum class State : uint8_t { kNeedMore, kComplete, kError };

  explicit RequestReader(const Limits& limits = Limits{});
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;

  // Consumes bytes of the current request; returns how many. Fewer than len
  // means the request is complete (or refused) and the rest belongs to what
  // follows. Returns 0 once not kNeedMore.
  size_t Feed(const char* data, size_t len);
  // The peer closed its side: a started request becomes kMalformed. Before
  // any byte it stays kNeedMore (an idle keep-alive connection closing).
  void FeedEof();
  // Ready for the next request on the same connection.
  void Reset();

  State state() const { return state_; }
  Error error() const { return error_; }
  // Valid once state() is kComplete.
  const Request& request() const { return request_; }
  // No byte of the current request has arrived yet.
  bool idle() const { return bytes_seen_ == 0; }

 private:
  friend struct ParserCallbacks;
  int Fail(Error e);
  int OnUrl(const char* at, size_t len);
  int OnHeaderField(const char* at, size_t len);
  int OnHeaderValue(const char* at, size_t len);
  int OnHeadersComplete();
  int OnBody(const char* at, size_t len);
  int OnMessageComplete();
  int EndHeader();
  int StartValue();
  int CountHeaderBytes(size_t len);

  Limits limits_;
  http_parser parser_;
  State state_ = State::kNeedMore;
  Error error_ = Error::kNone;
  size_t bytes_seen_ = 0;
  // The header being read: its name (kept names are short; a longer one is
  // never kept), whether its value has started, and where the value goes.
  char name_[32];
  size_t name_len_ = 0;
  bool name_too_long_ = false;
  bool in_value_ = false;
  bool value_started_ = false;
  bool saw_transfer_encoding_ = false;
  char* value_dst_ = nullptr;  // null: not a kept header
  size_t* value_len_ = nullptr;
  size_t value_cap_ = 0;
  Request request_;
};

}  // namespace http

#endif  // SERVICES_LIB_HTTP_REQUEST_READER_H_
