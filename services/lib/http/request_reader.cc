#include "services/lib/http/request_reader.h"

#include <limits.h>
#include <string.h>

namespace http {

namespace {

// The longest head http-parser itself accepts (request line + headers), a
// backstop behind the per-field limits below. The setting is process-wide in
// http-parser 2.9.4, so it is one constant for every reader.
constexpr uint32_t kParserHeadCeiling = kMaxTarget + 32 * 1024;

Method MethodFrom(unsigned m) {
  switch (m) {
    case HTTP_GET:
      return Method::kGet;
    case HTTP_HEAD:
      return Method::kHead;
    case HTTP_POST:
      return Method::kPost;
    case HTTP_PUT:
      return Method::kPut;
    case HTTP_DELETE:
      return Method::kDelete;
    case HTTP_OPTIONS:
      return Method::kOptions;
    case HTTP_PATCH:
      return Method::kPatch;
    default:
      return Method::kOther;
  }
}

template <size_t N>
void Clear(Field<N>& f) {
  f.len = 0;
  f.present = false;
  f.data[0] = '\0';
}

size_t Clamp(size_t want, size_t cap) {
  return want < cap ? want : cap;
}

}  // namespace

// http-parser calls plain C functions; each recovers its reader from data.
struct ParserCallbacks {
  static RequestReader* R(http_parser* p) { return static_cast<RequestReader*>(p->data); }
  static int Url(http_parser* p, const char* at, size_t n) { return R(p)->OnUrl(at, n); }
  static int Field(http_parser* p, const char* at, size_t n) { return R(p)->OnHeaderField(at, n); }
  static int Value(http_parser* p, const char* at, size_t n) { return R(p)->OnHeaderValue(at, n); }
  static int HeadersComplete(http_parser* p) { return R(p)->OnHeadersComplete(); }
  static int Body(http_parser* p, const char* at, size_t n) { return R(p)->OnBody(at, n); }
  static int MessageComplete(http_parser* p) { return R(p)->OnMessageComplete(); }
  static const http_parser_settings kSettings;
};

const http_parser_settings ParserCallbacks::kSettings = {
    nullptr,                  // on_message_begin
    &ParserCallbacks::Url,    // on_url
    nullptr,                  // on_status (responses only)
    &ParserCallbacks::Field,  // on_header_field
    &ParserCallbacks::Value,  // on_header_value
    &ParserCallbacks::HeadersComplete,
    &ParserCallbacks::Body,
    &ParserCallbacks::MessageComplete,
    nullptr,  // on_chunk_header: chunked bodies are refused before any chunk
    nullptr,  // on_chunk_complete
};

RequestReader::RequestReader(const Limits& limits) : limits_(limits) {
  limits_.max_target = Clamp(limits_.max_target, kMaxTarget);
  limits_.max_body = Clamp(limits_.max_body, kMaxBody);
  http_parser_set_max_header_size(kParserHeadCeiling);
  Reset();
}

void RequestReader::Reset() {
  http_parser_init(&parser_, HTTP_REQUEST);
  parser_.data = this;
  state_ = State::kNeedMore;
  error_ = Error::kNone;
  bytes_seen_ = 0;
  name_len_ = 0;
  name_too_long_ = in_value_ = value_started_ = saw_transfer_encoding_ = false;
  value_dst_ = nullptr;
  // Field by field: the body buffer is large and only body_len of it counts.
  Request& r = request_;
  r.method = Method::kOther;
  r.method_name = "";
  r.version_major = r.version_minor = 0;
  r.path = r.query = Span{};
  Clear(r.target), Clear(r.host), Clear(r.origin), Clear(r.cookie), Clear(r.content_type);
  Clear(r.content_length_text), Clear(r.sec_websocket_key), Clear(r.sec_websocket_version);
  Clear(r.upgrade), Clear(r.connection), Clear(r.csrf_token), Clear(r.if_none_match);
  r.has_content_length = r.keep_alive = r.upgrade_requested = false;
  r.content_length = 0;
  r.header_count = r.header_bytes = r.body_len = 0;
}

size_t RequestReader::Feed(const char* data, size_t len) {
  if (state_ != State::kNeedMore || len == 0) return 0;
  size_t n = http_parser_execute(&parser_, &ParserCallbacks::kSettings, data, len);
  bytes_seen_ += n;
  if (state_ == State::kComplete) return n;  // paused after one message
  if (state_ == State::kError) return n;     // a callback refused it
  enum http_errno e = HTTP_PARSER_ERRNO(&parser_);
  if (e == HPE_OK) return n;
  if (e == HPE_HEADER_OVERFLOW) {
    Fail(Error::kHeadersTooLarge);
  } else if (e == HPE_UNEXPECTED_CONTENT_LENGTH) {
    Fail(saw_transfer_encoding_ ? Error::kChunkedBody : Error::kBadHeader);
  } else if (e == HPE_INVALID_CONTENT_LENGTH) {
    Fail(Error::kBadHeader);
  } else {
    Fail(Error::kMalformed);
  }
  return n;
}

void RequestReader::FeedEof() {
  if (state_ == State::kNeedMore && bytes_seen_ > 0) Fail(Error::kMalformed);
}

int RequestReader::Fail(Error e) {
  state_ = State::kError;
  error_ = e;
  return -1;  // any nonzero value makes http-parser stop with an error
}

int RequestReader::OnUrl(const char* at, size_t len) {
  Field<kMaxTarget>& t = request_.target;
  if (len > limits_.max_target - t.len) return Fail(Error::kTargetTooLong);
  memcpy(t.data + t.len, at, len);
  t.len += len;
  t.data[t.len] = '\0';
  t.present = true;
  return 0;
}

}  // namespace http

