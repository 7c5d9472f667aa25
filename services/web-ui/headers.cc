#include "services/web-ui/headers.h"

namespace web_ui {

namespace {

bool hsts = false;

}  // namespace

void SetHsts(bool on) {
  hsts = on;
}

void SecurityHeaders(http::ResponseWriter& w) {
  http::CommonSecurityHeaders(w);
  w.Header("Content-Security-Policy", kContentSecurityPolicy);
  if (hsts) w.Header("Strict-Transport-Security", kStrictTransportSecurity);
}

void ApiSecurityHeaders(http::ResponseWriter& w) {
  SecurityHeaders(w);
  w.Header("Cache-Control", "no-store");
}

}  // namespace web_ui
