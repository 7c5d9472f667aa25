// libFuzzer target: the request reader over arbitrary bytes. The first byte
// picks small limits or the defaults and how the input is split into feeds,
// so incremental feeding, pipelining (Reset after each request) and the
// limits are all exercised. Invariants checked: consumption never exceeds
// the input, a completed request's spans lie inside its target and fields
// stay NUL-terminated within capacity, and an error response always fits.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <memory>

#include "services/lib/http/request_reader.h"
#include "services/lib/http/response_writer.h"

namespace {

void Require(bool ok) {
  if (!ok) __builtin_trap();
}

template <size_t N>
void CheckField(const http::Field<N>& f) {
  Require(f.len <= N && f.data[f.len] == '\0');
}

void CheckRequest(const http::Request& q) {
  CheckField(q.target);
  CheckField(q.host);
  CheckField(q.cookie);
  CheckField(q.content_type);
  CheckField(q.csrf_token);
  CheckField(q.if_none_match);
  const char* lo = q.target.data;
  const char* hi = q.target.data + q.target.len;
  Require(q.path.len == 0 || (q.path.data >= lo && q.path.data + q.path.len <= hi));
  Require(q.query.len == 0 || (q.query.data >= lo && q.query.data + q.query.len <= hi));
  Require(q.body_len <= http::kMaxBody);
  Require(!q.has_content_length || q.body_len == q.content_length);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t mode = data[0];
  ++data, --size;
  http::Limits limits;
  if (mode & 1) {
    limits.max_target = 64;
    limits.max_headers = 4;
    limits.max_header_bytes = 128;
    limits.max_body = 32;
  }
  size_t step = (mode >> 1) == 0 ? size : (mode >> 1);  // 1..127 bytes per feed
  auto reader = std::make_unique<http::RequestReader>(limits);
  http::RequestReader& r = *reader;
  const char* p = reinterpret_cast<const char*>(data);
  size_t left = size;
  int requests = 0;
  while (left > 0 && requests < 64) {
    size_t n = left < step ? left : step;
    size_t used = r.Feed(p, n);
    Require(used <= n);
    p += used, left -= used;
    if (r.state() == http::RequestReader::State::kComplete) {
      CheckRequest(r.request());
      r.Reset();
      ++requests;
    } else if (r.state() == http::RequestReader::State::kError) {
      char buf[512];
      Require(http::ErrorResponse(r.error(), buf, sizeof(buf)) > 0);
      break;
    } else {
      Require(used == n);
    }
  }
  r.FeedEof();
  return 0;
}