namespace http {

namespace {

bool NameIs(const char* name, size_t len, const char* want) {
  return Span{name, len}.EqualsIgnoreCase(want);
}

// Where a kept header's value goes.
struct Slot {
  char* data = nullptr;
  size_t* len = nullptr;
  bool* present = nullptr;
  size_t cap = 0;
};

template <size_t N>
Slot SlotOf(Field<N>& f) {
  return Slot{f.data, &f.len, &f.present, N};
}

Slot Select(Request& r, const char* name, size_t len) {
  if (NameIs(name, len, "host")) return SlotOf(r.host);
  if (NameIs(name, len, "origin")) return SlotOf(r.origin);
  if (NameIs(name, len, "cookie")) return SlotOf(r.cookie);
  if (NameIs(name, len, "content-type")) return SlotOf(r.content_type);
  if (NameIs(name, len, "content-length")) return SlotOf(r.content_length_text);
  if (NameIs(name, len, "sec-websocket-key")) return SlotOf(r.sec_websocket_key);
  if (NameIs(name, len, "sec-websocket-version")) return SlotOf(r.sec_websocket_version);
  if (NameIs(name, len, "upgrade")) return SlotOf(r.upgrade);
  if (NameIs(name, len, "connection")) return SlotOf(r.connection);
  if (NameIs(name, len, "x-csrf-token")) return SlotOf(r.csrf_token);
  if (NameIs(name, len, "if-none-match")) return SlotOf(r.if_none_match);
  return Slot{};
}

}  // namespace

int RequestReader::CountHeaderBytes(size_t len) {
  request_.header_bytes += len;
  if (request_.header_bytes > limits_.max_header_bytes) return Fail(Error::kHeadersTooLarge);
  return 0;
}

int RequestReader::OnHeaderField(const char* at, size_t len) {
  if (in_value_ || request_.header_count == 0) {
    if (in_value_ && EndHeader() != 0) return -1;
    if (++request_.header_count > limits_.max_headers) return Fail(Error::kHeadersTooLarge);
    in_value_ = false;
  }
  if (CountHeaderBytes(len) != 0) return -1;
  if (len > sizeof(name_) - name_len_) {
    name_too_long_ = true;  // longer than every kept name: never kept
  } else {
    memcpy(name_ + name_len_, at, len);
    name_len_ += len;
  }
  return 0;
}

// The name is complete: decide where the value goes. Every kept header may
// appear once; two Host or Content-Length headers are a smuggling shape.
int RequestReader::StartValue() {
  value_started_ = true;
  in_value_ = true;
  value_dst_ = nullptr;
  if (name_too_long_) return 0;
  if (NameIs(name_, name_len_, "transfer-encoding")) saw_transfer_encoding_ = true;
  Slot s = Select(request_, name_, name_len_);
  if (s.data == nullptr) return 0;
  if (*s.present) return Fail(Error::kBadHeader);
  *s.present = true;
  value_dst_ = s.data;
  value_len_ = s.len;
  value_cap_ = s.cap;
  return 0;
}

int RequestReader::OnHeaderValue(const char* at, size_t len) {
  if (!value_started_ && StartValue() != 0) return -1;
  if (CountHeaderBytes(len) != 0) return -1;
  if (value_dst_ == nullptr) return 0;
  if (len > value_cap_ - *value_len_) return Fail(Error::kHeadersTooLarge);
  memcpy(value_dst_ + *value_len_, at, len);
  *value_len_ += len;
  value_dst_[*value_len_] = '\0';
  return 0;
}

// Called when the next name starts or the head ends.
int RequestReader::EndHeader() {
  if (!value_started_ && StartValue() != 0) return -1;  // an empty value
  name_len_ = 0;
  name_too_long_ = value_started_ = false;
  value_dst_ = nullptr;
  return 0;
}

int RequestReader::OnHeadersComplete() {
  if (request_.header_count > 0 && EndHeader() != 0) return -1;
  Request& r = request_;
  if (parser_.http_major != 1) return Fail(Error::kVersion);
  // RFC 9112 3.2: a 1.1 request without Host is answered 400.
  if (parser_.http_minor >= 1 && !r.host.present) return Fail(Error::kBadHeader);
  if (saw_transfer_encoding_ || (parser_.flags & F_CHUNKED) != 0) {
    return Fail(Error::kChunkedBody);
  }
  r.version_major = static_cast<uint8_t>(parser_.http_major);
  r.version_minor = static_cast<uint8_t>(parser_.http_minor);
  r.method = MethodFrom(parser_.method);
  r.method_name = http_method_str(static_cast<enum http_method>(parser_.method));
  // http-parser validated the number; ULLONG_MAX means there was none.
  r.has_content_length = r.content_length_text.present;
  if (r.has_content_length) {
    if (parser_.content_length == ULLONG_MAX) return Fail(Error::kBadHeader);
    r.content_length = parser_.content_length;
    if (r.content_length > limits_.max_body) return Fail(Error::kBodyTooLarge);
  }
  struct http_parser_url u;
  http_parser_url_init(&u);
  if (!r.target.present ||
      http_parser_parse_url(r.target.data, r.target.len, parser_.method == HTTP_CONNECT, &u) != 0) {
    return Fail(Error::kMalformed);
  }
  if ((u.field_set & (1 << UF_PATH)) != 0) {
    r.path = Span{r.target.data + u.field_data[UF_PATH].off, u.field_data[UF_PATH].len};
  }
  if ((u.field_set & (1 << UF_QUERY)) != 0) {
    r.query = Span{r.target.data + u.field_data[UF_QUERY].off, u.field_data[UF_QUERY].len};
  }
  return 0;
}

int RequestReader::OnBody(const char* at, size_t len) {
  Request& r = request_;
  if (len > limits_.max_body - r.body_len) return Fail(Error::kBodyTooLarge);
  memcpy(r.body + r.body_len, at, len);
  r.body_len += len;
  return 0;
}

// One message at a time: pausing makes http_parser_execute return right
// after this byte, leaving a pipelined request or upgrade payload unread.
int RequestReader::OnMessageComplete() {
  request_.keep_alive = http_should_keep_alive(&parser_) != 0;
  request_.upgrade_requested = parser_.upgrade != 0;
  state_ = State::kComplete;
  http_parser_pause(&parser_, 1);
  return 0;
}

}  // namespace http
