// The guest builds of services/lib/http and services/lib/json, with
// http-parser and cJSON compiled freestanding over libcaprt's libc, run on
// the build machine through libcaprt's Linux-syscall _start (see
// libcaprt/libc/selftest). It proves that the guest libraries link with no
// other C library, and checks what differs from the host build: number
// printing (libcaprt's sprintf %g and sscanf %lg under cJSON) and the heap.
#include <caprt/libc.h>
#include <stdio.h>
#include <string.h>

#include "services/lib/http/request_reader.h"
#include "services/lib/http/response_writer.h"
#include "services/lib/json/json_body.h"

namespace {

int g_passed = 0;
int g_failed = 0;

void Check(bool ok, const char* what) {
  if (ok) {
    ++g_passed;
  } else {
    ++g_failed;
    printf("FAIL: %s\n", what);
  }
}

http::RequestReader g_reader;  // ~80 KiB: static, as a service would hold it

void Http() {
  const char req[] =
      "POST /api/echo?x=1 HTTP/1.1\r\nHost: guest\r\nContent-Type: application/json\r\n"
      "Content-Length: 9\r\n\r\n{\"n\":0.1}GET /next";
  size_t used = 0;
  for (size_t i = 0;
       i < sizeof(req) - 1 && g_reader.state() == http::RequestReader::State::kNeedMore; ++i) {
    used += g_reader.Feed(req + i, 1);
  }
  const http::Request& q = g_reader.request();
  Check(g_reader.state() == http::RequestReader::State::kComplete, "http: request complete");
  Check(used == sizeof(req) - 1 - strlen("GET /next"), "http: stops after one request");
  Check(q.path.Equals("/api/echo") && q.query.Equals("x=1"), "http: path and query");
  Check(q.body_len == 9 && memcmp(q.body, "{\"n\":0.1}", 9) == 0, "http: body");

  char out[1024];
  http::ResponseWriter w(out, sizeof(out));
  w.Start(200);
  w.Finish("ok", 2);
  Check(w.ok() && memcmp(out, "HTTP/1.1 200 OK\r\n", 17) == 0, "http: response");
  Check(http::ErrorResponse(http::Error::kHeadersTooLarge, out, sizeof(out)) > 0 &&
            memcmp(out, "HTTP/1.1 431 ", 13) == 0,
        "http: error response");
}

// Parses text and checks that cJSON prints it back as `want`, which is what
// the host build (glibc) prints.
void PrintsAsOnHost(const char* text, const char* want, const char* what) {
  json::Document d;
  Check(d.Parse(text, strlen(text)) == json::Error::kNone, what);
  char* printed = d.root() != nullptr ? cJSON_PrintUnformatted(d.root()) : nullptr;
  Check(printed != nullptr && strcmp(printed, want) == 0, what);
  if (printed != nullptr && strcmp(printed, want) != 0) printf("  printed %s\n", printed);
  cJSON_free(printed);
}

// cJSON prints with "%1.15g", re-reads that with "%lg" and uses "%1.17g" when
// the two differ by more than DBL_EPSILON (relative): libcaprt's sprintf and
// sscanf must make the same choices as glibc. (cJSON's tolerance is its own:
// 0.30000000000000004 prints as 0.3 on the host too.)
void JsonNumbers() {
  PrintsAsOnHost("[1,0.5,0.1,-3e-07,42,123456789012,1e+300,2.5e-300,-0]",
                 "[1,0.5,0.1,-3e-07,42,123456789012,1e+300,2.5e-300,-0]", "json: short numbers");
  PrintsAsOnHost(
      "[3.141592653589793,0.30000000000000004,1.7976931348623157e308,5e-324,"
      "2.2250738585072014e-308,123.456,1e21,0.000001]",
      "[3.1415926535897931,0.3,1.79769313486232e+308,4.94065645841247e-324,"
      "2.2250738585072014e-308,123.456,1e+21,1e-06]",
      "json: 17-digit and extreme numbers");
}

void JsonLimits() {
  size_t heap_before = caprt_heap_used();
  {
    json::Document d;
    Check(d.Parse("{\"a\":\"b\"}", 9) == json::Error::kNone, "json: object");
    char buf[4];
    Check(json::GetString(d.root(), "a", buf, sizeof(buf)) && strcmp(buf, "b") == 0,
          "json: GetString");
    Check(d.Parse("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 34) == json::Error::kTooDeep,
          "json: depth");
  }
  Check(caprt_heap_used() == heap_before && json::LiveBytes() == 0, "json: heap returns");
}

}  // namespace

extern "C" int caprt_selftest_main() {
  Http();
  JsonNumbers();
  JsonLimits();
  printf("web_deps_guest_selftest: %d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
