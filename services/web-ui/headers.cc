#include "services/web-ui/headers.h"

namespace web_ui {

void SecurityHeaders(http::ResponseWriter& w) {
  http::CommonSecurityHeaders(w);
  w.Header("Content-Security-Policy", kContentSecurityPolicy);
}

void ApiSecurityHeaders(http::ResponseWriter& w) {
  SecurityHeaders(w);
  w.Header("Cache-Control", "no-store");
}

}  // namespace web_ui
