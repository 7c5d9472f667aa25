#include "services/lib/http/response_writer.h"

#include <string.h>

namespace http {

void CommonSecurityHeaders(ResponseWriter& w) {
  w.Header("X-Content-Type-Options", "nosniff");
  w.Header("X-Frame-Options", "DENY");
  w.Header("Referrer-Policy", "no-referrer");
  w.Header("Cross-Origin-Opener-Policy", "same-origin");
  w.Header("Cross-Origin-Resource-Policy", "same-origin");
}

void DefaultSecurityHeaders(ResponseWriter& w) {
  CommonSecurityHeaders(w);
  w.Header("Content-Security-Policy",
           "default-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
           "form-action 'self'; frame-ancestors 'none'");
}

ResponseWriter::ResponseWriter(char* buf, size_t cap, HeaderSet security)
    : buf_(buf), cap_(cap), security_(security) {}

void ResponseWriter::Put(const char* s, size_t n) {
  if (!ok_ || n > cap_ - len_) {
    ok_ = false;
    return;
  }
  memcpy(buf_ + len_, s, n);
  len_ += n;
}

void ResponseWriter::Put(const char* s) {
  Put(s, strlen(s));
}

void ResponseWriter::PutNumber(uint64_t v) {
  char digits[20];
  size_t n = 0;
  do {
    digits[sizeof(digits) - 1 - n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  Put(digits + sizeof(digits) - n, n);
}

bool ResponseWriter::Clean(const char* s) const {
  for (; *s != '\0'; ++s) {
    if (*s == '\r' || *s == '\n') return false;
  }
  return true;
}

void ResponseWriter::Start(uint16_t status) {
  if (started_ || status < 100 || status > 999) {
    ok_ = false;
    return;
  }
  started_ = true;
  Put("HTTP/1.1 ");
  PutNumber(status);
  Put(" ");
  Put(ReasonPhrase(status));
  Put("\r\n");
  if (security_ != nullptr) security_(*this);
}

void ResponseWriter::Header(const char* name, const char* value) {
  // A name is a token: no separators or controls that could end the line.
  bool name_ok =
      *name != '\0' && Clean(name) && strchr(name, ':') == nullptr && strchr(name, ' ') == nullptr;
  if (!started_ || finished_ || !name_ok || !Clean(value)) {
    ok_ = false;
    return;
  }
  Put(name);
  Put(": ");
  Put(value);
  Put("\r\n");
}

void ResponseWriter::Header(const char* name, uint64_t value) {
  char digits[21];
  size_t n = sizeof(digits) - 1;
  digits[n] = '\0';
  do {
    digits[--n] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  Header(name, digits + n);
}

void ResponseWriter::Finish(const void* body, size_t len) {
  Header("Content-Length", static_cast<uint64_t>(len));
  FinishHead();
  if (body != nullptr) Put(static_cast<const char*>(body), len);
}

void ResponseWriter::FinishHead() {
  if (!started_ || finished_) ok_ = false;
  Put("\r\n");
  finished_ = true;
}

const char* ReasonPhrase(uint16_t status) {
  switch (status) {
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 426:
      return "Upgrade Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

size_t ErrorResponse(Error e, char* buf, size_t cap, HeaderSet security) {
  ResponseWriter w(buf, cap, security);
  w.Start(StatusFor(e));
  w.Header("Content-Type", "text/plain; charset=utf-8");
  w.Header("Connection", "close");
  char body[40];
  size_t n = strlen(ErrorName(e));
  memcpy(body, ErrorName(e), n);
  body[n++] = '\n';
  w.Finish(body, n);
  return w.ok() ? w.size() : 0;
}

}  // namespace http
