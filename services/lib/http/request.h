// The result of reading one HTTP/1.1 request: a plain, fixed-size value with
// no pointers into the connection's buffers, so a service can keep it while
// it reads more bytes. Only the headers a web UI acts on are kept; the rest
// are syntax-checked and counted, then dropped.
#ifndef SERVICES_LIB_HTTP_REQUEST_H_
#define SERVICES_LIB_HTTP_REQUEST_H_

#include <stddef.h>
#include <stdint.h>

namespace http {

// Capacities in bytes. Limits (request_reader.h) may lower, never raise them.
inline constexpr size_t kMaxTarget = 8 * 1024;
inline constexpr size_t kMaxBody = 64 * 1024;

// Why a request was refused; StatusFor() gives the response status.
enum class Error : uint8_t {
  kNone,
  kMalformed,        // 400: syntax http-parser rejects, or a truncated request
  kBadHeader,        // 400: a kept header twice, or Content-Length unusable
  kTargetTooLong,    // 414
  kHeadersTooLarge,  // 431: too many headers, too many bytes, a kept one too long
  kBodyTooLarge,     // 413: announced before any body byte is read
  kChunkedBody,      // 411: any Transfer-Encoding; bodies need Content-Length
  kVersion,          // 505: not HTTP/1.x
};
uint16_t StatusFor(Error e);
const char* ErrorName(Error e);

enum class Method : uint8_t { kOther, kGet, kHead, kPost, kPut, kDelete, kOptions, kPatch };

// A byte range (not NUL-terminated) inside a Field or the Request.
struct Span {
  const char* data = nullptr;
  size_t len = 0;
  bool Equals(const char* s) const;
  bool EqualsIgnoreCase(const char* s) const;
};

// A kept header value (or the target): bounded copy, NUL-terminated.
template <size_t N>
struct Field {
  char data[N + 1] = {};
  size_t len = 0;
  bool present = false;
  static constexpr size_t kCapacity = N;
  Span span() const { return Span{data, len}; }
};

struct Request {
  Method method = Method::kOther;
  const char* method_name = "";  // static string from http-parser
  uint8_t version_major = 0, version_minor = 0;
  Field<kMaxTarget> target;  // as sent: origin-form "/p?q" or absolute-form
  Span path;                 // into target; no query, no fragment
  Span query;                // into target; without the '?'

  Field<256> host;
  Field<256> origin;
  Field<4096> cookie;
  Field<128> content_type;
  Field<32> content_length_text;
  Field<64> sec_websocket_key;
  Field<16> sec_websocket_version;
  Field<64> upgrade;
  Field<128> connection;
  Field<128> csrf_token;     // X-CSRF-Token
  Field<128> if_none_match;  // a bundle file's ETag, for 304

  bool has_content_length = false;
  uint64_t content_length = 0;
  bool keep_alive = false;         // http-parser's verdict for this message
  bool upgrade_requested = false;  // Upgrade + Connection: upgrade; payload follows
  size_t header_count = 0;
  size_t header_bytes = 0;  // names and values, all headers

  size_t body_len = 0;
  char body[kMaxBody];  // the first body_len bytes are valid
};

}  // namespace http

#endif  // SERVICES_LIB_HTTP_REQUEST_H_
