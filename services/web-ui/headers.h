// The security headers on every web-ui response (API.md): http's common set
// (nosniff, X-Frame-Options DENY, no-referrer, COOP and CORP same-origin)
// plus the web UI's own CSP, stricter than http's default: nothing but the
// bundle's own scripts, styles and images, no inline code, no eval, no
// plugins, no forms, no framing; the page must load all it runs from the
// bundle's files.
//
// Pass one of these as the ResponseWriter's HeaderSet, and to
// http::ErrorResponse, so refusals carry the same set.
#ifndef SERVICES_WEB_UI_HEADERS_H_
#define SERVICES_WEB_UI_HEADERS_H_

#include "services/lib/http/response_writer.h"

namespace web_ui {

inline constexpr char kContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// On an HTTPS port: a browser that met it once refuses plain HTTP to this
// host for a year (RFC 6797; browsers ignore it for an IP address).
inline constexpr char kStrictTransportSecurity[] = "max-age=31536000";

// The process serves HTTPS: every response carries HSTS from now on (one
// port per process, so one setting for all of them).
void SetHsts(bool on);

// Every response: the bundle, /healthz, refusals, the WebSocket refusal.
void SecurityHeaders(http::ResponseWriter& w);
// /api/*: the same plus Cache-Control: no-store (views and tokens must not
// be kept by a cache or the back/forward history).
void ApiSecurityHeaders(http::ResponseWriter& w);

}  // namespace web_ui

#endif  // SERVICES_WEB_UI_HEADERS_H_
