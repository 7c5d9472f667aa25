// Finds one member's value in a JSON object text that this service rendered
// itself (web_api::RenderResponseJson): /api/hello and the pushes embed a
// part of a rendered Response (its authMethods list, its session view, a
// call's chat messages) without rendering it twice. Not for browser input:
// it assumes well-formed JSON and only skips strings and nesting correctly.
#pragma once

#include <stddef.h>

namespace web_ui {

struct JsonSpan {
  const char* data = nullptr;
  size_t len = 0;
};

// The value of `key` among the members of the top-level object in
// json[0, len) (nested objects are not searched). False if there is none.
bool FindMember(const char* json, size_t len, const char* key, JsonSpan* value);

// The same one level down: json.outer.inner.
bool FindMember2(const char* json, size_t len, const char* outer, const char* inner,
                 JsonSpan* value);

}  // namespace web_ui
